/**
 * General complex matrix product C = op(A)·op(B), op ∈ {N (as is), T (transpose), H (conjugate transpose)}.
 * The operand transposes are never materialized: the flags change the index arithmetic and the sign of the
 * imaginary part, so matmul(A, B, 'H') computes Aᴴ B in one pass without allocating Aᴴ.
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgShapeError } from './errors.js';

export type MatOp = 'N' | 'T' | 'H';

/** op(A)·op(B): op(A) is [m, k], op(B) is [k, n], result [m, n]. */
export function matmul(a: CMatrix, b: CMatrix, opA: MatOp = 'N', opB: MatOp = 'N'): CMatrix {
  const m = opA === 'N' ? a.rows : a.cols;
  const ka = opA === 'N' ? a.cols : a.rows;
  const kb = opB === 'N' ? b.rows : b.cols;
  const n = opB === 'N' ? b.cols : b.rows;
  if (ka !== kb) {
    throw new LinalgShapeError(`matmul: inner dimensions must agree; op${opA}(A) is ${m}×${ka} and op${opB}(B) is ${kb}×${n}`);
  }
  const k = ka;
  // Element (i, l) of op(A) sits at a.data[2·(i·sAi + l·sAl)]; conjugation flips the imaginary sign.
  const sAi = opA === 'N' ? a.cols : 1;
  const sAl = opA === 'N' ? 1 : a.cols;
  const sBl = opB === 'N' ? b.cols : 1;
  const sBj = opB === 'N' ? 1 : b.cols;
  const cA = opA === 'H' ? -1 : 1;
  const cB = opB === 'H' ? -1 : 1;
  const A = a.data;
  const B = b.data;
  const out = cmatrix(m, n);
  const C = out.data;
  // i-l-j loop order: the inner loop walks a row of op(B) and a row of C.
  for (let i = 0; i < m; i++) {
    const cRow = 2 * i * n;
    for (let l = 0; l < k; l++) {
      const ai = 2 * (i * sAi + l * sAl);
      const ar = A[ai];
      const aim = cA * A[ai + 1];
      if (ar === 0 && aim === 0) continue;
      const bBase = l * sBl;
      for (let j = 0; j < n; j++) {
        const bi = 2 * (bBase + j * sBj);
        const br = B[bi];
        const bim = cB * B[bi + 1];
        C[cRow + 2 * j] += ar * br - aim * bim;
        C[cRow + 2 * j + 1] += ar * bim + aim * br;
      }
    }
  }
  return out;
}
