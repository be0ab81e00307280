/**
 * Phasor engine: WebGPU runtime, complex tensors and kernels.
 *
 *   import { init, tensor, matmul, shutdown } from './engine/index.js';
 */
export { init, runtime, shutdown, Runtime, grid1d } from './device/runtime.js';
export type { AdapterSummary } from './device/acquire.js';
export type { MemoryStats } from './device/pool.js';
export * from './errors.js';
export { Tensor, type Real, type Complex } from './tensor/tensor.js';
export type { DType } from './tensor/dtype.js';
export type { Shape } from './tensor/shape.js';
export { tidy, keep } from './tensor/scope.js';
export { tensor, complexTensor, full, zeros, ones, scalar } from './tensor/create.js';
export { add, sub, mul, div, complex, scale } from './ops/elementwise.js';
