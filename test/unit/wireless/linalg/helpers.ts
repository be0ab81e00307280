/** Shared fixtures for the linalg tests: seeded random matrices and error measures. */
import { cmatrix, identity, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { sub } from '../../../../wireless/linalg/elementwise.js';
import { maxAbs } from '../../../../wireless/linalg/reductions.js';
import type { Rng } from '../../../../wireless/random/rng.js';

/** Entries i.i.d. CN(0, 1). */
export function randomMatrix(rng: Rng, rows: number, cols: number): CMatrix {
  const m = cmatrix(rows, cols);
  for (let i = 0; i < rows * cols; i++) [m.data[2 * i], m.data[2 * i + 1]] = rng.complexNormal();
  return m;
}

/** B Bᴴ + shift·I: Hermitian, PD for shift > 0. */
export function randomHermitianPD(rng: Rng, n: number, shift = 1): CMatrix {
  const b = randomMatrix(rng, n, n);
  const a = matmul(b, b, 'N', 'H');
  for (let i = 0; i < n; i++) a.data[2 * (i * n + i)] += shift;
  return a;
}

/** max|a_ij − b_ij| / max(1, max|b_ij|): relative to the reference's scale. */
export function relErr(a: CMatrix, b: CMatrix): number {
  return maxAbs(sub(a, b)) / Math.max(1, maxAbs(b));
}

/** max|QᴴQ − I|: zero when the columns of Q are orthonormal. */
export function orthoErr(q: CMatrix): number {
  return maxAbs(sub(matmul(q, q, 'H', 'N'), identity(q.cols)));
}

/** Largest |a_ij| strictly below the diagonal. */
export function belowDiagonal(a: CMatrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < Math.min(i, a.cols); j++) {
      m = Math.max(m, Math.hypot(a.data[2 * (i * a.cols + j)], a.data[2 * (i * a.cols + j) + 1]));
    }
  }
  return m;
}
