/**
 * Complex Householder QR: A = Q R for A [m, n].
 *
 * Reflector k maps x = A[k:, k] to α e₁ with α = −e^{j∠x₀}‖x‖ (the sign choice that avoids cancellation in
 * v = x − α e₁): H_k = I − 2 v vᴴ / vᴴv, Hermitian and unitary. Q = H₀ H₁ ⋯ H_{p−1}, p = min(m, n).
 *   economy  (default): Q [m, k] with orthonormal columns, R [k, n] upper trapezoidal, k = min(m, n)
 *   complete:           Q [m, m] unitary,                   R [m, n]
 * R's diagonal is complex in general (not normalized to be real and positive).
 */
import { cmatrix, type CMatrix } from './cmatrix.js';

export interface QR {
  Q: CMatrix;
  R: CMatrix;
}

export function qr(a: CMatrix, mode: 'economy' | 'complete' = 'economy'): QR {
  const m = a.rows;
  const n = a.cols;
  const p = Math.min(m, n);
  const w = a.data.slice(); // working copy, becomes R
  const vs: Float64Array[] = []; // v_k over rows k..m−1, interleaved; scaled so 2/vᴴv is stored separately
  const betas: number[] = [];
  for (let k = 0; k < p; k++) {
    const len = m - k;
    const v = new Float64Array(2 * len);
    let xnorm2 = 0;
    for (let i = 0; i < len; i++) {
      const re = w[2 * ((k + i) * n + k)];
      const im = w[2 * ((k + i) * n + k) + 1];
      v[2 * i] = re;
      v[2 * i + 1] = im;
      xnorm2 += re * re + im * im;
    }
    const xnorm = Math.sqrt(xnorm2);
    if (xnorm === 0) {
      vs.push(v);
      betas.push(0); // H_k = I
      continue;
    }
    const x0r = v[0];
    const x0i = v[1];
    const x0abs = Math.hypot(x0r, x0i);
    const [pr, pi] = x0abs === 0 ? [1, 0] : [x0r / x0abs, x0i / x0abs];
    const alphaR = -pr * xnorm;
    const alphaI = -pi * xnorm;
    v[0] = x0r - alphaR;
    v[1] = x0i - alphaI;
    const vnorm2 = 2 * xnorm * (xnorm + x0abs); // ‖x − α e₁‖² for this choice of α
    const beta = 2 / vnorm2;
    vs.push(v);
    betas.push(beta);
    // Column k becomes α e₁ exactly.
    w[2 * (k * n + k)] = alphaR;
    w[2 * (k * n + k) + 1] = alphaI;
    for (let i = 1; i < len; i++) {
      w[2 * ((k + i) * n + k)] = 0;
      w[2 * ((k + i) * n + k) + 1] = 0;
    }
    // Remaining columns j > k: a_j ← a_j − β v (vᴴ a_j).
    for (let j = k + 1; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let i = 0; i < len; i++) {
        const ar = w[2 * ((k + i) * n + j)];
        const ai = w[2 * ((k + i) * n + j) + 1];
        sr += v[2 * i] * ar + v[2 * i + 1] * ai;
        si += v[2 * i] * ai - v[2 * i + 1] * ar;
      }
      sr *= beta;
      si *= beta;
      for (let i = 0; i < len; i++) {
        w[2 * ((k + i) * n + j)] -= v[2 * i] * sr - v[2 * i + 1] * si;
        w[2 * ((k + i) * n + j) + 1] -= v[2 * i] * si + v[2 * i + 1] * sr;
      }
    }
  }

  const qCols = mode === 'economy' ? p : m;
  const rRows = mode === 'economy' ? p : m;
  const R = cmatrix(rRows, n);
  for (let r = 0; r < Math.min(rRows, m); r++) {
    for (let c = r; c < n; c++) {
      R.data[2 * (r * n + c)] = w[2 * (r * n + c)];
      R.data[2 * (r * n + c) + 1] = w[2 * (r * n + c) + 1];
    }
  }
  // Q = H₀ ⋯ H_{p−1} [I; 0]: apply the reflectors to the identity's leading columns, last reflector first.
  const Q = cmatrix(m, qCols);
  const q = Q.data;
  for (let i = 0; i < qCols; i++) q[2 * (i * qCols + i)] = 1;
  for (let k = p - 1; k >= 0; k--) {
    const beta = betas[k];
    if (beta === 0) continue;
    const v = vs[k];
    const len = m - k;
    for (let j = 0; j < qCols; j++) {
      let sr = 0;
      let si = 0;
      for (let i = 0; i < len; i++) {
        const ar = q[2 * ((k + i) * qCols + j)];
        const ai = q[2 * ((k + i) * qCols + j) + 1];
        sr += v[2 * i] * ar + v[2 * i + 1] * ai;
        si += v[2 * i] * ai - v[2 * i + 1] * ar;
      }
      if (sr === 0 && si === 0) continue;
      sr *= beta;
      si *= beta;
      for (let i = 0; i < len; i++) {
        q[2 * ((k + i) * qCols + j)] -= v[2 * i] * sr - v[2 * i + 1] * si;
        q[2 * ((k + i) * qCols + j) + 1] -= v[2 * i] * si + v[2 * i + 1] * sr;
      }
    }
  }
  return { Q, R };
}
