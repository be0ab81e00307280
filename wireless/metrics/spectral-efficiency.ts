import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { logDetHermitianPD } from '../linalg/logdet.js';
import { matmul } from '../linalg/matmul.js';

/**
 * Spectral efficiency of a point-to-point MIMO link with precoder F (N_t × N_s) and combiner W (N_r × N_s), Gaussian
 * signalling and white noise (El Ayach et al. 2014 eq. (6); the DL-JHPF paper's baselines):
 *   R = log2 det(I_{N_s} + (SNR/N_s) · (Wᴴ W)⁻¹ Wᴴ H F Fᴴ Hᴴ W)        [bit/s/Hz]
 * (W^† here is the pseudo-inverse (WᴴW)⁻¹Wᴴ; the (WᴴW)⁻¹ accounts for the colored combined noise).
 * Computed without inverses as log2 det(WᴴW + c·A Aᴴ) − log2 det(WᴴW), A = Wᴴ H F, c = SNR/N_s, both Hermitian
 * positive definite (Cholesky log-det from wireless/linalg). Without a combiner: R = log2 det(I_{N_r} + c·H F Fᴴ Hᴴ) = log2 det(I_{N_s} + c·Bᴴ B),
 * B = H F (Sylvester's identity).
 *
 * Conventions: F scaled as in DL-JHPF eq. (9) (‖F_RF F_BB‖_F² = N_s), noise CN(0, I), SNR = P/σ² linear (paper 000);
 * H is N_r × N_t with y = H x.
 */
export function spectralEfficiency(H: CMatrix, F: CMatrix, snr: number, W?: CMatrix): number {
  if (H.cols !== F.rows) {
    throw new RangeError(`spectralEfficiency: F must have N_t = ${H.cols} rows; got ${F.rows}×${F.cols}`);
  }
  if (!(snr >= 0)) throw new RangeError(`spectralEfficiency: SNR must be ≥ 0 (linear); got ${snr}`);
  const ns = F.cols;
  const c = snr / ns;
  const B = matmul(H, F); // N_r × N_s
  if (!W) {
    const G = matmul(B, B, 'H', 'N'); // Bᴴ B, N_s × N_s
    return log2DetHermitian(addScaledIdentity(G, c, 1));
  }
  if (W.rows !== H.rows || W.cols !== ns) {
    throw new RangeError(`spectralEfficiency: W must be ${H.rows}×${ns} (N_r × N_s); got ${W.rows}×${W.cols}`);
  }
  const Rn = matmul(W, W, 'H', 'N'); // Wᴴ W
  const A = matmul(W, B, 'H', 'N'); // Wᴴ H F
  const AA = matmul(A, A, 'N', 'H');
  const M = cmatrix(ns, ns);
  for (let i = 0; i < M.data.length; i++) M.data[i] = Rn.data[i] + c * AA.data[i];
  return log2DetHermitian(M) - log2DetHermitian(Rn);
}

/** log2 det A for Hermitian positive definite A (linalg's Cholesky log-det). */
function log2DetHermitian(A: CMatrix): number {
  return logDetHermitianPD(A) / Math.LN2;
}

/** c·G + d·I for a square G. */
function addScaledIdentity(G: CMatrix, c: number, d: number): CMatrix {
  const n = G.rows;
  const out = cmatrix(n, n);
  for (let i = 0; i < out.data.length; i++) out.data[i] = c * G.data[i];
  for (let i = 0; i < n; i++) out.data[2 * (i * n + i)] += d;
  return out;
}
