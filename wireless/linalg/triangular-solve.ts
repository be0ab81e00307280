/**
 * Triangular solves op(T) X = B for T [n, n] triangular, B [n, k], op ∈ {N, H}. With uplo = 'lower' and op = 'H'
 * this solves Lᴴ X = B (backward substitution) without forming Lᴴ: the second half of a Cholesky solve.
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgShapeError, SingularMatrixError, assertSquare, shapeOf } from './errors.js';

export function solveTriangular(t: CMatrix, b: CMatrix, uplo: 'lower' | 'upper', op: 'N' | 'H' = 'N'): CMatrix {
  assertSquare('solveTriangular', t);
  const n = t.rows;
  if (b.rows !== n) {
    throw new LinalgShapeError(`solveTriangular: B needs ${n} rows to match T ${shapeOf(t)}; got ${shapeOf(b)}`);
  }
  const k = b.cols;
  const T = t.data;
  const conjSign = op === 'H' ? -1 : 1;
  // Element (i, j) of op(T).
  const idx = op === 'N' ? (i: number, j: number) => 2 * (i * n + j) : (i: number, j: number) => 2 * (j * n + i);
  const forward = (uplo === 'lower') === (op === 'N'); // op(T) is lower triangular
  const X = cmatrix(n, k, b.data);
  const x = X.data;
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const di = idx(i, i);
    const dr = T[di];
    const dim = conjSign * T[di + 1];
    const d2 = dr * dr + dim * dim;
    if (d2 === 0) {
      throw new SingularMatrixError(`solveTriangular: diagonal entry ${i} is zero; expected a nonsingular T`);
    }
    for (let c = 0; c < k; c++) {
      let sr = x[2 * (i * k + c)];
      let si = x[2 * (i * k + c) + 1];
      const j0 = forward ? 0 : i + 1;
      const j1 = forward ? i : n;
      for (let j = j0; j < j1; j++) {
        const tj = idx(i, j);
        const tr = T[tj];
        const ti = conjSign * T[tj + 1];
        const xr = x[2 * (j * k + c)];
        const xi = x[2 * (j * k + c) + 1];
        sr -= tr * xr - ti * xi;
        si -= tr * xi + ti * xr;
      }
      // divide by the diagonal: s / d = s·conj(d)/|d|²
      x[2 * (i * k + c)] = (sr * dr + si * dim) / d2;
      x[2 * (i * k + c) + 1] = (si * dr - sr * dim) / d2;
    }
  }
  return X;
}

/** Solves A X = B for Hermitian positive definite A given its Cholesky factor L (A = L Lᴴ). */
export function choleskySolve(L: CMatrix, b: CMatrix): CMatrix {
  return solveTriangular(L, solveTriangular(L, b, 'lower', 'N'), 'lower', 'H');
}
