/**
 * Spectral efficiency of the baselines: R = log2 det(I_Ns + (SNR/N_s) Rn⁻¹ Wᴴ H F Fᴴ Hᴴ W), Rn = σ² Wᴴ W
 * (El Ayach et al. 2014 eq. (6)), SNR = P/σ² linear, ‖F‖_F² = N_s, H [N_r, N_t] with y = H x + n.
 *
 * The formula itself is defined once, in wireless/metrics/spectral-efficiency.ts (`spectralEfficiency(H, F, snr, W?)`),
 * and re-exported here; this file adds the hybrid and OFDM conveniences the baselines return.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import { spectralEfficiency } from '../metrics/spectral-efficiency.js';
import { BaselineArgumentError } from './errors.js';
import { hybridProducts, type HybridOfdmTransceiver, type HybridTransceiver } from './hybrid-transceiver.js';

export { spectralEfficiency };

/** R for a narrowband hybrid transceiver: F = F_RF F_BB, W = W_RF W_BB. */
export function hybridSpectralEfficiency(H: CMatrix, t: HybridTransceiver, snr: number): number {
  const { F, W } = hybridProducts(t);
  return spectralEfficiency(H, F, snr, W);
}

/** Mean over subcarriers of R[k] with F[k] = F_RF F_BB[k], W[k] = W_RF W_BB[k]; H is the [K] list of H[k]. */
export function ofdmSpectralEfficiency(H: readonly CMatrix[], t: HybridOfdmTransceiver, snr: number): number {
  if (H.length === 0 || t.F_BB.length !== H.length || t.W_BB.length !== H.length) {
    throw new BaselineArgumentError(
      `ofdmSpectralEfficiency: expected K ≥ 1 channels and K digital matrices per side; got ${H.length} channels, ` +
        `${t.F_BB.length} F_BB and ${t.W_BB.length} W_BB`,
    );
  }
  let sum = 0;
  H.forEach((Hk, k) => {
    sum += spectralEfficiency(Hk, matmul(t.F_RF, t.F_BB[k]), snr, matmul(t.W_RF, t.W_BB[k]));
  });
  return sum / H.length;
}
