/**
 * Reductions over one axis (optionally keeping it as size 1) or over all elements: sum, mean (real and complex),
 * max (real). All of them — and trace / Frobenius norm in linalg-small.ts — are one strided reduction,
 * `reduceStrided`, over the kernel shaders/reduce/reduce.wgsl:
 *   - reduce_loop, one invocation per output looping over the axis, for short axes or many outputs;
 *   - reduce_tree, workgroups of shared-memory trees over chunks of the axis, repeated on the partial results
 *     (multi-pass) until one value per output remains, for long axes with few outputs (e.g. all-reduce of 1e6).
 */
import { grid1d, runtime } from '../device/runtime.js';
import { ShapeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { full, zeros } from '../tensor/create.js';
import { noGrad } from '../autodiff/graph.js';
import { broadcastTo } from '../autodiff/unbroadcast.js';
import { ANY, REAL, defineOps, ops, realOut, sameDType, type VjpContext } from './op.js';
import { shaderConstant } from './selectors.js';

declare module './op.js' {
  interface OpFunctions {
    sum: typeof sum;
    mean: typeof mean;
    max: typeof max;
  }
}

const REDUCE_KERNEL = 'reduce/reduce';
/** The WGSL constants (shaders/reduce/reduce.wgsl) selecting the reduction and the final step. */
const REDUCE_OP = { sum: 'OP_SUM', max: 'OP_MAX', sumAbs2: 'OP_SUM_ABS2' } as const;
const POST = { none: 'POST_NONE', scale: 'POST_SCALE', sqrt: 'POST_SQRT' } as const;
const selector = (name: string) => shaderConstant(REDUCE_KERNEL, name);

/** reduce_tree: at least this many elements per invocation before the shared-memory tree ... */
const TREE_MIN_ITEMS = 8;
/** ... and about this many workgroups per pass in all (outputs × chunks): enough to occupy a GPU, few enough that
 *  the second pass is a single chunk and that lavapipe, where each workgroup's barriers cost ~10–20 µs, stays fast. */
const TREE_TARGET_WORKGROUPS = 256;
/**
 * `auto` picks reduce_tree for axes of at least TREE_MIN_AXIS elements when there are too few outputs to occupy the
 * device with one loop each, or when the axis is too long for one serial loop (> LOOP_MAX_AXIS). "Too few" is
 * TREE_MAX_OUTPUTS on a GPU; on a software adapter (lavapipe), where a workgroup with barriers costs ~10–20 µs and
 * a two-core CPU is occupied by a handful of loops, only TREE_MAX_OUTPUTS_SOFTWARE. Measured there, sum over the
 * last axis: [1, 1e6] loop 12 ms, tree 4 ms; [1000, 1000] loop 4 ms, tree 15 ms; [10, 1e5] 4.0 vs 4.5 ms.
 */
const TREE_MIN_AXIS = 256;
const TREE_MAX_OUTPUTS = 2048;
const TREE_MAX_OUTPUTS_SOFTWARE = 16;
const LOOP_MAX_AXIS = 65536;

export type ReduceKind = keyof typeof REDUCE_OP;
export type ReduceStrategy = 'auto' | 'loop' | 'tree';

/**
 * Output o = (a, b), a < outer, b < inner, reduces the n elements x[a·sOuter + b·sInner + k·sK], k < n.
 * Strides count elements (a complex element counts once).
 */
export interface ReduceLayout {
  outer: number;
  inner: number;
  n: number;
  sOuter: number;
  sInner: number;
  sK: number;
}

export interface StridedOptions {
  /** applied to each final value: multiply by `scale`, or take the square root */
  post?: keyof typeof POST;
  scale?: number;
  strategy?: ReduceStrategy;
}

/**
 * The strided reduction behind every op of this family (and trace / Frobenius in linalg-small.ts).
 * Output dtype: c64 only for a sum of a c64 input; max and sumAbs2 are real. `outShape` must hold outer·inner elements.
 * @internal
 */
export function reduceStrided(op: string, x: Tensor, kind: ReduceKind, layout: ReduceLayout, outShape: Shape, options: StridedOptions = {}): Tensor {
  const outComplex = x.dtype === 'c64' && kind === 'sum';
  const outDType: DType = outComplex ? 'c64' : 'f32';
  const outputs = layout.outer * layout.inner;
  if (sizeOf(outShape) !== outputs) throw new ShapeError(`${op}: internal: output ${fmt(outShape)} does not hold ${outputs} values`);
  const out = Tensor.empty(outShape, outDType, op);
  if (outputs === 0) return out;
  const post = selector(POST[options.post ?? 'none']);
  const scale = options.scale ?? 1;
  const rt = runtime();
  const k = rt.kernel(REDUCE_KERNEL);
  const maxPerDim = rt.limits.maxComputeWorkgroupsPerDimension;
  const strategy = options.strategy ?? 'auto';
  const fewOutputs = outputs < (rt.info.software ? TREE_MAX_OUTPUTS_SOFTWARE : TREE_MAX_OUTPUTS);
  const useTree = strategy === 'tree' || (strategy === 'auto' && layout.n >= TREE_MIN_AXIS && (fewOutputs || layout.n > LOOP_MAX_AXIS));

  const xBuf = x.buffer(op);
  const outBuf = out.buffer(op);
  const base = { outputs, inner: layout.inner, n: layout.n, s_outer: layout.sOuter, s_inner: layout.sInner, s_k: layout.sK, scale };
  if (!useTree) {
    const overrides = { OP: selector(REDUCE_OP[kind]), IN_COMPLEX: Number(x.dtype === 'c64'), POST: post };
    const [wg] = k.workgroupSize(overrides, 'reduce_loop');
    k.dispatch(
      { x: xBuf, out: outBuf },
      { params: { ...base, chunks: 1, chunk_len: layout.n }, overrides, workgroups: grid1d(outputs, wg, maxPerDim), entry: 'reduce_loop' },
    );
    return out;
  }

  // Tree passes: each turns [outputs, n] into [outputs, chunks] partials, until chunks = 1.
  const [wg] = k.workgroupSize({}, 'reduce_tree');
  let src = xBuf;
  let srcComplex = x.dtype === 'c64';
  let pass: ReduceKind = kind;
  let params = { ...base };
  const temps: Tensor[] = [];
  try {
    for (;;) {
      const wanted = Math.max(1, Math.min(Math.ceil(params.n / (wg * TREE_MIN_ITEMS)), Math.ceil(TREE_TARGET_WORKGROUPS / outputs)));
      const chunkLen = Math.ceil(params.n / wanted);
      const chunks = Math.ceil(params.n / chunkLen);
      const last = chunks === 1;
      const dst = last ? out : Tensor.empty([outputs, chunks], outComplex ? 'c64' : 'f32', `${op}:partials`);
      if (!last) temps.push(dst);
      const overrides = { OP: selector(REDUCE_OP[pass]), IN_COMPLEX: Number(srcComplex), POST: last ? post : selector(POST.none) };
      k.dispatch(
        { x: src, out: dst.buffer(op) },
        { params: { ...params, chunks, chunk_len: chunkLen }, overrides, workgroups: grid1d(outputs * chunks * wg, wg, maxPerDim), entry: 'reduce_tree' },
      );
      if (last) return out;
      // The partials are reduced like a [outputs, chunks] tensor over its last axis; |x|² is already taken.
      src = dst.buffer(op);
      srcComplex = outComplex;
      pass = kind === 'max' ? 'max' : 'sum';
      params = { ...params, inner: 1, n: chunks, s_outer: chunks, s_inner: 0, s_k: 1 };
    }
  } finally {
    // Safe to release before the GPU runs: later work on a reused buffer is queued after these dispatches.
    for (const t of temps) t.dispose();
  }
}

export interface ReduceOptions {
  /** the axis to reduce (negative counts from the end); all elements when omitted */
  axis?: number;
  /** keep the reduced axis (all axes, for a full reduction) with size 1 */
  keepdims?: boolean;
  /** kernel choice; 'auto' (default) picks by shape. Results agree to rounding. */
  strategy?: ReduceStrategy;
}

/** Normalized axis, or a ShapeError naming the op, the axis and the shape. */
export function checkAxis(op: string, axis: number, shape: Shape): number {
  const rank = shape.length;
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new ShapeError(
      `${op}: axis ${axis} is out of range for shape ${fmt(shape)}; expected an integer in [${-rank}, ${rank - 1}]` +
        (rank === 0 ? '. A scalar has no axes: omit the axis to reduce all elements' : ''),
    );
  }
  return a;
}

/** The layout and output shape of a reduction over `axis` (or all elements). */
function axisLayout(op: string, shape: Shape, options: ReduceOptions): { layout: ReduceLayout; outShape: number[] } {
  if (options.axis === undefined) {
    const n = sizeOf(shape);
    return {
      layout: { outer: 1, inner: 1, n, sOuter: n, sInner: 0, sK: 1 },
      outShape: options.keepdims ? shape.map(() => 1) : [],
    };
  }
  const a = checkAxis(op, options.axis, shape);
  const outer = sizeOf(shape.slice(0, a));
  const inner = sizeOf(shape.slice(a + 1));
  const n = shape[a];
  const outShape = options.keepdims ? shape.map((d, i) => (i === a ? 1 : d)) : shape.filter((_, i) => i !== a);
  return { layout: { outer, inner, n, sOuter: n * inner, sInner: 1, sK: inner }, outShape };
}

/** Σ over an axis or all elements; c64 → c64. The sum over an empty axis is 0. */
export function sum<D extends DType>(x: Tensor<D>, options: ReduceOptions = {}): Tensor<D> {
  const op = REDUCE_OPS.sum;
  op.check([x]);
  const { layout, outShape } = axisLayout('sum', x.shape, options);
  const out = layout.n === 0 ? zeros(outShape, x.dtype) : (reduceStrided('sum', x, 'sum', layout, outShape, { strategy: options.strategy }) as Tensor<D>);
  return op.attach(out, [x], options);
}

/** Arithmetic mean over an axis or all elements; c64 → c64. */
export function mean<D extends DType>(x: Tensor<D>, options: ReduceOptions = {}): Tensor<D> {
  const op = REDUCE_OPS.mean;
  op.check([x]);
  const { layout, outShape } = axisLayout('mean', x.shape, options);
  if (layout.n === 0) throw emptyReduction('mean', x.shape, options.axis);
  const out = reduceStrided('mean', x, 'sum', layout, outShape, { post: 'scale', scale: 1 / layout.n, strategy: options.strategy }) as Tensor<D>;
  return op.attach(out, [x], options);
}

/** Maximum over an axis or all elements of a real tensor (NaN propagation is unspecified, as in WGSL's max). */
export function max(x: Tensor<'f32'>, options: ReduceOptions = {}): Tensor<'f32'> {
  const op = REDUCE_OPS.max;
  op.check([x]);
  const { layout, outShape } = axisLayout('max', x.shape, options);
  if (layout.n === 0) throw emptyReduction('max', x.shape, options.axis);
  const out = reduceStrided('max', x, 'max', layout, outShape, { strategy: options.strategy }) as Tensor<'f32'>;
  return op.attach(out, [x], options);
}

/** The output shape of a reduction with keepdims (the reduced axis, or all axes, as size 1). */
function keptShape(shape: Shape, options: ReduceOptions): number[] {
  if (options.axis === undefined) return shape.map(() => 1);
  const a = checkAxis('reduce', options.axis, shape);
  return shape.map((d, i) => (i === a ? 1 : d));
}

function emptyReduction(op: string, shape: Shape, axis: number | undefined): ShapeError {
  const what = axis === undefined ? 'all elements' : `axis ${axis}`;
  return new ShapeError(`${op}: reduction over ${what} of shape ${fmt(shape)} has no elements; expected at least one`);
}

/** The number of elements each output of a reduction combines. */
function reducedCount(shape: Shape, options: ReduceOptions): number {
  return options.axis === undefined ? sizeOf(shape) : shape[checkAxis('reduce', options.axis, shape)];
}

/** g (a reduction's output gradient) spread back over the reduced axis (all axes without one). */
function spread(g: Tensor, shape: Shape, options: ReduceOptions): Tensor {
  return broadcastTo(g.reshape(keptShape(shape, options)), shape);
}

const reduceKernel = (selector: string) => ({ shader: REDUCE_KERNEL, selector });
const reduceShape = ([s]: readonly Shape[], options: ReduceOptions = {}): Shape => axisLayout('reduce', s, options).outShape;

/** The registry entries of this family (engine/ops/op.ts). */
export const REDUCE_OPS = defineOps('reduce', {
  sum: {
    fn: sum,
    call: ([x], options: ReduceOptions) => sum(x, options),
    kernel: reduceKernel('OP_SUM'),
    dtypes: ANY,
    outDType: sameDType,
    shape: reduceShape,
    // every element contributes once: grad = g broadcast back over the reduced axis
    vjp: (g, { inputs: [x], saved: options }: VjpContext<ReduceOptions>) => [spread(g, x.shape, options)],
  },
  mean: {
    fn: mean,
    call: ([x], options: ReduceOptions) => mean(x, options),
    kernel: reduceKernel('OP_SUM'),
    dtypes: ANY,
    outDType: sameDType,
    shape: reduceShape,
    vjp: (g, { inputs: [x], saved: options }: VjpContext<ReduceOptions>) => [ops.scale(spread(g, x.shape, options), 1 / reducedCount(x.shape, options))],
  },
  max: {
    fn: max,
    call: ([x], options: ReduceOptions) => max(x as Tensor<'f32'>, options),
    kernel: reduceKernel('OP_MAX'),
    dtypes: REAL,
    outDType: realOut,
    shape: reduceShape,
    vjp: (g, { inputs: [x], out, saved: options }: VjpContext<ReduceOptions>) => {
      const kept = keptShape(x.shape, options);
      // The gradient goes to the maximal elements; ties share it equally (as torch.amax): weight = [x = m] / #{x = m}.
      // x − m ≤ 0 is exactly 0 at the maxima (m is one of the elements), so 1 + sign(x − m) is the indicator.
      const weight = noGrad(() => {
        const hit = ops.add(ops.sign(ops.sub(x, out.reshape(kept)) as Tensor<'f32'>), full([], 1));
        return ops.div(hit, sum(hit, { axis: options.axis, keepdims: true }));
      });
      return [ops.mul(g.reshape(kept), weight)];
    },
  },
});
