/**
 * Fused closed-form ops: custom ops (engine/autodiff/custom-op.ts) whose forward and backward are single kernels
 * (shaders/fused/), each checked against autodiff of the same function composed from primitives and against finite
 * differences by engine/autodiff/gradcheck-registry.ts (`phasor gradcheck`).
 */
export { unitModulusFused } from './unit-modulus.js';
export { phaseQuadraticGain } from './phase-quadratic-gain.js';
