/**
 * Real activation functions, written to stay finite for any finite input (sigmoid and tanh use e^{−|x|} only).
 * Kernel: shaders/activation/pointwise.wgsl. Softmax is in softmax.ts.
 */
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d, requireDType } from './launch.js';
import { noGrad, attachGrad } from '../autodiff/graph.js';
import { full } from '../tensor/create.js';
import { add, mul, scale, sub } from './elementwise.js';
import { sign } from './unary.js';

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
  // grad = g where x > 0, else 0 (0 at the kink, as PyTorch); the mask relu(sign x) is a constant for autodiff
  return attachGrad('relu', activation('relu', x), [x], (g) => [mul(g, positiveMask(x))]);
}

/** 1 where x > 0, else 0 (not recorded: its derivative is 0 almost everywhere). */
function positiveMask(x: Tensor<'f32'>): Tensor<'f32'> {
  return noGrad(() => relu(sign(x)));
}

/** x for x ≥ 0, slope · x for x < 0. */
export function leakyRelu(x: Tensor<'f32'>, slope = 0.01): Tensor<'f32'> {
  // grad = g where x > 0, slope · g elsewhere (PyTorch): the factor slope + (1 − slope) · [x > 0]
  return attachGrad('leakyRelu', activation('leakyRelu', x, slope), [x], (g) => {
    const factor = noGrad(() => add(scale(positiveMask(x), 1 - slope), full([], slope)));
    return [mul(g, factor)];
  });
}

/** 1 / (1 + e^{−x}), exact to f32 rounding at ±100 (no overflow). */
export function sigmoid(x: Tensor<'f32'>): Tensor<'f32'> {
  // σ′ = σ (1 − σ), from the output
  const out = activation('sigmoid', x);
  return attachGrad('sigmoid', out, [x], (g) => [mul(g, mul(out, sub(full([], 1), out)))]);
}

/** tanh x, ±1 (never NaN) for large |x|. */
export function tanh(x: Tensor<'f32'>): Tensor<'f32'> {
  // tanh′ = 1 − tanh², from the output
  const out = activation('tanh', x);
  return attachGrad('tanh', out, [x], (g) => [mul(g, sub(full([], 1), mul(out, out)))]);
}
