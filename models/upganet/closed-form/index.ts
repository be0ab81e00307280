/**
 * UPGANet's objectives and closed-form gradients (paper 002; equations in paper-details §1): composite (engine ops,
 * differentiable to any order) and fused (../shaders/ascent.wgsl). Gradchecks: ./gradchecks.ts (side effect).
 */
export type { JcasProblem, RateGradientVariant, GradientImpl, GradientOptions, RateGradientOptions } from './problem.js';
export { sumRate, radarMismatch } from './objectives.js';
export { ascentF, ascentW, rateGradF, rateGradW, tauGradF, tauGradW, DEFAULT_RATE_GRADIENT_VARIANT } from './gradients.js';
