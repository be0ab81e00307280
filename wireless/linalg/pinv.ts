/**
 * Moore–Penrose pseudo-inverse via the SVD: A⁺ = V diag(1/S_i for S_i > tol, else 0) Uᴴ, [n, m] for A [m, n].
 * Default tol = max(m, n)·ε·S₁ (the NumPy/LAPACK rank convention).
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgArgumentError } from './errors.js';
import { matmul } from './matmul.js';
import { svd } from './svd.js';

export interface PinvOptions {
  /** absolute threshold: singular values ≤ tolerance are treated as zero */
  tolerance?: number;
}

export function pinv(a: CMatrix, options: PinvOptions = {}): CMatrix {
  const { U, S, V } = svd(a);
  const tol = options.tolerance ?? Math.max(a.rows, a.cols) * Number.EPSILON * (S[0] ?? 0);
  if (!(tol >= 0)) throw new LinalgArgumentError(`pinv: expected tolerance ≥ 0; got ${tol}`);
  const k = S.length;
  // V diag(1/S) scaled column-wise, then times Uᴴ (no explicit transpose).
  const VS = cmatrix(V.rows, k, V.data);
  for (let j = 0; j < k; j++) {
    const f = S[j] > tol ? 1 / S[j] : 0;
    for (let i = 0; i < V.rows; i++) {
      VS.data[2 * (i * k + j)] *= f;
      VS.data[2 * (i * k + j) + 1] *= f;
    }
  }
  return matmul(VS, U, 'N', 'H');
}
