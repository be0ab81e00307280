/**
 * Softmax over the last axis: softmax(x)_i = e^{x_i − m} / Σ_k e^{x_k − m}, m = max_k x_k (stable for large inputs).
 * Kernel: shaders/activation/softmax.wgsl — one invocation per row for short rows (no barriers: the common case of
 * many small rows) and for many medium rows, one workgroup per row otherwise (long rows, or few rows).
 */
import { runtime, grid1d } from '../device/runtime.js';
import { ShapeError } from '../errors.js';
import { fmt } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d } from './launch.js';
import { REAL, defineOps, ops, realOut, sameShapeRule } from './op.js';

const KERNEL = 'activation/softmax';

/** Rows up to this long get one invocation each ... */
const SHORT_ROW = 128;
/** ... and so do rows up to MEDIUM_ROW long when there are at least MANY_ROWS of them (enough invocations to occupy a
 *  device; measured on lavapipe, [7000, 129]: 7.6 ms one invocation per row vs 42 ms one workgroup per row). */
const MANY_ROWS = 2048;
const MEDIUM_ROW = 1024;

/** softmax over the last axis of a real tensor [..., len] → [..., len]. */
export function softmax(x: Tensor<'f32'>): Tensor<'f32'> {
  const op = SOFTMAX_OPS.softmax;
  op.check([x]);
  if (x.rank === 0) throw new ShapeError(`softmax: expected a tensor of rank ≥ 1 (softmax runs over the last axis); got ${fmt(x.shape)}`);
  const len = x.shape[x.rank - 1];
  const rows = len === 0 ? 0 : x.size / len;
  const out = op.attach(Tensor.empty(x.shape, 'f32', 'softmax'), [x]);
  if (rows === 0) return out;
  const buffers = buffersOf('softmax', { x, out });
  if (len <= SHORT_ROW || (rows >= MANY_ROWS && len <= MEDIUM_ROW)) {
    launch1d(KERNEL, rows, buffers, { rows, len }, {}, 'row_per_thread');
  } else {
    const rt = runtime();
    const k = rt.kernel(KERNEL);
    const [wg] = k.workgroupSize({}, 'row_per_workgroup');
    // one workgroup per row: `rows` groups, folded into y past the per-dimension limit
    const workgroups = grid1d(rows * wg, wg, rt.limits.maxComputeWorkgroupsPerDimension);
    k.dispatch(buffers, { params: { rows, len }, workgroups, entry: 'row_per_workgroup' });
  }
  return out;
}

/** The registry entry of this family (engine/ops/op.ts). */
export const SOFTMAX_OPS = defineOps('softmax', {
  softmax: {
    fn: softmax,
    call: ([x]) => softmax(x as Tensor<'f32'>),
    kernel: { shader: KERNEL },
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // y = softmax(x) over the last axis: ∂y_i/∂x_k = y_i (δ_ik − y_k), so grad_x = y ⊙ (g − Σ_last(g ⊙ y)) (the row
    // sum kept as a size-1 axis and broadcast)
    vjp: (g, { out: y }) => [ops.mul(y, ops.sub(g, ops.sum(ops.mul(g, y), { axis: -1, keepdims: true })))],
  },
});
