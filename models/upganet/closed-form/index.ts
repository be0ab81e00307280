/**
 * UPGANet's objectives and closed-form gradients (paper 002, "Deep unfolding-empowered mmWave massive MIMO joint communications and sensing"; its extracted text lost the
 * equations, restored from the authors' released code, github nhanng9115/Joint-Communications-and-Sensing-Hybrid-Beamforming-Design-via-Deep-Unfolding): composite (engine ops,
 * differentiable to any order) and fused (../shaders/ascent.wgsl). Gradchecks: ./gradchecks.ts (side effect).
 */
export type { JcasProblem, RateGradientVariant, GradientImpl, GradientOptions, RateGradientOptions } from './problem.js';
export { sumRate, radarMismatch } from './objectives.js';
export { ascentF, ascentW, rateGradF, rateGradW, tauGradF, tauGradW, DEFAULT_RATE_GRADIENT_VARIANT } from './gradients.js';
