/** Rows and float64 references of engine/ops/gemm.ts. */
import type { DType, MatOp, MatmulOptions } from '../../../../engine/index.js';
import type { GEMM_OPS } from '../../../../engine/ops/gemm.js';
import { broadcastIndex, emitMatrices, matmul, matrixOf, size, transposed, unravel, type HostMatrix } from './host.js';
import type { HostInput, OpRow, OpTests, OutputSpec } from './types.js';

const OPS: MatOp[] = ['N', 'T', 'H'];
const apply = (m: HostMatrix, op: MatOp) => (op === 'N' ? m : transposed(m, op === 'H'));

function reference([a, b]: HostInput[], { opA = 'N', opB = 'N' }: MatmulOptions, out: OutputSpec): Float64Array {
  const batch = out.shape.slice(0, -2);
  const products = Array.from({ length: size(batch) }, (_, i) => {
    const idx = unravel(i, batch);
    const A = matrixOf(a, broadcastIndex(idx, a.shape.slice(0, -2)));
    const B = matrixOf(b, broadcastIndex(idx, b.shape.slice(0, -2)));
    return matmul(apply(A, opA), apply(B, opB));
  });
  return emitMatrices(products, out.dtype);
}

/** The stored shape of an operand whose op(X) is rows × cols. */
const stored = (op: MatOp, rows: number, cols: number) => (op === 'N' ? [rows, cols] : [cols, rows]);
const [M, K, N] = [3, 5, 2];

type Row = OpRow<MatmulOptions>;
const rows: Row[] = [
  // every op pair, complex
  ...OPS.flatMap((opA) =>
    OPS.map((opB) => ({
      variant: `c64 op(A)=${opA} op(B)=${opB}`,
      inputs: [
        { shape: stored(opA, M, K), dtype: 'c64' as DType },
        { shape: stored(opB, K, N), dtype: 'c64' as DType },
      ],
      attrs: { opA, opB },
      gradgrad: opA === 'N' && opB === 'N',
    })),
  ),
  // real and mixed operands
  ...(['f32', 'c64'] as DType[]).flatMap((da) =>
    (['f32', 'c64'] as DType[]).map((db) => ({
      variant: `${da} × ${db}, op(A)=T, op(B)=H`,
      inputs: [
        { shape: stored('T', M, K), dtype: da },
        { shape: stored('H', K, N), dtype: db },
      ],
      attrs: { opA: 'T' as MatOp, opB: 'H' as MatOp },
    })),
  ),
  // batch broadcasting, an unbatched operand
  {
    variant: 'c64 [2, 1, M, K] × [3, K, N]',
    inputs: [
      { shape: [2, 1, M, K], dtype: 'c64' },
      { shape: [3, K, N], dtype: 'c64' },
    ],
    attrs: {},
  },
  {
    variant: 'c64 [2, 1, M, K] × unbatched [N, K]ᴴ',
    inputs: [
      { shape: [2, 1, M, K], dtype: 'c64' },
      { shape: [N, K], dtype: 'c64' },
    ],
    attrs: { opB: 'H' },
  },
  // forward only: sizes off every tile, both kernels, real pairs read as complex ('columns' and 'inner')
  ...(['register', 'shared'] as const).flatMap((tiles) => [
    {
      variant: `c64 [2, 33, 17] × [17, 65], ${tiles}`,
      inputs: [
        { shape: [2, 33, 17], dtype: 'c64' as DType },
        { shape: [17, 65], dtype: 'c64' as DType },
      ],
      attrs: { tiles },
      fd: false as const,
      tol: { atol: 1e-4 },
    },
    {
      variant: `f32 [33, 17] × [17, 66] (column pairs), ${tiles}`,
      inputs: [
        { shape: [33, 17], dtype: 'f32' as DType },
        { shape: [17, 66], dtype: 'f32' as DType },
      ],
      attrs: { tiles },
      fd: false as const,
      tol: { atol: 1e-4 },
    },
    {
      variant: `f32 [33, 18] × [7, 18]ᵀ (inner pairs), ${tiles}`,
      inputs: [
        { shape: [33, 18], dtype: 'f32' as DType },
        { shape: [7, 18], dtype: 'f32' as DType },
      ],
      attrs: { opB: 'T' as MatOp, tiles },
      fd: false as const,
      tol: { atol: 1e-4 },
    },
  ]),
];

export const GEMM_ROWS: OpTests<keyof typeof GEMM_OPS> = {
  matmul: { reference, rows: rows as [Row, ...Row[]] },
};
