/**
 * Log-determinants for rate expressions such as R = log2 det(I + X).
 *   logDetHermitianPD(A)   = ln det A = 2 Σ ln L_ii from A = L Lᴴ (Cholesky; no overflow for large n)
 *   log2DetIPlusHermitian(X) = log2 det(I + X) for Hermitian positive semidefinite X (I + X is then PD)
 *   log2DetIPlus(X)        = log2 |det(I + X)| for any square X, by LU; for X = A B with A, B Hermitian PSD
 *                            (e.g. Rn⁻¹ Wᴴ H F Fᴴ Hᴴ W) det(I + X) is real and ≥ 1, so this is the rate itself.
 */
import { identity, type CMatrix } from './cmatrix.js';
import { cholesky } from './cholesky.js';
import { add } from './elementwise.js';
import { assertSquare } from './errors.js';
import { assertHermitian } from './hermitian.js';
import { logAbsDet } from './lu.js';

export function logDetHermitianPD(a: CMatrix): number {
  assertHermitian('logDetHermitianPD', a);
  const L = cholesky(a);
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += Math.log(L.data[2 * (i * a.cols + i)]);
  return 2 * s;
}

export function log2DetIPlusHermitian(x: CMatrix): number {
  assertSquare('log2DetIPlusHermitian', x);
  return logDetHermitianPD(add(identity(x.rows), x)) / Math.LN2;
}

export function log2DetIPlus(x: CMatrix): number {
  assertSquare('log2DetIPlus', x);
  return logAbsDet(add(identity(x.rows), x)) / Math.LN2;
}
