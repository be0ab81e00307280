/**
 * Economy singular value decomposition by one-sided (Hestenes) complex Jacobi: A = U diag(S) Vᴴ for A [m, n],
 * k = min(m, n): U [m, k] and V [n, k] with orthonormal columns, S [k] real, non-negative, sorted descending.
 *
 * Tall inputs (m > n) are first reduced by Householder QR (A = Q R, SVD of the n×n R, U = Q U_R); wide inputs are
 * decomposed as Aᴴ = V S Uᴴ. The Jacobi step orthogonalizes column pairs of G (initially A) while accumulating the
 * same unitary rotations in V: for α = ‖g_p‖², β = ‖g_q‖², γ = g_pᴴ g_q = |γ| e^{jφ}, it is the Hermitian Jacobi
 * rotation of the Gram block [[α, γ], [γ*, β]] (see eigh.ts). A pair is skipped when |γ| ≤ max(m, 4)·ε·√(αβ) or
 * a column has norm ≤ ε‖A‖_F (rounding noise of a zero singular value); the iteration stops after a sweep without
 * rotations. Then S_j = ‖g_j‖ and u_j = g_j / S_j. For numerically zero singular values
 * (S_j ≤ max(m, n)·ε·S_1) u_j is instead completed to an orthonormal set by Gram–Schmidt, so U keeps orthonormal
 * columns for rank-deficient A.
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { ConvergenceError } from './errors.js';
import { matmul } from './matmul.js';
import { qr } from './qr.js';
import { conjTranspose } from './transpose.js';

export interface SVD {
  /** [m, k] left singular vectors (orthonormal columns) */
  U: CMatrix;
  /** [k] singular values, descending */
  S: Float64Array;
  /** [n, k] right singular vectors (orthonormal columns) */
  V: CMatrix;
}

export function svd(a: CMatrix, maxSweeps = 80): SVD {
  if (a.rows < a.cols) {
    const t = svd(conjTranspose(a), maxSweeps);
    return { U: t.V, S: t.S, V: t.U };
  }
  if (a.rows > a.cols) {
    const { Q, R } = qr(a, 'economy');
    const inner = jacobiSvd(R, maxSweeps);
    return { U: matmul(Q, inner.U), S: inner.S, V: inner.V };
  }
  return jacobiSvd(a, maxSweeps);
}

/** One-sided Jacobi for m ≥ n; columns are held as separate interleaved arrays for cache-friendly pair updates. */
function jacobiSvd(a: CMatrix, maxSweeps: number): SVD {
  const m = a.rows;
  const n = a.cols;
  const g: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(2 * m);
    for (let i = 0; i < m; i++) {
      col[2 * i] = a.data[2 * (i * n + j)];
      col[2 * i + 1] = a.data[2 * (i * n + j) + 1];
    }
    g.push(col);
    const e = new Float64Array(2 * n);
    e[2 * j] = 1;
    v.push(e);
  }

  // The computed γ carries rounding error up to ~m·ε·√(αβ) (Cauchy–Schwarz bound of the dot product), so pairs are
  // treated as orthogonal below that level; a smaller threshold can make Jacobi chase rounding noise forever.
  const orthTol = Math.max(m, 4) * Number.EPSILON;
  // A column at rounding level (a numerically zero singular value of a rank-deficient A) has a noise direction that
  // rotations cannot make orthogonal; it is left alone and later replaced by the orthonormal completion of U.
  let fro2 = 0;
  for (let i = 0; i < a.data.length; i++) fro2 += a.data[i] * a.data[i];
  const negligible = Number.EPSILON * Number.EPSILON * fro2;
  let converged = n < 2;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const gp = g[p];
        const gq = g[q];
        let alpha = 0;
        let beta = 0;
        let gr = 0;
        let gi = 0;
        for (let i = 0; i < 2 * m; i += 2) {
          alpha += gp[i] * gp[i] + gp[i + 1] * gp[i + 1];
          beta += gq[i] * gq[i] + gq[i + 1] * gq[i + 1];
          gr += gp[i] * gq[i] + gp[i + 1] * gq[i + 1]; // conj(g_p)·g_q
          gi += gp[i] * gq[i + 1] - gp[i + 1] * gq[i];
        }
        const mag = Math.hypot(gr, gi);
        if (mag === 0 || mag <= orthTol * Math.sqrt(alpha * beta)) continue;
        if (alpha <= negligible || beta <= negligible) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * mag);
        const t = zeta === 0 ? 1 : Math.sign(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        const er = gr / mag; // e^{−jφ} = conj(γ)/|γ|
        const ei = -gi / mag;
        rotatePair(gp, gq, c, s, er, ei);
        rotatePair(v[p], v[q], c, s, er, ei);
      }
    }
    converged = !rotated;
  }
  if (!converged) {
    throw new ConvergenceError(`svd: one-sided Jacobi did not converge in ${maxSweeps} sweeps for a ${m}×${n} matrix`);
  }

  const norms = g.map((col) => columnNorm(col));
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const S = Float64Array.from(order, (j) => norms[j]);
  const tol = Math.max(m, n) * Number.EPSILON * (S[0] ?? 0);
  const uCols: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    const src = g[order[k]];
    if (S[k] > tol && S[k] > 0) uCols.push(src.map((x) => x / S[k]));
  }
  while (uCols.length < n) uCols.push(orthonormalComplement(uCols, m));

  const U = cmatrix(m, n);
  const V = cmatrix(n, n);
  for (let k = 0; k < n; k++) {
    const vk = v[order[k]];
    for (let i = 0; i < m; i++) {
      U.data[2 * (i * n + k)] = uCols[k][2 * i];
      U.data[2 * (i * n + k) + 1] = uCols[k][2 * i + 1];
    }
    for (let i = 0; i < n; i++) {
      V.data[2 * (i * n + k)] = vk[2 * i];
      V.data[2 * (i * n + k) + 1] = vk[2 * i + 1];
    }
  }
  return { U, S, V };
}

/** (x, y) ← (c x − s e y, s x + c e y) with e = er + j ei: new columns of [x y]·[[c, s], [−s e, c e]]. */
function rotatePair(x: Float64Array, y: Float64Array, c: number, s: number, er: number, ei: number): void {
  for (let i = 0; i < x.length; i += 2) {
    const xr = x[i];
    const xi = x[i + 1];
    const eyr = er * y[i] - ei * y[i + 1];
    const eyi = er * y[i + 1] + ei * y[i];
    x[i] = c * xr - s * eyr;
    x[i + 1] = c * xi - s * eyi;
    y[i] = s * xr + c * eyr;
    y[i + 1] = s * xi + c * eyi;
  }
}

function columnNorm(col: Float64Array): number {
  let big = 0;
  for (let i = 0; i < col.length; i++) big = Math.max(big, Math.abs(col[i]));
  if (big === 0) return 0;
  let s = 0;
  for (let i = 0; i < col.length; i++) s += (col[i] / big) ** 2;
  return big * Math.sqrt(s);
}

/**
 * A unit vector orthogonal to `basis` (orthonormal, fewer than m vectors): the standard basis vector with the
 * largest residual after two passes of Gram–Schmidt (the second pass restores orthogonality lost to rounding).
 */
function orthonormalComplement(basis: Float64Array[], m: number): Float64Array {
  let best: Float64Array | undefined;
  let bestNorm = -1;
  for (let e = 0; e < m; e++) {
    const x = new Float64Array(2 * m);
    x[2 * e] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dr = 0;
        let di = 0;
        for (let i = 0; i < 2 * m; i += 2) {
          dr += b[i] * x[i] + b[i + 1] * x[i + 1];
          di += b[i] * x[i + 1] - b[i + 1] * x[i];
        }
        for (let i = 0; i < 2 * m; i += 2) {
          x[i] -= dr * b[i] - di * b[i + 1];
          x[i + 1] -= dr * b[i + 1] + di * b[i];
        }
      }
    }
    const nx = columnNorm(x);
    if (nx > bestNorm) {
      bestNorm = nx;
      best = x;
    }
    if (nx > 0.5) break; // good enough: well conditioned
  }
  return best!.map((x) => x / bestNorm);
}
