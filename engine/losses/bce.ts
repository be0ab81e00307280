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
import { noGrad, attachGrad } from '../autodiff/graph.js';
import { add, div, mul, sub } from '../ops/elementwise.js';
import { relu, sigmoid } from '../ops/activation.js';
import { neg } from '../ops/unary.js';
import { full } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkSameShape, clampedLog, lossPointwise } from './pointwise.js';
import { reduceLoss, type LossOptions } from './reduction.js';

/** PyTorch's EPSILON in binary_cross_entropy_backward. */
const BCE_EPS = 1e-12;

/** BCE of logits x against targets y (same shape, real). */
export function bceWithLogits(logits: Tensor<'f32'>, target: Tensor<'f32'>, options: LossOptions = {}): Tensor<'f32'> {
  checkSameShape('bceWithLogits', logits, target);
  const values = attachGrad('bceWithLogits', lossPointwise('bceLogits', logits, target), [logits, target], (g) => [
    mul(g, sub(sigmoid(logits), target)),
    target.requiresGrad ? neg(mul(g, logits)) : null,
  ]);
  return reduceLoss('bceWithLogits', values, options.reduction);
}

/** BCE of probabilities p ∈ [0, 1] against targets y (same shape, real). */
export function bce(probs: Tensor<'f32'>, target: Tensor<'f32'>, options: LossOptions = {}): Tensor<'f32'> {
  checkSameShape('bce', probs, target);
  const values = attachGrad('bce', lossPointwise('bceProbs', probs, target), [probs, target], (g) => {
    // max(a, ε) = a + relu(ε − a), the correction a constant: the rule stays differentiable where a ≥ ε
    const a = mul(probs, sub(full([], 1), probs));
    const denominator = add(a, noGrad(() => relu(sub(full([], BCE_EPS), a))));
    const gp = mul(g, div(sub(probs, target), denominator));
    const gy = target.requiresGrad ? mul(g, sub(clampedLog(sub(full([], 1), probs)), clampedLog(probs))) : null;
    return [gp, gy];
  });
  return reduceLoss('bce', values, options.reduction);
}
