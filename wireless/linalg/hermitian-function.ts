/**
 * Matrix functions of a Hermitian matrix through its eigendecomposition: f(A) = V diag(f(λ)) Vᴴ.
 * Used for whitening, e.g. (F_RFᴴ F_RF)^{−1/2} when the analog beams are not orthonormal.
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgArgumentError } from './errors.js';
import { eigh } from './eigh.js';
import { matmul } from './matmul.js';

export function hermitianFunction(a: CMatrix, f: (lambda: number) => number): CMatrix {
  const { values, vectors } = eigh(a);
  const n = a.rows;
  const scaled = cmatrix(n, n, vectors.data);
  for (let j = 0; j < n; j++) {
    const fj = f(values[j]);
    for (let i = 0; i < n; i++) {
      scaled.data[2 * (i * n + j)] *= fj;
      scaled.data[2 * (i * n + j) + 1] *= fj;
    }
  }
  return matmul(scaled, vectors, 'N', 'H');
}

/** A^{−1/2} for Hermitian positive definite A; throws if an eigenvalue is ≤ 0. */
export function inverseSqrtHermitian(a: CMatrix): CMatrix {
  return hermitianFunction(a, (l) => {
    if (!(l > 0)) {
      throw new LinalgArgumentError(`inverseSqrtHermitian: expected a positive definite matrix; found eigenvalue ${l}`);
    }
    return 1 / Math.sqrt(l);
  });
}
