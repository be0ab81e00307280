/**
 * Cross-entropy over the last axis of real logits [..., C], with a fused, stable log-softmax
 * (shaders/losses/log-softmax.wgsl), as torch.nn.functional.cross_entropy for the class axis last.
 *
 *   logSoftmax(x)_c = x_c − log Σ_k e^{x_k}                    grad_x = g − softmax(x) · Σ_c g_c
 *   crossEntropy(x, t) = −Σ_c t_c · logSoftmax(x)_c per sample, reduced over the samples ('mean' by default)
 *
 * Targets t: class indices [...] (the logits' shape without the last axis: an f32 tensor of integers, or a host
 * array, checked to lie in [0, C)), or a distribution over the classes [..., C] (one-hot rows or probabilities; its
 * gradient is −g · logSoftmax(x)).
 */
import { noGrad } from '../autodiff/graph.js';
import { ShapeError } from '../errors.js';
import { mul, sub } from '../ops/elementwise.js';
import { buffersOf, launch1d } from '../ops/launch.js';
import { relu } from '../ops/activation.js';
import { REAL, defineOps, realOut, sameShapeRule } from '../ops/op.js';
import { sum } from '../ops/reduce.js';
import { abs, exp, neg } from '../ops/unary.js';
import { full, tensor } from '../tensor/create.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { lossShape } from './bce.js';
import { reduceLoss, type LossOptions } from './reduction.js';

/** log-softmax over the last axis of a real tensor [..., C] → [..., C]. */
export function logSoftmax(x: Tensor<'f32'>): Tensor<'f32'> {
  const op = CROSS_ENTROPY_OPS.logSoftmax;
  op.check([x]);
  if (x.rank === 0) throw new ShapeError(`logSoftmax: expected a tensor of rank ≥ 1 (the classes on the last axis); got ${fmt(x.shape)}`);
  const len = x.shape[x.rank - 1];
  const rows = len === 0 ? 0 : x.size / len;
  const out = Tensor.empty(x.shape, 'f32', 'logSoftmax');
  if (rows > 0) launch1d('losses/log-softmax', rows, buffersOf('logSoftmax', { x, out }), { rows, len });
  return op.attach(out, [x]);
}

/** Class indices (f32 tensor [...] or host integers) or a class distribution [..., C]. */
export type ClassTarget = Tensor<'f32'> | ArrayLike<number>;

/** Cross-entropy of logits [..., C] against class indices or class distributions. */
export function crossEntropy(logits: Tensor<'f32'>, target: ClassTarget, options: LossOptions = {}): Tensor<'f32'> {
  CROSS_ENTROPY_OPS.crossEntropy.check(target instanceof Tensor ? [logits, target] : [logits]);
  if (logits.rank === 0) throw new ShapeError(`crossEntropy: expected logits [..., C] of rank ≥ 1; got ${fmt(logits.shape)}`);
  const dist = targetDistribution(logits, target);
  const perSample = neg(sum(mul(dist, logSoftmax(logits)), { axis: -1 }));
  return reduceLoss('crossEntropy', perSample, options.reduction);
}

/** The target as a distribution over the classes [..., C]. */
function targetDistribution(logits: Tensor<'f32'>, target: ClassTarget): Tensor<'f32'> {
  const C = logits.shape[logits.rank - 1];
  const batch = logits.shape.slice(0, -1);
  if (target instanceof Tensor) {
    if (sameShape(target.shape, logits.shape)) return target;
    if (!sameShape(target.shape, batch)) {
      throw new ShapeError(
        `crossEntropy: target must be class indices ${fmt(batch)} or a class distribution ${fmt(logits.shape)} for logits ` +
          `${fmt(logits.shape)}; got ${fmt(target.shape)}`,
      );
    }
    // one-hot rows: relu(1 − |c − label|) is 1 at c = label and 0 at every other integer c
    return noGrad(() => {
      const classes = tensor(
        Float32Array.from({ length: C }, (_, c) => c),
        [C],
      );
      return relu(sub(full([], 1), abs(sub(classes, target.reshape([...batch, 1])))));
    });
  }
  const n = batch.reduce((a, b) => a * b, 1);
  if (target.length !== n) {
    throw new ShapeError(`crossEntropy: expected ${n} class indices for logits ${fmt(logits.shape)}; got ${target.length}`);
  }
  const data = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    const c = target[i];
    if (!Number.isInteger(c) || c < 0 || c >= C) {
      throw new RangeError(`crossEntropy: class index ${i} must be an integer in [0, ${C}); got ${c}`);
    }
    data[i * C + c] = 1;
  }
  return tensor(data, logits.shape);
}

/** The registry entries of this family (engine/ops/op.ts). */
export const CROSS_ENTROPY_OPS = defineOps('losses', {
  logSoftmax: {
    fn: logSoftmax,
    call: ([x]) => logSoftmax(x as Tensor<'f32'>),
    kernel: { shader: 'losses/log-softmax' },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // ∂out_i/∂x_k = δ_ik − softmax_k; softmax = e^{out} (recorded, so the rule can be differentiated again)
    vjp: (g, { out }) => [sub(g, mul(exp(out), sum(g, { axis: -1, keepdims: true })))],
  },
  crossEntropy: {
    fn: crossEntropy,
    // the target: the second tensor (class indices or a distribution), or host class indices in the attrs
    call: ([x, t], { indices, ...options }: LossOptions & { indices?: number[] }) =>
      crossEntropy(x as Tensor<'f32'>, t ? (t as Tensor<'f32'>) : indices!, options),
    kernel: null,
    dtypes: REAL,
    outDType: realOut,
    shape: ([s], { reduction }) => lossShape(s.slice(0, -1), reduction),
    composite: true,
  },
});
