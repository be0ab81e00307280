/**
 * Layout ops: copies that move elements without arithmetic (f32 and c64, any rank). Each is one strided copy
 * (shaders/layout/copy.wgsl) per input: an iteration shape with source and destination strides; a copy that is
 * contiguous on both sides becomes a buffer-to-buffer copy. Reshape is a view (`Tensor.reshape`), not a copy.
 */
import { runtime } from '../device/runtime.js';
import { DTypeError, ShapeError } from '../errors.js';
import { bytesPer, type DType } from '../tensor/dtype.js';
import { fmt, normalizeAxis, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { coalesce, launch1d, pack8 } from './launch.js';
import { zeros } from '../tensor/create.js';
import { ANY, defineOps, sameDType, type Op, type VjpContext } from './op.js';

declare module './op.js' {
  interface OpFunctions {
    slice: typeof slice;
    concat: typeof concat;
    stack: typeof stack;
    transpose: typeof transpose;
    matrixTranspose: typeof matrixTranspose;
  }
}

/** Row-major strides (in elements) of a contiguous tensor. */
export function contiguousStrides(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

interface CopyRegion {
  /** iteration shape */
  shape: Shape;
  srcStrides: readonly number[];
  srcBase?: number;
  dstStrides: readonly number[];
  dstBase?: number;
  conjugate?: boolean;
}

/** dst[dstBase + Σ c·dstStrides] = src[srcBase + Σ c·srcStrides] over every index c of `shape` (elements). */
function stridedCopy(op: string, src: Tensor, dst: Tensor, r: CopyRegion): void {
  const n = sizeOf(r.shape);
  if (n === 0) return;
  const srcBuf = src.buffer(op);
  const dstBuf = dst.buffer(op);
  const conj = Boolean(r.conjugate) && src.dtype === 'c64';
  const c = coalesce(r.shape, [[...r.srcStrides], [...r.dstStrides]]);
  const [srcBase, dstBase] = [r.srcBase ?? 0, r.dstBase ?? 0];
  if (c.shape.length === 1 && c.strides[0][0] === 1 && c.strides[1][0] === 1 && !conj) {
    const b = bytesPer(src.dtype);
    runtime().recorder.copy(srcBuf.buffer, srcBase * b, dstBuf.buffer, dstBase * b, n * b);
    return;
  }
  if (c.shape.length > 8) {
    throw new ShapeError(`${op}: at most 8 non-unit dimensions after merging contiguous ones; got ${fmt(c.shape)}`);
  }
  launch1d(
    'layout/copy',
    n,
    { src: srcBuf, dst: dstBuf },
    {
      n,
      rank: c.shape.length,
      src_base: srcBase,
      dst_base: dstBase,
      shape: pack8(op, c.shape),
      src_stride: pack8(op, c.strides[0]),
      dst_stride: pack8(op, c.strides[1]),
    },
    { COMPLEX: Number(src.dtype === 'c64'), CONJ: Number(conj) },
  );
}

/**
 * x[starts[0] : starts[0] + sizes[0], …] as a new tensor. `starts[d] < 0` counts from the end of axis d;
 * `sizes[d] = -1` (or a missing entry) takes the rest of the axis; axes beyond `starts.length` are taken whole.
 */
export function slice<D extends DType>(x: Tensor<D>, starts: readonly number[], sizes: readonly number[] = []): Tensor<D> {
  const op = LAYOUT_OPS.slice;
  op.check([x]);
  const { begin, size } = sliceRegion(x.shape, starts, sizes);
  const strides = contiguousStrides(x.shape);
  const out = Tensor.empty(size, x.dtype, 'slice');
  stridedCopy('slice', x, out, {
    shape: size,
    srcStrides: strides,
    srcBase: begin.reduce((acc, b, d) => acc + b * strides[d], 0),
    dstStrides: contiguousStrides(size),
  });
  return op.attach(out, [x], begin);
}

/** The region `slice` copies: its first index and its size on every axis (a ShapeError when out of range). */
function sliceRegion(shape: Shape, starts: readonly number[], sizes: readonly number[] = []): { begin: number[]; size: number[] } {
  const rank = shape.length;
  if (starts.length > rank || sizes.length > starts.length) {
    throw new ShapeError(
      `slice: expected at most ${rank} starts and no more sizes than starts for ${fmt(shape)}; ` + `got starts ${fmt(starts)}, sizes ${fmt(sizes)}`,
    );
  }
  const begin: number[] = [];
  const size: number[] = [];
  for (let d = 0; d < rank; d++) {
    const dim = shape[d];
    const s0 = starts[d] ?? 0;
    const s = s0 < 0 ? s0 + dim : s0;
    const len = sizes[d] === undefined || sizes[d] === -1 ? dim - s : sizes[d];
    if (!Number.isInteger(s) || !Number.isInteger(len) || s < 0 || len < 0 || s + len > dim) {
      throw new ShapeError(
        `slice: axis ${d} of ${fmt(shape)}: expected 0 ≤ start ≤ start + size ≤ ${dim}; ` +
          `got start ${s0}, size ${sizes[d] ?? -1} (starts ${fmt(starts)}, sizes ${fmt(sizes)})`,
      );
    }
    begin.push(s);
    size.push(len);
  }
  return { begin, size };
}

/**
 * The VJP of slice: g placed at `begin` inside zeros of `shape`, one concat with zero blocks per axis that was cut
 * (concat is differentiable, so this is too).
 */
function padWithZeros<D extends DType>(g: Tensor<D>, shape: Shape, begin: readonly number[]): Tensor<D> {
  let t = g;
  for (let d = 0; d < shape.length; d++) {
    const before = begin[d];
    const after = shape[d] - begin[d] - g.shape[d];
    if (before === 0 && after === 0) continue;
    const block = (len: number) =>
      zeros(
        t.shape.map((n, i) => (i === d ? len : n)),
        g.dtype,
      );
    const parts = [...(before ? [block(before)] : []), t, ...(after ? [block(after)] : [])];
    t = concat(parts, d);
  }
  return t === g ? g.reshape(shape) : t;
}

/** Python-style `x[..., begin:end, ...]` on one axis (negative begin/end count from the end; end defaults to the end). */
export function sliceAxis<D extends DType>(x: Tensor<D>, axis: number, begin: number, end?: number): Tensor<D> {
  LAYOUT_OPS.sliceAxis.check([x]);
  const { starts, sizes } = axisRegion(x.shape, axis, begin, end);
  return slice(x, starts, sizes);
}

/** sliceAxis's region as slice's starts and sizes. */
function axisRegion(shape: Shape, axis: number, begin: number, end?: number): { starts: number[]; sizes: number[] } {
  const a = normalizeAxis('sliceAxis', axis, shape.length);
  const dim = shape[a];
  const wrap = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
  const b = wrap(begin);
  const e = Math.max(wrap(end ?? dim), b);
  return { starts: shape.map((_, d) => (d === a ? b : 0)), sizes: shape.map((n, d) => (d === a ? e - b : n)) };
}

/** Joins tensors along an existing axis; all other dimensions and the dtype must agree. */
export function concat<D extends DType>(tensors: ReadonlyArray<Tensor<D>>, axis = 0): Tensor<D> {
  const op = LAYOUT_OPS.concat;
  const first = checkSameKind('concat', tensors);
  op.check(tensors);
  const shape = concatShape(
    tensors.map((t) => t.shape),
    axis,
  );
  const a = normalizeAxis('concat', axis, first.rank);
  const out = Tensor.empty(shape, first.dtype, 'concat');
  const dstStrides = contiguousStrides(shape);
  let at = 0;
  for (const t of tensors) {
    const srcStrides = contiguousStrides(t.shape);
    stridedCopy('concat', t, out, { shape: t.shape, srcStrides, dstStrides, dstBase: at * dstStrides[a] });
    at += t.shape[a];
  }
  return op.attach(out, tensors, a);
}

/** concat's output shape (a ShapeError unless the shapes match except on the axis). */
function concatShape(shapes: readonly Shape[], axis: number): number[] {
  const first = shapes[0];
  const a = normalizeAxis('concat', axis, first.length);
  if (shapes.some((s) => s.length !== first.length || s.some((d, i) => i !== a && d !== first[i]))) {
    throw new ShapeError(`concat: inputs must match except on axis ${a}; got ${shapes.map(fmt).join(', ')}`);
  }
  const shape = [...first];
  shape[a] = shapes.reduce((acc, s) => acc + s[a], 0);
  return shape;
}

/** Joins equally-shaped tensors along a new axis (`axis` in [−rank − 1, rank]). */
export function stack<D extends DType>(tensors: ReadonlyArray<Tensor<D>>, axis = 0): Tensor<D> {
  const op = LAYOUT_OPS.stack;
  const first = checkSameKind('stack', tensors);
  op.check(tensors);
  const shape = stackShape(
    tensors.map((t) => t.shape),
    axis,
  );
  const a = normalizeAxis('stack', axis, first.rank + 1);
  const out = Tensor.empty(shape, first.dtype, 'stack');
  const outStrides = contiguousStrides(shape);
  const dstStrides = outStrides.filter((_, d) => d !== a);
  const srcStrides = contiguousStrides(first.shape);
  tensors.forEach((t, j) => {
    stridedCopy('stack', t, out, { shape: t.shape, srcStrides, dstStrides, dstBase: j * outStrides[a] });
  });
  return op.attach(out, tensors, a);
}

/** stack's output shape (a ShapeError unless all shapes are equal). */
function stackShape(shapes: readonly Shape[], axis: number): number[] {
  const first = shapes[0];
  const a = normalizeAxis('stack', axis, first.length + 1);
  if (shapes.some((s) => !sameShape(s, first))) {
    throw new ShapeError(`stack: inputs must have the same shape; got ${shapes.map(fmt).join(', ')}`);
  }
  const shape = [...first];
  shape.splice(a, 0, shapes.length);
  return shape;
}

/**
 * Permutes axes: out.shape[d] = x.shape[perm[d]]. Without `perm`, swaps the last two axes (rank ≥ 2).
 */
export function transpose<D extends DType>(x: Tensor<D>, perm?: readonly number[]): Tensor<D> {
  return permute(LAYOUT_OPS.transpose, x, perm ?? swapLastTwo('transpose', x.shape), false);
}

/** Transpose of the matrices in the last two axes, [..., m, n] → [..., n, m]; conjugate transpose (ᴴ) when asked. */
export function matrixTranspose<D extends DType>(x: Tensor<D>, conjugate = false): Tensor<D> {
  return permute(LAYOUT_OPS.matrixTranspose, x, swapLastTwo('matrixTranspose', x.shape), conjugate);
}

interface Permutation {
  perm: readonly number[];
  conjugate: boolean;
}

/** The recorded permute of transpose and matrixTranspose. */
function permute<D extends DType>(entry: Op, x: Tensor<D>, perm: readonly number[], conjugate: boolean): Tensor<D> {
  entry.check([x]);
  const op = entry.name;
  const rank = x.rank;
  const seen = new Set(perm);
  if (perm.length !== rank || seen.size !== rank || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank)) {
    throw new ShapeError(`${op}: expected a permutation of 0..${rank - 1} for ${fmt(x.shape)}; got ${fmt(perm)}`);
  }
  const inStrides = contiguousStrides(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  const out = Tensor.empty(shape, x.dtype, op);
  stridedCopy(op, x, out, {
    shape,
    srcStrides: perm.map((p) => inStrides[p]),
    dstStrides: contiguousStrides(shape),
    conjugate,
  });
  return entry.attach(out, [x], { perm, conjugate });
}

/** The VJP of a permute: the inverse permutation of g (conjugated again for ᴴ). */
function permuteVjp(entry: Op, g: Tensor, { perm, conjugate }: Permutation): Tensor {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, d) => (inverse[p] = d));
  return permute(entry, g, inverse, conjugate);
}

function swapLastTwo(op: string, shape: Shape): number[] {
  const rank = shape.length;
  if (rank < 2) throw new ShapeError(`${op}: expected a tensor of rank ≥ 2 (matrices in the last two axes); got ${fmt(shape)}`);
  const perm = shape.map((_, d) => d);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

function checkSameKind<D extends DType>(op: string, tensors: ReadonlyArray<Tensor<D>>): Tensor<D> {
  if (tensors.length === 0) throw new ShapeError(`${op}: expected at least one tensor; got none`);
  const first = tensors[0];
  if (tensors.some((t) => t.dtype !== first.dtype)) {
    const dtypes = tensors.map((t) => t.dtype).join(', ');
    throw new DTypeError(`${op}: inputs must share one dtype; got ${dtypes}. Make real inputs complex with complex(x, zeros)`);
  }
  return first;
}

/** The registry entries of this family (engine/ops/op.ts): every op copies through shaders/layout/copy.wgsl. */
const COPY = { shader: 'layout/copy' };
export const LAYOUT_OPS = defineOps('layout', {
  slice: {
    fn: slice,
    call: ([x], { starts, sizes }: { starts: readonly number[]; sizes?: readonly number[] }) => slice(x, starts, sizes),
    kernel: COPY,
    dtypes: ANY,
    outDType: sameDType,
    shape: ([s], { starts, sizes }) => sliceRegion(s, starts, sizes).size,
    // g placed back at the region's first index, zeros elsewhere
    vjp: (g, { inputs: [x], saved: begin }: VjpContext<number[]>) => [padWithZeros(g, x.shape, begin)],
  },
  sliceAxis: {
    fn: sliceAxis,
    call: ([x], { axis, begin, end }: { axis: number; begin: number; end?: number }) => sliceAxis(x, axis, begin, end),
    kernel: null,
    dtypes: ANY,
    outDType: sameDType,
    shape: ([s], { axis, begin, end }) => axisRegion(s, axis, begin, end).sizes,
    composite: true,
  },
  concat: {
    fn: concat,
    call: (xs, { axis }: { axis?: number }) => concat(xs, axis),
    kernel: COPY,
    dtypes: ANY,
    outDType: sameDType,
    shape: (shapes, { axis = 0 }) => concatShape(shapes, axis),
    // each input receives its own block of g along the axis
    vjp: (g, { inputs, saved: a }: VjpContext<number>) => {
      let from = 0;
      return inputs.map((t) => {
        const starts = g.shape.map((_, d) => (d === a ? from : 0));
        from += t.shape[a];
        return slice(g, starts, t.shape);
      });
    },
  },
  stack: {
    fn: stack,
    call: (xs, { axis }: { axis?: number }) => stack(xs, axis),
    kernel: COPY,
    dtypes: ANY,
    outDType: sameDType,
    shape: (shapes, { axis = 0 }) => stackShape(shapes, axis),
    // input j receives g[..., j, ...] along the new axis
    vjp: (g, { inputs, saved: a }: VjpContext<number>) =>
      inputs.map((t, j) =>
        slice(
          g,
          g.shape.map((_, d) => (d === a ? j : 0)),
          g.shape.map((n, d) => (d === a ? 1 : n)),
        ).reshape(t.shape),
      ),
  },
  transpose: {
    fn: transpose,
    call: ([x], { perm }: { perm?: readonly number[] }) => transpose(x, perm),
    kernel: COPY,
    dtypes: ANY,
    outDType: sameDType,
    shape: ([s], { perm }) => (perm ?? swapLastTwo('transpose', s)).map((p: number) => s[p]),
    vjp: (g, { saved }: VjpContext<Permutation>): Tensor[] => [permuteVjp(LAYOUT_OPS.transpose, g, saved)],
  },
  matrixTranspose: {
    fn: matrixTranspose,
    call: ([x], { conjugate }: { conjugate?: boolean }) => matrixTranspose(x, conjugate),
    kernel: COPY,
    dtypes: ANY,
    outDType: sameDType,
    shape: ([s]) => swapLastTwo('matrixTranspose', s).map((p) => s[p]),
    vjp: (g, { saved }: VjpContext<Permutation>): Tensor[] => [permuteVjp(LAYOUT_OPS.matrixTranspose, g, saved)],
  },
});
