/** Rows and float64 references of engine/ops/reduce.ts and engine/ops/linalg-small.ts. */
import type { DType, ReduceOptions } from '../../../../engine/index.js';
import type { LINALG_SMALL_OPS } from '../../../../engine/ops/linalg-small.js';
import type { REDUCE_OPS } from '../../../../engine/ops/reduce.js';
import { at, cabs2, cadd, emit, size, type C } from './host.js';
import { nonEmpty, type HostInput, type OpRow, type OpTests, type OutputSpec } from './types.js';

/** ⊕ over the axis (all elements without one), in output order; `finish` maps (accumulator, count) to the value. */
function reduction(combine: (a: C, b: C) => C, finish: (acc: C, n: number) => C = (acc) => acc) {
  return ([x]: HostInput[], { axis }: ReduceOptions, out: OutputSpec) => {
    const rank = x.shape.length;
    const a = axis === undefined ? -1 : axis < 0 ? axis + rank : axis;
    const outer = a < 0 ? 1 : size(x.shape.slice(0, a));
    const n = a < 0 ? size(x.shape) : x.shape[a];
    const inner = a < 0 ? 1 : size(x.shape.slice(a + 1));
    return emit(outer * inner, out.dtype, (o) => {
      const [i, j] = [Math.floor(o / inner), o % inner];
      let acc = at(x, i * n * inner + j);
      for (let k = 1; k < n; k++) acc = combine(acc, at(x, (i * n + k) * inner + j));
      return finish(acc, n);
    });
  };
}

const DTYPES: DType[] = ['f32', 'c64'];
const SHAPE = [3, 4, 5];

/** For each dtype: finite-difference rows on [3, 4, 5] with the given options, and forward rows on larger shapes. */
function rows(dtypes: DType[], options: ReduceOptions[], kind: 'any' | 'distinct' = 'any'): [OpRow<ReduceOptions>, ...OpRow<ReduceOptions>[]] {
  const [first, ...rest] = dtypes.flatMap((dtype) => [
    ...options.map((attrs) => ({ variant: `${dtype} ${JSON.stringify(attrs)}`, inputs: [{ shape: SHAPE, dtype, kind }], attrs })),
    ...[undefined, 0, 1, -1].map((axis) => ({
      variant: `${dtype} [3, 17, 33] axis ${axis ?? 'all'}`,
      inputs: [{ shape: [3, 17, 33], dtype, kind }],
      attrs: { axis },
      fd: false as const,
    })),
  ]);
  return [first, ...rest];
}

export const REDUCE_ROWS: OpTests<keyof typeof REDUCE_OPS> = {
  sum: {
    reference: reduction(cadd),
    rows: [
      ...rows(DTYPES, [{}, { axis: 1 }, { axis: -1, keepdims: true }]),
      { variant: 'f32 long axis (tree kernel)', inputs: [{ shape: [2, 600], dtype: 'f32' }], attrs: { axis: 1, strategy: 'tree' } },
      { variant: 'c64 [3, 5000] tree', inputs: [{ shape: [3, 5000], dtype: 'c64' }], attrs: { axis: -1, strategy: 'tree' }, fd: false, tol: { atol: 1e-4 } },
    ],
  },
  mean: {
    reference: reduction(cadd, (acc, n) => [acc[0] / n, acc[1] / n]),
    rows: rows(DTYPES, [{ keepdims: true }, { axis: 0 }]),
  },
  max: {
    reference: reduction((a, b) => [Math.max(a[0], b[0]), 0]),
    rows: rows(['f32'], [{}, { axis: 1 }, { axis: -1, keepdims: true }], 'distinct'),
  },
};

export const LINALG_SMALL_ROWS: OpTests<keyof typeof LINALG_SMALL_OPS> = {
  trace: {
    reference: ([x], _, out) => {
      const n = x.shape[x.shape.length - 1];
      return emit(size(out.shape), out.dtype, (b) => {
        let acc: C = [0, 0];
        for (let i = 0; i < n; i++) acc = cadd(acc, at(x, b * n * n + i * n + i));
        return acc;
      });
    },
    rows: nonEmpty<OpRow<undefined>>([
      ...DTYPES.map((dtype) => ({ variant: `${dtype} [2, 4, 4]`, inputs: [{ shape: [2, 4, 4], dtype }] })),
      ...DTYPES.map((dtype) => ({ variant: `${dtype} [3, 17, 17]`, inputs: [{ shape: [3, 17, 17], dtype }], fd: false as const })),
    ]),
  },
  frobeniusNorm: {
    reference: ([x], { all }, out) => {
      const per = all ? size(x.shape) : size(x.shape.slice(-2));
      return emit(size(out.shape), 'f32', (b) => {
        let acc = 0;
        for (let e = 0; e < per; e++) acc += cabs2(at(x, b * per + e));
        return [Math.sqrt(acc), 0];
      });
    },
    rows: nonEmpty<OpRow<{ all?: boolean }>>([
      ...DTYPES.map((dtype) => ({ variant: `${dtype} [2, 3, 4]`, inputs: [{ shape: [2, 3, 4], dtype }], attrs: {}, gradgrad: true })),
      ...DTYPES.map((dtype) => ({ variant: `${dtype} [2, 3, 4] all`, inputs: [{ shape: [2, 3, 4], dtype }], attrs: { all: true } })),
      ...DTYPES.map((dtype) => ({ variant: `${dtype} [5, 17, 33]`, inputs: [{ shape: [5, 17, 33], dtype }], attrs: {}, fd: false as const })),
    ]),
  },
};
