/**
 * Fused closed-form ops: custom ops (engine/autodiff/custom-op.ts) whose forward and backward are single kernels
 * (shaders/fused/), each checked against autodiff of the same function composed from primitives and against finite
 * differences by engine/autodiff/gradcheck-registry.ts (`phasor gradcheck`). Ops tied to a paper's model live beside
 * it (models/<paper>/closed-form/, kernels in models/<paper>/shaders/), on the public API of engine/kernel-op.ts.
 */
export { unitModulusFused } from './unit-modulus.js';
