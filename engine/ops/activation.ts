/**
 * Real activation functions, written to stay finite for any finite input (sigmoid and tanh use e^{−|x|} only).
 * Kernel: shaders/activation/pointwise.wgsl. Softmax is in softmax.ts.
 */
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d, requireDType } from './launch.js';

const ACTIVATION_OP = { relu: 0, leakyRelu: 1, sigmoid: 2, tanh: 3 } as const;
type ActivationOp = keyof typeof ACTIVATION_OP;

function activation(op: ActivationOp, x: Tensor<'f32'>, alpha = 0): Tensor<'f32'> {
  requireDType(op, x, 'f32');
  const out = Tensor.empty(x.shape, 'f32', op);
  launch1d('activation/pointwise', x.size, buffersOf(op, { x, out }), { n: x.size, alpha }, { OP: ACTIVATION_OP[op] });
  return out;
}

/** max(x, 0). */
export function relu(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation('relu', x);
}

/** x for x ≥ 0, slope · x for x < 0. */
export function leakyRelu(x: Tensor<'f32'>, slope = 0.01): Tensor<'f32'> {
  return activation('leakyRelu', x, slope);
}

/** 1 / (1 + e^{−x}), exact to f32 rounding at ±100 (no overflow). */
export function sigmoid(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation('sigmoid', x);
}

/** tanh x, ±1 (never NaN) for large |x|. */
export function tanh(x: Tensor<'f32'>): Tensor<'f32'> {
  return activation('tanh', x);
}
