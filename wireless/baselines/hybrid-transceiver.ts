/**
 * Hybrid analog/digital transceiver as returned by the baselines (paper 000 §II, El Ayach et al. 2014):
 *   transmit x = F_RF F_BB s,  receive ŝ = W_BBᴴ W_RFᴴ (H x + n)
 * F_RF [N_t, N_RF], F_BB [N_RF, N_s], W_RF [N_r, N_RF], W_BB [N_RF, N_s]; analog entries are unit modulus unless a
 * baseline says otherwise (DFT-codebook columns are 1/√N-scaled), power normalization ‖F_RF F_BB‖_F² = N_s.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';

export interface HybridTransceiver {
  readonly F_RF: CMatrix;
  readonly F_BB: CMatrix;
  readonly W_RF: CMatrix;
  readonly W_BB: CMatrix;
}

/** OFDM: one analog pair shared by all K subcarriers, one digital pair per subcarrier ([K] arrays). */
export interface HybridOfdmTransceiver {
  readonly F_RF: CMatrix;
  readonly F_BB: readonly CMatrix[];
  readonly W_RF: CMatrix;
  readonly W_BB: readonly CMatrix[];
}

/** F = F_RF F_BB [N_t, N_s] and W = W_RF W_BB [N_r, N_s]. */
export function hybridProducts(t: HybridTransceiver): { F: CMatrix; W: CMatrix } {
  return { F: matmul(t.F_RF, t.F_BB), W: matmul(t.W_RF, t.W_BB) };
}
