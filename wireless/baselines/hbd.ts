/**
 * HBD-like baseline (paper 000 §IV, baseline 1: "hybrid block diagonalization", its ref. [6], Ni & Dong), reduced to
 * one user with N_s streams. Implemented:
 *   W_RF = e^{j∠U[:, 1:N_RF]} / √N_r          (phases of the N_RF dominant left singular vectors of H = U S Vᴴ)
 *   F_RF = e^{j∠(W_RFᴴ H)ᴴ} / √N_t             (phase-only matched filter to the combined channel W_RFᴴ H)
 *   F_BB, W_BB = digitalForAnalog(H, F_RF, W_RF, N_s)   (joint SVD of the whitened effective channel W_RFᴴ H F_RF)
 * Analog entries have modulus 1/√N (unit-modulus phase shifters up to a constant the digital stage absorbs, as for
 * the DFT-codebook baselines); ‖F_RF F_BB‖_F² = N_s (digital-for-analog.ts).
 *
 * What ref. [6] does differently: it is a multi-user downlink scheme. Each of K users' analog combiners comes from the
 * phases of that user's dominant left singular vectors, the base station's analog precoder is the phase of the
 * conjugate transpose of the stacked effective channel of all users, and the digital precoder block-diagonalizes the
 * resulting low-dimensional multi-user channel (per-user null-space projection, then a per-user SVD). With one user
 * the block diagonalization has no other users to null, so it collapses to the single SVD used here; paper 000 does
 * not say how it maps HBD onto its single-user N_s-stream link, and this reduction is ours.
 *
 * OFDM (hbdOfdm): analog shared by the K subcarriers, digital per subcarrier. W_RF from the phases of the N_RF
 * dominant eigenvectors of Σ_k H[k] H[k]ᴴ; column i of F_RF from the phases of the dominant eigenvector of
 * Σ_k H[k]ᴴ w_i w_iᴴ H[k] (for K = 1 both reduce to the narrowband rule up to a common phase per column).
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { eigh } from '../linalg/eigh.js';
import { matmul } from '../linalg/matmul.js';
import { column } from '../linalg/slicing.js';
import { svd } from '../linalg/svd.js';
import { digitalForAnalog } from './digital-for-analog.js';
import { BaselineArgumentError, checkCount } from './errors.js';
import type { HybridOfdmTransceiver, HybridTransceiver } from './hybrid-transceiver.js';

export interface HbdOptions {
  /** RF chains at each end (N_RF^t = N_RF^r) */
  readonly nRF: number;
  /** streams, N_s ≤ N_RF */
  readonly ns: number;
}

/** Narrowband: H [N_r, N_t]. */
export function hbd(H: CMatrix, options: HbdOptions): HybridTransceiver {
  const { F_RF, W_RF } = hbdAnalog(H, options.nRF);
  checkCount('hbd', 'N_s', options.ns, 1, options.nRF);
  const { F_BB, W_BB } = digitalForAnalog(H, F_RF, W_RF, options.ns);
  return { F_RF, F_BB, W_RF, W_BB };
}

/** The analog stage of hbd alone: W_RF [N_r, N_RF] and F_RF [N_t, N_RF], entries of modulus 1/√N_r and 1/√N_t. */
export function hbdAnalog(H: CMatrix, nRF: number): { F_RF: CMatrix; W_RF: CMatrix } {
  checkCount('hbd', 'N_RF', nRF, 1, Math.min(H.rows, H.cols));
  const { U } = svd(H);
  const W_RF = phaseColumns(U, nRF, H.rows);
  // (W_RFᴴ H)ᴴ = Hᴴ W_RF [N_t, N_RF]: column i is the matched filter to w_iᴴ H
  const F_RF = phaseColumns(matmul(H, W_RF, 'H', 'N'), nRF, H.cols);
  return { F_RF, W_RF };
}

/** OFDM: H is the [K] list of H[k] [N_r, N_t]; one analog pair for all subcarriers, F_BB[k], W_BB[k] per subcarrier. */
export function hbdOfdm(H: readonly CMatrix[], options: HbdOptions): HybridOfdmTransceiver {
  if (H.length === 0) throw new BaselineArgumentError('hbdOfdm: expected at least one channel matrix; got none');
  const { nRF, ns } = options;
  checkCount('hbdOfdm', 'N_s', ns, 1, nRF);
  if (H.length === 1) {
    const t = hbd(H[0], options);
    return { F_RF: t.F_RF, F_BB: [t.F_BB], W_RF: t.W_RF, W_BB: [t.W_BB] };
  }
  const [nr, nt] = [H[0].rows, H[0].cols];
  checkCount('hbdOfdm', 'N_RF', nRF, 1, Math.min(nr, nt));
  const Rr = cmatrix(nr, nr);
  for (const Hk of H) accumulate(Rr, matmul(Hk, Hk, 'N', 'H'));
  const W_RF = phaseColumns(dominantEigenvectors(Rr, nRF), nRF, nr);
  const F = cmatrix(nt, nRF);
  for (let i = 0; i < nRF; i++) {
    const w = column(W_RF, i);
    const Rt = cmatrix(nt, nt);
    for (const Hk of H) {
      const g = matmul(Hk, w, 'H', 'N'); // Hᴴ w [N_t, 1]
      accumulate(Rt, matmul(g, g, 'N', 'H'));
    }
    const v = dominantEigenvectors(Rt, 1);
    for (let t = 0; t < nt; t++) {
      F.data[2 * (t * nRF + i)] = v.data[2 * t];
      F.data[2 * (t * nRF + i) + 1] = v.data[2 * t + 1];
    }
  }
  const F_RF = phaseColumns(F, nRF, nt);
  const stages = H.map((Hk) => digitalForAnalog(Hk, F_RF, W_RF, ns));
  return { F_RF, F_BB: stages.map((s) => s.F_BB), W_RF, W_BB: stages.map((s) => s.W_BB) };
}

/** e^{j∠a_ij} / √n of the first `cols` columns of a (a zero entry maps to 1/√n). */
function phaseColumns(a: CMatrix, cols: number, n: number): CMatrix {
  const out = cmatrix(a.rows, cols);
  const s = 1 / Math.sqrt(n);
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < cols; c++) {
      const re = a.data[2 * (r * a.cols + c)];
      const im = a.data[2 * (r * a.cols + c) + 1];
      const m = Math.hypot(re, im);
      out.data[2 * (r * cols + c)] = m === 0 ? s : (s * re) / m;
      out.data[2 * (r * cols + c) + 1] = m === 0 ? 0 : (s * im) / m;
    }
  }
  return out;
}

/** The `count` eigenvectors of the largest eigenvalues of a Hermitian matrix, largest first, as columns. */
function dominantEigenvectors(R: CMatrix, count: number): CMatrix {
  const { vectors } = eigh(R);
  const n = R.rows;
  const out = cmatrix(n, count);
  for (let c = 0; c < count; c++) {
    const src = n - 1 - c; // eigh sorts ascending
    for (let r = 0; r < n; r++) {
      out.data[2 * (r * count + c)] = vectors.data[2 * (r * n + src)];
      out.data[2 * (r * count + c) + 1] = vectors.data[2 * (r * n + src) + 1];
    }
  }
  return out;
}

function accumulate(acc: CMatrix, x: CMatrix): void {
  for (let i = 0; i < acc.data.length; i++) acc.data[i] += x.data[i];
}
