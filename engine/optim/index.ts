/** Optimizers (fused in-place WGSL updates), learning-rate schedules and gradient clipping. */
export { Optimizer, type NamedParam, type Grads, type OptimizerState, type JsonValue } from './optimizer.js';
export { Adam, AdamW, type AdamOptions } from './adam.js';
export { SGD, type SgdOptions } from './sgd.js';
export { clipGradNorm } from './clip-grad-norm.js';
export { piecewiseConstant, stepDecay, cosineWithWarmup, type LrSchedule } from './schedules.js';
export { OptimizerError } from './errors.js';
