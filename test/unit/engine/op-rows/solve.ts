/** Rows and float64 references of engine/ops/solve.ts (no gradient rules: forward rows only). */
import type { DType } from '../../../../engine/index.js';
import type { SOLVE_OPS } from '../../../../engine/ops/solve.js';
import { broadcastIndex, emitMatrices, matmul, matrixOf, size, solve, transposed, unravel } from './host.js';
import type { HostInput, OpRow, OpTests, OutputSpec } from './types.js';

/** X = A⁻¹B per output batch (A's and B's batches broadcast). */
function solveReference([a, b]: HostInput[], _: unknown, out: OutputSpec): Float64Array {
  const batch = out.shape.slice(0, -2);
  const xs = Array.from({ length: size(batch) }, (_, i) => {
    const idx = unravel(i, batch);
    return solve(matrixOf(a, broadcastIndex(idx, a.shape.slice(0, -2))), matrixOf(b, broadcastIndex(idx, b.shape.slice(0, -2))));
  });
  return emitMatrices(xs, out.dtype);
}

const TOL = { atol: 1e-4, rtol: 1e-3 };
const PAIRS: Array<[DType, DType]> = [
  ['c64', 'c64'],
  ['f32', 'f32'],
  ['c64', 'f32'],
  ['f32', 'c64'],
];

function solveRows(kind: 'diagonal' | 'hpd'): [OpRow<undefined>, ...OpRow<undefined>[]] {
  const [first, ...rest] = [
    ...PAIRS.map(([ad, bd]) => ({
      variant: `A ${ad} [4, 5, 5], B ${bd} [4, 5, 3]`,
      inputs: [
        { shape: [4, 5, 5], dtype: ad, kind },
        { shape: [4, 5, 3], dtype: bd },
      ],
      tol: TOL,
    })),
    {
      variant: 'broadcast batches: A c64 [2, 1, 7, 7], B c64 [3, 7, 2]',
      inputs: [
        { shape: [2, 1, 7, 7], dtype: 'c64' as DType, kind },
        { shape: [3, 7, 2], dtype: 'c64' as DType },
      ],
      tol: TOL,
    },
    {
      variant: 'one A for a batch of B: A f32 [17, 17], B c64 [2, 17, 4]',
      inputs: [
        { shape: [17, 17], dtype: 'f32' as DType, kind },
        { shape: [2, 17, 4], dtype: 'c64' as DType },
      ],
      tol: TOL,
    },
  ];
  return [first, ...rest];
}

export const SOLVE_ROWS: OpTests<keyof typeof SOLVE_OPS> = {
  solve: { reference: solveReference, rows: solveRows('diagonal') },
  solveHermitian: { reference: solveReference, rows: solveRows('hpd') },
  pinv: {
    reference: ([a], _, out) => {
      const [m, n] = a.shape.slice(-2);
      const ps = Array.from({ length: size(a.shape.slice(0, -2)) }, (_, i) => {
        const A = matrixOf(a, i);
        const Ah = transposed(A, true);
        return m >= n ? solve(matmul(Ah, A), Ah) : transposed(solve(matmul(A, Ah), A), true);
      });
      return emitMatrices(ps, out.dtype);
    },
    rows: [
      { variant: 'tall c64 [3, 6, 3]', inputs: [{ shape: [3, 6, 3], dtype: 'c64' }], tol: { atol: 1e-3, rtol: 1e-3 } },
      { variant: 'wide f32 [2, 3, 7]', inputs: [{ shape: [2, 3, 7], dtype: 'f32' }], tol: { atol: 1e-3, rtol: 1e-3 } },
      { variant: 'square c64 [4, 4] (diagonally dominant)', inputs: [{ shape: [4, 4], dtype: 'c64', kind: 'diagonal' }], tol: { atol: 1e-4, rtol: 1e-3 } },
    ],
  },
  gram: {
    reference: ([a], { form }, out) => {
      const gs = Array.from({ length: size(a.shape.slice(0, -2)) }, (_, i) => {
        const A = matrixOf(a, i);
        return form === 'AhA' ? matmul(transposed(A, true), A) : matmul(A, transposed(A, true));
      });
      return emitMatrices(gs, out.dtype);
    },
    rows: [
      { variant: 'AᴴA c64 [3, 7, 4]', inputs: [{ shape: [3, 7, 4], dtype: 'c64' }], attrs: { form: 'AhA' } },
      { variant: 'AAᴴ c64 [3, 7, 4]', inputs: [{ shape: [3, 7, 4], dtype: 'c64' }], attrs: { form: 'AAh' } },
      { variant: 'AᴴA f32 [17, 5]', inputs: [{ shape: [17, 5], dtype: 'f32' }], attrs: { form: 'AhA' } },
    ],
  },
};
