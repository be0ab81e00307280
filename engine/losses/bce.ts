/**
 * Binary cross-entropy, element-wise over same-shaped inputs and targets y ∈ [0, 1] (hard bits or soft labels),
 * then reduced ('mean' over all elements by default, as torch.nn.BCELoss / BCEWithLogitsLoss).
 *
 *   bceWithLogits(x, y)   ℓ = max(x, 0) − x·y + log(1 + e^{−|x|})  (= −y log σ(x) − (1 − y) log(1 − σ(x)), finite for
 *                         any finite x); grad_x = g·(σ(x) − y), grad_y = −g·x
 *   bce(p, y)             ℓ = −(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100))  (PyTorch's clamp);
 *                         grad_p = g·(p − y) / max(p(1 − p), 1e-12) (PyTorch's rule), grad_y = g·(log(1 − p) − log p)
 *                         with the same clamped logarithms
 *
 * DL-JHPF's demodulator (paper 000) ends in per-bit sigmoids trained with BCE: prefer `bceWithLogits` on the
 * pre-sigmoid outputs (no saturation at σ = 0 or 1).
 */
import { noGrad } from '../autodiff/graph.js';
import { add, div, mul, sub } from '../ops/elementwise.js';
import { relu, sigmoid } from '../ops/activation.js';
import { REAL, defineOps, realOut, type Op } from '../ops/op.js';
import { neg } from '../ops/unary.js';
import { full } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { LOSS_KERNEL, checkSameShape, clampedLog, lossPointwise } from './pointwise.js';
import { reduceLoss, type LossOptions, type Reduction } from './reduction.js';

/** PyTorch's EPSILON in binary_cross_entropy_backward. */
const BCE_EPS = 1e-12;

/** The element-wise loss values of op (checked, VJP attached), then the reduction. */
function bceLoss(op: Op, input: Tensor<'f32'>, target: Tensor<'f32'>, options: LossOptions): Tensor<'f32'> {
  op.check([input, target]);
  checkSameShape(op.name, input, target);
  return reduceLoss(op.name, op.attach(lossPointwise(op, input, target), [input, target]), options.reduction);
}

/** BCE of logits x against targets y (same shape, real). */
export function bceWithLogits(logits: Tensor<'f32'>, target: Tensor<'f32'>, options: LossOptions = {}): Tensor<'f32'> {
  return bceLoss(BCE_OPS.bceWithLogits, logits, target, options);
}

/** BCE of probabilities p ∈ [0, 1] against targets y (same shape, real). */
export function bce(probs: Tensor<'f32'>, target: Tensor<'f32'>, options: LossOptions = {}): Tensor<'f32'> {
  return bceLoss(BCE_OPS.bce, probs, target, options);
}

/** A loss's output shape: [] unless the reduction is 'none'. */
export const lossShape = (s: readonly number[], reduction: Reduction = 'mean') => (reduction === 'none' ? s : []);

/**
 * The registry entries of this family (engine/ops/op.ts). The VJPs are those of the element-wise values (the
 * reduction is recorded by its own op).
 */
export const BCE_OPS = defineOps('losses', {
  bceWithLogits: {
    fn: bceWithLogits,
    call: ([x, y], options: LossOptions) => bceWithLogits(x as Tensor<'f32'>, y as Tensor<'f32'>, options),
    kernel: [
      { shader: LOSS_KERNEL, selector: 'OP_BCE_LOGITS' },
      { shader: 'reduce/reduce', selector: 'OP_SUM' },
    ],
    dtypes: REAL,
    outDType: realOut,
    shape: ([s], { reduction } = {}) => lossShape(s, reduction),
    vjp: (g, { inputs: [logits, target] }) => [mul(g, sub(sigmoid(logits as Tensor<'f32'>), target)), target.requiresGrad ? neg(mul(g, logits)) : null],
  },
  bce: {
    fn: bce,
    call: ([p, y], options: LossOptions) => bce(p as Tensor<'f32'>, y as Tensor<'f32'>, options),
    kernel: [
      { shader: LOSS_KERNEL, selector: 'OP_BCE_PROBS' },
      { shader: 'reduce/reduce', selector: 'OP_SUM' },
    ],
    dtypes: REAL,
    outDType: realOut,
    shape: ([s], { reduction } = {}) => lossShape(s, reduction),
    vjp: (g, { inputs: [probs, target] }) => {
      // max(a, ε) = a + relu(ε − a), the correction a constant: the rule stays differentiable where a ≥ ε
      const p = probs as Tensor<'f32'>;
      const a = mul(p, sub(full([], 1), p));
      const denominator = add(
        a,
        noGrad(() => relu(sub(full([], BCE_EPS), a))),
      );
      const gp = mul(g, div(sub(p, target), denominator));
      const gy = target.requiresGrad ? mul(g, sub(clampedLog(sub(full([], 1), p)), clampedLog(p))) : null;
      return [gp, gy];
    },
  },
});
