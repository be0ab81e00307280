/**
 * The element-wise kernels of the losses (shaders/losses/pointwise.wgsl), not recorded: each loss attaches its own
 * VJP. `clampedLog` is also a recorded op (used by the BCE target gradient).
 */
import { noGrad, attachGrad } from '../autodiff/graph.js';
import { ShapeError } from '../errors.js';
import { add, div, mul, sub } from '../ops/elementwise.js';
import { buffersOf, launch1d, requireDType } from '../ops/launch.js';
import { relu } from '../ops/activation.js';
import { sign } from '../ops/unary.js';
import { full } from '../tensor/create.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

const POINTWISE_OP = { bceLogits: 0, bceProbs: 1, clampedLog: 2 } as const;

/** PyTorch's binary_cross_entropy clamps each logarithm at −100 (so that 0·log 0 terms stay finite). */
export const LOG_FLOOR = -100;

/** Runs one OP of losses/pointwise on same-shaped real tensors x, y (y = x for the unary OP). */
export function lossPointwise(op: keyof typeof POINTWISE_OP, x: Tensor<'f32'>, y: Tensor<'f32'>, floor = LOG_FLOOR): Tensor<'f32'> {
  requireDType(op, x, 'f32');
  requireDType(op, y, 'f32');
  const out = Tensor.empty(x.shape, 'f32', op);
  launch1d('losses/pointwise', x.size, buffersOf(op, { x, y, out }), { n: x.size, floor }, { OP: POINTWISE_OP[op] });
  return out;
}

/** max(log x, floor) for a real x ≥ 0; gradient g/x where the logarithm is above the floor, 0 where clamped. */
export function clampedLog(x: Tensor<'f32'>, floor = LOG_FLOOR): Tensor<'f32'> {
  const out = lossPointwise('clampedLog', x, x, floor);
  return attachGrad('clampedLog', out, [x], (g) => {
    // above = [log x > floor]; g·above/(x + 1 − above) is g/x there and exactly 0 where clamped (no 0·∞ at x = 0)
    const [above, shift] = noGrad(() => {
      const a = relu(sign(sub(out, full([], floor))));
      return [a, sub(full([], 1), a)];
    });
    return [mul(g, div(above, add(x, shift)))];
  });
}

/** Throws unless prediction and target have the same shape (the losses do not broadcast targets). */
export function checkSameShape(op: string, input: Tensor, target: Tensor, what = 'target'): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: ${what} must have the input's shape; expected ${fmt(input.shape)}, got ${fmt(target.shape)}`);
  }
}
