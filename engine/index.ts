/**
 * Phasor engine: WebGPU runtime, complex tensors and kernels.
 *
 *   import { init, tensor, matmul, shutdown } from './engine/index.js';
 */
export { init, runtime, shutdown, Runtime, grid1d } from './device/runtime.js';
export { releaseDeviceGarbage, releaseDeviceGarbageIfChurned } from './device/garbage.js';
export type { AdapterSummary } from './device/acquire.js';
export type { MemoryStats } from './device/pool.js';
export * from './errors.js';
export { Tensor, type Real, type Complex } from './tensor/tensor.js';
export type { DType } from './tensor/dtype.js';
export type { Shape } from './tensor/shape.js';
export { tidy, keep } from './tensor/scope.js';
export { tensor, complexTensor, full, zeros, ones, scalar } from './tensor/create.js';
export { add, sub, mul, div, complex, scale } from './ops/elementwise.js';
export { copy, re, im, conj, abs, abs2, angle, neg, exp, sqrt, sign, unitModulus } from './ops/unary.js';
export { relu, leakyRelu, sigmoid, tanh } from './ops/activation.js';
export { softmax } from './ops/softmax.js';
export { sum, mean, max, type ReduceOptions } from './ops/reduce.js';
export { trace, frobeniusNorm } from './ops/linalg-small.js';
export { uniform, normal, complexNormal, philoxBits, Generator, type GeneratorState } from './ops/random.js';
export { slice, sliceAxis, concat, stack, transpose, matrixTranspose } from './ops/layout.js';
export { solve, solveHermitian, pinv, gram } from './ops/solve.js';
// the op registry: one entry per op above (engine/ops/op.ts); importing it installs the ops for the VJP rules
export { OP_REGISTRY, registeredOps, type OpName, type OpAttrs } from './ops/registry.js';
export type { Op, OpSpec, VjpContext, KernelRef, GradKind } from './ops/op.js';
export { attachGrad, noGrad, enableGrad, isGradEnabled, detach, type GradNode } from './autodiff/graph.js';
export { backward, grad, type GradOptions } from './autodiff/backward.js';
export { saveCheckpoint, loadCheckpoint, firstNonFinite, CheckpointError } from './checkpoint/index.js';
export {
  NonFiniteError,
  checkNonFinite,
  enableNonFiniteCheck,
  disableNonFiniteCheck,
  nonFiniteCheckEnabled,
  nonFiniteCheckRequested,
} from './debug/nan-check.js';
export { Optimizer, Adam, AdamW, SGD, clipGradNorm, piecewiseConstant, stepDecay, cosineWithWarmup, type Grads } from './optim/index.js';
export { matmul, planMatmul, type MatOp, type MatmulOptions, type MatmulPlan } from './ops/gemm.js';
export type { GemmTilesOption } from './ops/gemm-tiles.js';
export { defineCustomOp, CustomOpGradError, type CustomOp, type CustomOpDefinition } from './autodiff/custom-op.js';
export { gradcheck, gradgradcheck } from './autodiff/gradcheck.js';
export {
  registerGradcheck,
  runGradcheck,
  listGradchecks,
  getGradcheck,
  gradcheckValues,
  type GradcheckSpec,
  type GradcheckInput,
  type GradcheckResult,
  type InputSummary,
} from './autodiff/gradcheck-registry.js';
export {
  defineKernel,
  dispatchEntry,
  dispatchWorkgroups,
  bindShapes,
  gradOrSpare,
  requireConstant,
  type ShapeBinding,
  type KernelOverrides,
  type KernelParam,
} from './kernel-op.js';
export { unitModulusFused } from './fused/index.js';
export { signSte, roundSte, quantizePhase } from './ops/quantize.js';
export * from './nn/index.js';
export { bce, bceWithLogits, crossEntropy, logSoftmax, mse, nmse, type Reduction, type LossOptions, type ClassTarget } from './losses/index.js';
export { clampedLog } from './losses/pointwise.js';
export {
  saveTrainingState,
  loadTrainingState,
  type SaveTrainingStateOptions,
  type LoadTrainingStateOptions,
  type LoadedTrainingState,
} from './checkpoint/training-state.js';
export {
  compileStep,
  type CompiledStep,
  type CompiledStepStats,
  type CompileStepOptions,
  type StepOutput,
  timeByKernel,
  type DispatchTime,
  type KernelTime,
} from './capture/compile-step.js';
