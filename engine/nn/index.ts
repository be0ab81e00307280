/** Neural-network layers on the engine's differentiable ops, with PyTorch's layouts, names and defaults. */
export { Module, ModuleError, functionalCall, assignInPlace, type NamedTensor, type LoadStateOptions, type UnaryModule } from './module.js';
export { Linear, ComplexLinear, type LinearOptions } from './linear.js';
export { BatchNorm1d, type BatchNormOptions } from './batch-norm.js';
export { ReLU, LeakyReLU, Sigmoid, Tanh, Identity } from './activation.js';
export { Sequential } from './sequential.js';
export { MLP, mlp, type LayerSpec, type MlpOptions, type ActivationName } from './mlp.js';
export { RNNCell, initialHidden, type RnnCellOptions } from './rnn.js';
export {
  manualSeed,
  getDefaultGenerator,
  fans,
  initVariance,
  initTensor,
  kaimingUniform,
  kaimingNormal,
  xavierUniform,
  xavierNormal,
  uniformInit,
  INIT_KINDS,
  type InitKind,
  type InitOptions,
} from './init.js';
export { setFusion } from './fused-epilogue.js';
