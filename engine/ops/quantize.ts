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
import { noGrad } from '../autodiff/graph.js';
import { full } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d } from './launch.js';
import { REAL, defineOps, ops, realOut, sameShapeRule, type Op, type VjpContext } from './op.js';

/** step · round(x / step), checked, with the op's (identity) VJP attached. */
function roundToGrid(op: Op, x: Tensor<'f32'>, step: number): Tensor<'f32'> {
  op.check([x]);
  const out = Tensor.empty(x.shape, 'f32', op.name);
  launch1d('quantize/round', x.size, buffersOf(op.name, { x, out }), { n: x.size, step, inv_step: 1 / step });
  return op.attach(out, [x]);
}

/**
 * sign(x) with the gradient of tanh(a·x): grad_x = g · a · (1 − tanh²(a·x)).
 * @param x real tensor (e.g. the pre-quantization feedback u)
 * @param a surrogate slope a > 0 (HyperRNN anneals it upwards during training)
 */
export function signSte(x: Tensor<'f32'>, a: number): Tensor<'f32'> {
  const op = QUANTIZE_OPS.signSte;
  op.check([x]);
  if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`signSte: slope a must be a finite number > 0; got ${a}`);
  return op.attach(
    noGrad(() => ops.sign(x)),
    [x],
    a,
  );
}

/** round(x) (half to even) with the identity gradient. */
export function roundSte(x: Tensor<'f32'>): Tensor<'f32'> {
  return roundToGrid(QUANTIZE_OPS.roundSte, x, 1);
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
  return roundToGrid(QUANTIZE_OPS.quantizePhase, phi, (2 * Math.PI) / 2 ** bits);
}

const real = ([x]: Tensor[]) => x as Tensor<'f32'>;
const identityVjp = (g: Tensor) => [g.reshape(g.shape)];

/** The registry entries of this family (engine/ops/op.ts). */
export const QUANTIZE_OPS = defineOps('quantize', {
  signSte: {
    fn: signSte,
    call: (xs, { a }: { a: number }) => signSte(real(xs), a),
    kernel: { shader: 'elementwise/unary', selector: 'OP_SIGN' },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // the surrogate's derivative: g · a · (1 − tanh²(a·x))
    vjp: (g, { inputs: [x], saved: a }: VjpContext<number>) => {
      const t = ops.tanh(ops.scale(x as Tensor<'f32'>, a));
      return [ops.mul(g, ops.scale(ops.sub(full([], 1), ops.mul(t, t)), a))];
    },
  },
  roundSte: {
    fn: roundSte,
    call: (xs) => roundSte(real(xs)),
    kernel: { shader: 'quantize/round' },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    vjp: identityVjp,
  },
  quantizePhase: {
    fn: quantizePhase,
    call: (xs, { bits }: { bits: number }) => quantizePhase(real(xs), bits),
    kernel: { shader: 'quantize/round' },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    vjp: identityVjp,
  },
});
