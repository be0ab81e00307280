/**
 * The element-wise kernels of the losses (shaders/losses/pointwise.wgsl), selected by the calling op's registry entry:
 * BCE from logits and from probabilities (bce.ts attaches their VJPs), and `clampedLog`, a recorded op of its own
 * (used by the BCE target gradient and by models).
 */
import { noGrad } from '../autodiff/graph.js';
import { ShapeError } from '../errors.js';
import { add, div, mul, sub } from '../ops/elementwise.js';
import { buffersOf, launch1d } from '../ops/launch.js';
import { relu } from '../ops/activation.js';
import { REAL, defineOps, realOut, sameShapeRule, type Op, type VjpContext } from '../ops/op.js';
import { sign } from '../ops/unary.js';
import { full } from '../tensor/create.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

export const LOSS_KERNEL = 'losses/pointwise';

/** PyTorch's binary_cross_entropy clamps each logarithm at −100 (so that 0·log 0 terms stay finite). */
export const LOG_FLOOR = -100;

/** Runs the op's branch of losses/pointwise on same-shaped real tensors x, y (y = x for clampedLog); not recorded. */
export function lossPointwise(op: Op, x: Tensor<'f32'>, y: Tensor<'f32'>, floor = LOG_FLOOR): Tensor<'f32'> {
  const out = Tensor.empty(x.shape, 'f32', op.name);
  launch1d(LOSS_KERNEL, x.size, buffersOf(op.name, { x, y, out }), { n: x.size, floor }, { OP: op.selector });
  return out;
}

/** max(log x, floor) for a real x ≥ 0; gradient g/x where the logarithm is above the floor, 0 where clamped. */
export function clampedLog(x: Tensor<'f32'>, floor = LOG_FLOOR): Tensor<'f32'> {
  const op = LOSS_POINTWISE_OPS.clampedLog;
  op.check([x]);
  return op.attach(lossPointwise(op, x, x, floor), [x], floor);
}

/** Throws unless prediction and target have the same shape (the losses do not broadcast targets). */
export function checkSameShape(op: string, input: Tensor, target: Tensor, what = 'target'): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`${op}: ${what} must have the input's shape; expected ${fmt(input.shape)}, got ${fmt(target.shape)}`);
  }
}

/** The registry entry of clampedLog (engine/ops/op.ts). */
export const LOSS_POINTWISE_OPS = defineOps('losses', {
  clampedLog: {
    fn: clampedLog,
    call: ([x], { floor }: { floor?: number }) => clampedLog(x as Tensor<'f32'>, floor),
    kernel: { shader: LOSS_KERNEL, selector: 'OP_CLAMPED_LOG' },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    vjp: (g, { inputs: [x], out, saved: floor }: VjpContext<number>) => {
      // above = [log x > floor]; g·above/(x + 1 − above) is g/x there and exactly 0 where clamped (no 0·∞ at x = 0)
      const [above, shift] = noGrad(() => {
        const a = relu(sign(sub(out, full([], floor)) as Tensor<'f32'>));
        return [a, sub(full([], 1), a)];
      });
      return [mul(g, div(above, add(x, shift)))];
    },
  },
});
