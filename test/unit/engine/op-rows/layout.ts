/** Rows and float64 references of engine/ops/layout.ts. */
import type { DType, OpAttrs, Shape } from '../../../../engine/index.js';
import type { LAYOUT_OPS } from '../../../../engine/ops/layout.js';
import { at, cconj, emit, size, unravel, type C } from './host.js';
import { nonEmpty, type HostInput, type OpRow, type OpTests, type OutputSpec } from './types.js';

const DTYPES: DType[] = ['f32', 'c64'];
const X = [4, 5, 3];

const flat = (idx: readonly number[], shape: Shape) => idx.reduce((acc, v, d) => acc * shape[d] + v, 0);

/** out[idx] = x[source(idx)] */
function gather(x: HostInput, out: OutputSpec, source: (idx: number[]) => number, conjugate = false): Float64Array {
  return emit(size(out.shape), out.dtype, (i) => {
    const v = at(x, source(unravel(i, out.shape)));
    return conjugate ? cconj(v) : v;
  });
}

/** A copy starting at `begin` (the output shape comes from the entry's rule). */
const sliceFrom = (x: HostInput, out: OutputSpec, begin: readonly number[]) =>
  gather(x, out, (idx) =>
    flat(
      idx.map((v, d) => v + begin[d]),
      x.shape,
    ),
  );

/** For each dtype: a finite-difference row on [4, 5, 3] and a forward row on [3, 17, 33], with these attrs. */
function rows<A>(attrs: (shape: number[]) => A, label = ''): [OpRow<A>, ...OpRow<A>[]] {
  const [first, ...rest] = DTYPES.flatMap((dtype) => [
    { variant: `${dtype} [4, 5, 3]${label}`, inputs: [{ shape: X, dtype }], attrs: attrs(X) } as OpRow<A>,
    { variant: `${dtype} [3, 17, 33]${label}`, inputs: [{ shape: [3, 17, 33], dtype }], attrs: attrs([3, 17, 33]), fd: false } as OpRow<A>,
  ]);
  return [first, ...rest];
}

/** Joins inputs along `axis` of the output: `which(o)` = (input, its index along the axis) for output index o. */
function join(inputs: HostInput[], out: OutputSpec, axis: number, which: (o: number) => [number, number], newAxis: boolean) {
  return emit(size(out.shape), out.dtype, (i): C => {
    const idx = unravel(i, out.shape);
    const [k, local] = which(idx[axis]);
    const src = newAxis ? idx.filter((_, d) => d !== axis) : idx.map((v, d) => (d === axis ? local : v));
    return at(inputs[k], flat(src, inputs[k].shape));
  });
}

export const LAYOUT_ROWS: OpTests<keyof typeof LAYOUT_OPS> = {
  slice: {
    reference: ([x], { starts }, out) =>
      sliceFrom(
        x,
        out,
        x.shape.map((dim, d) => ((starts[d] ?? 0) < 0 ? starts[d] + dim : (starts[d] ?? 0))),
      ),
    rows: [...rows<OpAttrs<'slice'>>(() => ({ starts: [1, -4, 0], sizes: [2, 3] })), ...rows<OpAttrs<'slice'>>(() => ({ starts: [2] }), ', starts only')],
  },
  sliceAxis: {
    reference: ([x], { axis, begin }, out) => {
      const a = axis < 0 ? axis + x.shape.length : axis;
      const b = Math.min(Math.max(begin < 0 ? begin + x.shape[a] : begin, 0), x.shape[a]);
      return sliceFrom(
        x,
        out,
        x.shape.map((_, d) => (d === a ? b : 0)),
      );
    },
    rows: [...rows<OpAttrs<'sliceAxis'>>(() => ({ axis: 2, begin: 1 })), ...rows<OpAttrs<'sliceAxis'>>(() => ({ axis: -2, begin: -3, end: -1 }), ', negative')],
  },
  concat: {
    reference: (inputs, { axis = 0 }, out) => {
      const a = axis < 0 ? axis + out.shape.length : axis;
      const starts = inputs.map((_, k) => inputs.slice(0, k).reduce((acc, t) => acc + t.shape[a], 0));
      return join(
        inputs,
        out,
        a,
        (o) => {
          const k = starts.findLastIndex((s) => s <= o);
          return [k, o - starts[k]];
        },
        false,
      );
    },
    rows: nonEmpty<OpRow<{ axis?: number }>>([
      ...DTYPES.map((dtype) => ({
        variant: `${dtype} axis 1`,
        inputs: [
          { shape: [2, 3, 4], dtype },
          { shape: [2, 1, 4], dtype },
          { shape: [2, 2, 4], dtype },
        ],
        attrs: { axis: 1 },
      })),
      ...DTYPES.map((dtype) => ({
        variant: `${dtype} axis -1, [3, 17, 33] and [3, 17, 5]`,
        inputs: [
          { shape: [3, 17, 33], dtype },
          { shape: [3, 17, 5], dtype },
        ],
        attrs: { axis: -1 },
        fd: false as const,
      })),
    ]),
  },
  stack: {
    reference: (inputs, { axis = 0 }, out) => {
      const a = axis < 0 ? axis + out.shape.length : axis;
      return join(inputs, out, a, (o) => [o, 0], true);
    },
    rows: nonEmpty<OpRow<{ axis?: number }>>([
      ...DTYPES.map((dtype) => ({
        variant: `${dtype} axis -1`,
        inputs: [
          { shape: [3, 4], dtype },
          { shape: [3, 4], dtype },
        ],
        attrs: { axis: -1 },
      })),
      ...DTYPES.map((dtype) => ({
        variant: `${dtype} three [17, 33] on axis 1`,
        inputs: [0, 1, 2].map(() => ({ shape: [17, 33], dtype })),
        attrs: { axis: 1 },
        fd: false as const,
      })),
    ]),
  },
  transpose: {
    reference: ([x], { perm }, out) => {
      const p = perm ?? [...x.shape.keys()].map((d, _, all) => (d < all.length - 2 ? d : 2 * all.length - 3 - d));
      return gather(x, out, (idx) => {
        const src = new Array<number>(idx.length);
        p.forEach((from, d) => (src[from] = idx[d]));
        return flat(src, x.shape);
      });
    },
    rows: [...rows<OpAttrs<'transpose'>>(() => ({ perm: [2, 0, 1] }), ', perm [2, 0, 1]'), ...rows<OpAttrs<'transpose'>>(() => ({}), ', last two')],
  },
  matrixTranspose: {
    reference: ([x], { conjugate = false }, out) =>
      gather(x, out, (idx) => flat([...idx.slice(0, -2), idx[idx.length - 1], idx[idx.length - 2]], x.shape), conjugate),
    rows: [...rows<OpAttrs<'matrixTranspose'>>(() => ({})), ...rows<OpAttrs<'matrixTranspose'>>(() => ({ conjugate: true }), ', conjugate')],
  },
};
