/**
 * Fully digital SVD transceiver (the DL-JHPF paper's fully digital baseline): with H = U diag(S) Vᴴ [N_r, N_t],
 *   F_opt = V[:, 1:N_s] [N_t, N_s],  W_opt = U[:, 1:N_s] [N_r, N_s]
 * so Wᴴ H F = diag(S_1..S_Ns) and R = Σ_i log2(1 + (SNR/N_s) S_i²) (equal power, no water-filling).
 * ‖F_opt‖_F² = N_s, matching the hybrid normalization.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { submatrix } from '../linalg/slicing.js';
import { svd } from '../linalg/svd.js';
import { checkCount } from './errors.js';

export interface DigitalTransceiver {
  /** [N_t, N_s] */
  readonly F: CMatrix;
  /** [N_r, N_s] */
  readonly W: CMatrix;
  /** all min(N_r, N_t) singular values of H, descending */
  readonly singularValues: Float64Array;
}

export function fullyDigital(H: CMatrix, ns: number): DigitalTransceiver {
  checkCount('fullyDigital', 'N_s', ns, 1, Math.min(H.rows, H.cols));
  const { U, S, V } = svd(H);
  return { F: submatrix(V, 0, V.rows, 0, ns), W: submatrix(U, 0, U.rows, 0, ns), singularValues: S };
}
