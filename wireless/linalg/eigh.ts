/**
 * Eigendecomposition of a Hermitian matrix by cyclic complex Jacobi rotations: A = V diag(λ) Vᴴ, V unitary,
 * λ real and sorted ascending (the LAPACK/NumPy `eigh` order).
 *
 * Each rotation zeroes one off-diagonal pair: with a_pq = |a_pq| e^{jφ}, D = diag(1, e^{−jφ}) makes the 2×2 block
 * real, and the real symmetric Schur rotation (Golub & Van Loan, Alg. 8.5.1: τ = (a_qq − a_pp)/(2|a_pq|),
 * t = sgn τ/(|τ| + √(1 + τ²)), c = 1/√(1 + t²), s = t c) finishes it: G = D [[c, s], [−s, c]], A ← Gᴴ A G.
 * A rotation is skipped when |a_pq| ≤ ε√(|a_pp a_qq|) (already negligible to working precision); the iteration
 * stops after a sweep with no rotation. Jacobi is slower than tridiagonal QL but unconditionally stable and accurate,
 * which is what reference computations on matrices of a few hundred rows need.
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { ConvergenceError } from './errors.js';
import { assertHermitian } from './hermitian.js';
import { frobeniusNorm } from './reductions.js';

export interface Eigh {
  /** eigenvalues, ascending, length n */
  values: Float64Array;
  /** eigenvectors as columns, [n, n] unitary: A v_i = λ_i v_i */
  vectors: CMatrix;
}

export function eigh(a: CMatrix, maxSweeps = 100): Eigh {
  assertHermitian('eigh', a);
  const n = a.rows;
  // Work on the exact Hermitian part, so rounding-level asymmetry of the input does not bias the result.
  const w = new Float64Array(2 * n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = 2 * (i * n + j);
      const y = 2 * (j * n + i);
      w[x] = 0.5 * (a.data[x] + a.data[y]);
      w[x + 1] = 0.5 * (a.data[x + 1] - a.data[y + 1]);
    }
  }
  const V = cmatrix(n, n);
  const v = V.data;
  for (let i = 0; i < n; i++) v[2 * (i * n + i)] = 1;
  const floor = Number.EPSILON * Number.EPSILON * frobeniusNorm(a); // below this an entry cannot matter

  let converged = n < 2;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const pq = 2 * (p * n + q);
        const re = w[pq];
        const im = w[pq + 1];
        const mag = Math.hypot(re, im);
        const app = w[2 * (p * n + p)];
        const aqq = w[2 * (q * n + q)];
        if (mag <= Number.EPSILON * Math.sqrt(Math.abs(app * aqq)) || mag <= floor) continue;
        rotated = true;
        const tau = (aqq - app) / (2 * mag);
        const t = tau === 0 ? 1 : Math.sign(tau) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const er = re / mag; // e^{−jφ} = er + j·ei
        const ei = -im / mag;
        // G = [[c, s], [−s e^{−jφ}, c e^{−jφ}]]
        const gqpR = -s * er;
        const gqpI = -s * ei;
        const gqqR = c * er;
        const gqqI = c * ei;
        // Columns: (a_ip, a_iq) ← (c a_ip + g_qp a_iq, s a_ip + g_qq a_iq); the same for V.
        for (const m of [w, v]) {
          for (let i = 0; i < n; i++) {
            const ip = 2 * (i * n + p);
            const iq = 2 * (i * n + q);
            const xr = m[ip];
            const xi = m[ip + 1];
            const yr = m[iq];
            const yi = m[iq + 1];
            m[ip] = c * xr + gqpR * yr - gqpI * yi;
            m[ip + 1] = c * xi + gqpR * yi + gqpI * yr;
            m[iq] = s * xr + gqqR * yr - gqqI * yi;
            m[iq + 1] = s * xi + gqqR * yi + gqqI * yr;
          }
        }
        // Rows: (a_pj, a_qj) ← (c a_pj + conj(g_qp) a_qj, s a_pj + conj(g_qq) a_qj).
        for (let j = 0; j < n; j++) {
          const pj = 2 * (p * n + j);
          const qj = 2 * (q * n + j);
          const xr = w[pj];
          const xi = w[pj + 1];
          const yr = w[qj];
          const yi = w[qj + 1];
          w[pj] = c * xr + gqpR * yr + gqpI * yi;
          w[pj + 1] = c * xi + gqpR * yi - gqpI * yr;
          w[qj] = s * xr + gqqR * yr + gqqI * yi;
          w[qj + 1] = s * xi + gqqR * yi - gqqI * yr;
        }
        w[pq] = w[pq + 1] = 0;
        w[2 * (q * n + p)] = w[2 * (q * n + p) + 1] = 0;
        w[2 * (p * n + p) + 1] = 0;
        w[2 * (q * n + q) + 1] = 0;
      }
    }
    converged = !rotated;
  }
  if (!converged) {
    throw new ConvergenceError(`eigh: Jacobi did not converge in ${maxSweeps} sweeps for a ${n}×${n} matrix`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => w[2 * (x * n + x)] - w[2 * (y * n + y)]);
  const values = Float64Array.from(order, (i) => w[2 * (i * n + i)]);
  const vectors = cmatrix(n, n);
  for (let r = 0; r < n; r++) {
    order.forEach((src, dst) => {
      vectors.data[2 * (r * n + dst)] = v[2 * (r * n + src)];
      vectors.data[2 * (r * n + dst) + 1] = v[2 * (r * n + src) + 1];
    });
  }
  return { values, vectors };
}
