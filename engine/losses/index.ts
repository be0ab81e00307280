/** Losses: binary and categorical cross-entropy, (normalized) mean squared error. All differentiable. */
export { bce, bceWithLogits } from './bce.js';
export { crossEntropy, logSoftmax, type ClassTarget } from './cross-entropy.js';
export { mse, nmse } from './mse.js';
export { reduceLoss, type LossOptions, type Reduction } from './reduction.js';
