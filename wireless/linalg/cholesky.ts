/**
 * Cholesky factorization of a Hermitian positive definite matrix: A = L Lᴴ, L [n, n] lower triangular with a real
 * positive diagonal. Only the lower triangle of A is read (the upper one is assumed to be its conjugate mirror).
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { NotPositiveDefiniteError, assertSquare } from './errors.js';

export function cholesky(a: CMatrix): CMatrix {
  assertSquare('cholesky', a);
  const n = a.rows;
  const L = cmatrix(n, n);
  const l = L.data;
  const A = a.data;
  for (let j = 0; j < n; j++) {
    // L_jj² = A_jj − Σ_{k<j} |L_jk|²
    let d = A[2 * (j * n + j)];
    for (let k = 0; k < j; k++) d -= l[2 * (j * n + k)] ** 2 + l[2 * (j * n + k) + 1] ** 2;
    if (!(d > 0) || !Number.isFinite(d)) {
      throw new NotPositiveDefiniteError(
        `cholesky: expected a Hermitian positive definite matrix; pivot ${j} is ${d}. ` + 'Regularize (A + εI) or use eigh for semidefinite input',
      );
    }
    const ljj = Math.sqrt(d);
    l[2 * (j * n + j)] = ljj;
    // L_ij = (A_ij − Σ_{k<j} L_ik conj(L_jk)) / L_jj for i > j
    for (let i = j + 1; i < n; i++) {
      let sr = A[2 * (i * n + j)];
      let si = A[2 * (i * n + j) + 1];
      for (let k = 0; k < j; k++) {
        const ar = l[2 * (i * n + k)];
        const ai = l[2 * (i * n + k) + 1];
        const br = l[2 * (j * n + k)];
        const bi = l[2 * (j * n + k) + 1];
        sr -= ar * br + ai * bi;
        si -= ai * br - ar * bi;
      }
      l[2 * (i * n + j)] = sr / ljj;
      l[2 * (i * n + j) + 1] = si / ljj;
    }
  }
  return L;
}
