/**
 * Straight-through estimators (STE): a quantizer in the forward pass, a smooth surrogate's derivative in the backward
 * pass, so that networks with binary feedback (HyperRNN's B-bit CSI feedback, paper 003) or finite-resolution phase
 * shifters (paper 001) can be trained end to end.
 *
 *   signSte(x, a)          forward sign(x) ∈ {−1, 0, +1}; backward g · a · (1 − tanh²(a·x)), the derivative of the
 *                          surrogate tanh(a·x) (a > 0, annealed upwards by the caller: tanh(a·x) → sign(x) as a → ∞)
 *   roundSte(x)            forward round(x) (half to even, as torch.round); backward identity
 *   quantizePhase(φ, B)    forward the nearest point 2πk/2^B of the B-bit phase grid; backward identity
 *
 * The backward rules are written with differentiable ops (second derivatives of the surrogate are available).
 * Kernel: shaders/quantize/round.wgsl (sign is the element-wise op of unary.ts).
 */
import { noGrad, attachGrad } from '../autodiff/graph.js';
import { full } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { mul, scale, sub } from './elementwise.js';
import { tanh } from './activation.js';
import { buffersOf, launch1d, requireDType } from './launch.js';
import { sign } from './unary.js';

/** step · round(x / step), not recorded. */
function roundToGrid(op: string, x: Tensor<'f32'>, step: number): Tensor<'f32'> {
  requireDType(op, x, 'f32');
  const out = Tensor.empty(x.shape, 'f32', op);
  launch1d('quantize/round', x.size, buffersOf(op, { x, out }), { n: x.size, step, inv_step: 1 / step });
  return out;
}

/**
 * sign(x) with the gradient of tanh(a·x): grad_x = g · a · (1 − tanh²(a·x)).
 * @param x real tensor (e.g. the pre-quantization feedback u)
 * @param a surrogate slope a > 0 (HyperRNN anneals it upwards during training)
 */
export function signSte(x: Tensor<'f32'>, a: number): Tensor<'f32'> {
  requireDType('signSte', x, 'f32');
  if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`signSte: slope a must be a finite number > 0; got ${a}`);
  const out = noGrad(() => sign(x));
  return attachGrad('signSte', out, [x], (g) => {
    const t = tanh(scale(x, a));
    return [mul(g, scale(sub(full([], 1), mul(t, t)), a))];
  });
}

/** round(x) (half to even) with the identity gradient. */
export function roundSte(x: Tensor<'f32'>): Tensor<'f32'> {
  return attachGrad('roundSte', roundToGrid('roundSte', x, 1), [x], (g) => [g.reshape(g.shape)]);
}

/**
 * The phase φ (radians, any real value) rounded to the B-bit grid 2πk/2^B (k any integer: e^{jφ} is what a phase
 * shifter applies, so no wrapping into [0, 2π) is done), with the identity gradient.
 * @param bits B ≥ 1 (2^B phase levels)
 */
export function quantizePhase(phi: Tensor<'f32'>, bits: number): Tensor<'f32'> {
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 24)) {
    throw new RangeError(`quantizePhase: bits must be an integer in [1, 24]; got ${bits}`);
  }
  const out = roundToGrid('quantizePhase', phi, (2 * Math.PI) / 2 ** bits);
  return attachGrad('quantizePhase', out, [phi], (g) => [g.reshape(g.shape)]);
}
