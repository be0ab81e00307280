/**
 * LU factorization with partial (row) pivoting, P A = L U, and the solves built on it.
 *
 * L is unit lower triangular and U upper triangular, stored packed in one [n, n] matrix; perm[i] is the row of A
 * that became row i. A pivot is treated as singular when |u_ii| ≤ n·ε·max|a_ij| (numerically zero relative to A).
 */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgShapeError, SingularMatrixError, assertSquare, shapeOf } from './errors.js';
import { maxAbs } from './reductions.js';

export interface LU {
  /** unit-lower L below the diagonal, U on and above it */
  packed: CMatrix;
  perm: Int32Array;
  /** +1 or −1: the sign of the permutation, for the determinant */
  sign: 1 | -1;
  /** index of the first numerically zero pivot, or −1 */
  singularAt: number;
}

export function lu(a: CMatrix): LU {
  assertSquare('lu', a);
  const n = a.rows;
  const packed = cmatrix(n, n, a.data);
  const w = packed.data;
  const perm = new Int32Array(n).map((_, i) => i);
  let sign: 1 | -1 = 1;
  let singularAt = -1;
  const tiny = n * Number.EPSILON * maxAbs(a);
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = -1;
    for (let i = k; i < n; i++) {
      const v = Math.hypot(w[2 * (i * n + k)], w[2 * (i * n + k) + 1]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let c = 0; c < 2 * n; c++) {
        const t = w[2 * k * n + c];
        w[2 * k * n + c] = w[2 * p * n + c];
        w[2 * p * n + c] = t;
      }
      [perm[k], perm[p]] = [perm[p], perm[k]];
      sign = sign === 1 ? -1 : 1;
    }
    if (best <= tiny) {
      if (singularAt < 0) singularAt = k;
      continue; // column already zero below the diagonal (up to rounding): nothing to eliminate
    }
    const pr = w[2 * (k * n + k)];
    const pi = w[2 * (k * n + k) + 1];
    const p2 = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      const ar = w[2 * (i * n + k)];
      const ai = w[2 * (i * n + k) + 1];
      const lr = (ar * pr + ai * pi) / p2;
      const li = (ai * pr - ar * pi) / p2;
      w[2 * (i * n + k)] = lr;
      w[2 * (i * n + k) + 1] = li;
      for (let j = k + 1; j < n; j++) {
        const ur = w[2 * (k * n + j)];
        const ui = w[2 * (k * n + j) + 1];
        w[2 * (i * n + j)] -= lr * ur - li * ui;
        w[2 * (i * n + j) + 1] -= lr * ui + li * ur;
      }
    }
  }
  return { packed, perm, sign, singularAt };
}

/** Solves A X = B (A [n, n] nonsingular, B [n, k]) by LU with partial pivoting. */
export function solve(a: CMatrix, b: CMatrix): CMatrix {
  assertSquare('solve', a);
  if (b.rows !== a.rows) {
    throw new LinalgShapeError(`solve: B needs ${a.rows} rows to match A ${shapeOf(a)}; got ${shapeOf(b)}`);
  }
  return luSolve(lu(a), b);
}

/** Solves A X = B from a factorization returned by lu(A). */
export function luSolve(f: LU, b: CMatrix): CMatrix {
  const n = f.packed.rows;
  if (f.singularAt >= 0) {
    throw new SingularMatrixError(`solve: expected a nonsingular matrix; pivot ${f.singularAt} is numerically zero. Use pinv for a least-squares solution`);
  }
  const k = b.cols;
  const w = f.packed.data;
  const X = cmatrix(n, k);
  const x = X.data;
  for (let i = 0; i < n; i++) x.set(b.data.subarray(2 * f.perm[i] * k, 2 * (f.perm[i] + 1) * k), 2 * i * k);
  for (let c = 0; c < k; c++) {
    // L y = P b (unit diagonal)
    for (let i = 1; i < n; i++) {
      let sr = x[2 * (i * k + c)];
      let si = x[2 * (i * k + c) + 1];
      for (let j = 0; j < i; j++) {
        const lr = w[2 * (i * n + j)];
        const li = w[2 * (i * n + j) + 1];
        sr -= lr * x[2 * (j * k + c)] - li * x[2 * (j * k + c) + 1];
        si -= lr * x[2 * (j * k + c) + 1] + li * x[2 * (j * k + c)];
      }
      x[2 * (i * k + c)] = sr;
      x[2 * (i * k + c) + 1] = si;
    }
    // U x = y
    for (let i = n - 1; i >= 0; i--) {
      let sr = x[2 * (i * k + c)];
      let si = x[2 * (i * k + c) + 1];
      for (let j = i + 1; j < n; j++) {
        const ur = w[2 * (i * n + j)];
        const ui = w[2 * (i * n + j) + 1];
        sr -= ur * x[2 * (j * k + c)] - ui * x[2 * (j * k + c) + 1];
        si -= ur * x[2 * (j * k + c) + 1] + ui * x[2 * (j * k + c)];
      }
      const dr = w[2 * (i * n + i)];
      const di = w[2 * (i * n + i) + 1];
      const d2 = dr * dr + di * di;
      x[2 * (i * k + c)] = (sr * dr + si * di) / d2;
      x[2 * (i * k + c) + 1] = (si * dr - sr * di) / d2;
    }
  }
  return X;
}

/** A⁻¹ for a nonsingular square A. */
export function inverse(a: CMatrix): CMatrix {
  assertSquare('inverse', a);
  const n = a.rows;
  const I = cmatrix(n, n);
  for (let i = 0; i < n; i++) I.data[2 * (i * n + i)] = 1;
  return luSolve(lu(a), I);
}

/** det(A) as [re, im] (0 for a numerically singular A). */
export function det(a: CMatrix): [number, number] {
  const f = lu(a);
  if (f.singularAt >= 0) return [0, 0];
  const n = a.rows;
  let re: number = f.sign;
  let im = 0;
  for (let i = 0; i < n; i++) {
    const dr = f.packed.data[2 * (i * n + i)];
    const di = f.packed.data[2 * (i * n + i) + 1];
    [re, im] = [re * dr - im * di, re * di + im * dr];
  }
  return [re, im];
}

/** ln|det(A)|, summed in the log domain (no overflow for large n); −Infinity for a numerically singular A. */
export function logAbsDet(a: CMatrix): number {
  const f = lu(a);
  if (f.singularAt >= 0) return -Infinity;
  const n = a.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(Math.hypot(f.packed.data[2 * (i * n + i)], f.packed.data[2 * (i * n + i) + 1]));
  return s;
}
