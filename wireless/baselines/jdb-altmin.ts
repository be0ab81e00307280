/**
 * JDB-AltMin (paper 000 §IV, baseline 4): the fully digital SVD transceiver (fully-digital.ts) factored into hybrid
 * form by PE-AltMin on each side — F_opt → (F_RF, F_BB) with ‖F_RF F_BB‖_F² = N_s, W_opt → (W_RF, W_BB) unscaled.
 * OFDM: F_opt[k], W_opt[k] from the SVD of each H[k]; common F_RF, W_RF; per-subcarrier F_BB[k], W_BB[k].
 * The same N_RF is used at both ends (paper 000: N_RF^T = N_RF^R = 3). The initial phases are drawn from `rng`,
 * transmitter first.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import type { Rng } from '../random/rng.js';
import { BaselineArgumentError } from './errors.js';
import { fullyDigital } from './fully-digital.js';
import type { HybridOfdmTransceiver, HybridTransceiver } from './hybrid-transceiver.js';
import { peAltMinOfdm } from './pe-altmin.js';

export interface JdbAltMinOptions {
  readonly nRF: number;
  readonly ns: number;
  readonly rng: Rng;
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

/** Narrowband: H [N_r, N_t]. */
export function jdbAltMin(H: CMatrix, options: JdbAltMinOptions): HybridTransceiver {
  const t = jdbAltMinOfdm([H], options);
  return { F_RF: t.F_RF, F_BB: t.F_BB[0], W_RF: t.W_RF, W_BB: t.W_BB[0] };
}

/** OFDM: H is the [K] list of H[k] [N_r, N_t]. */
export function jdbAltMinOfdm(H: readonly CMatrix[], options: JdbAltMinOptions): HybridOfdmTransceiver {
  if (H.length === 0) throw new BaselineArgumentError('jdbAltMin: expected at least one channel matrix; got none');
  const { nRF, ns, rng, tolerance, maxIterations } = options;
  const digital = H.map((Hk) => fullyDigital(Hk, ns));
  const tx = peAltMinOfdm(
    digital.map((d) => d.F),
    { nRF, rng, tolerance, maxIterations, normalize: true },
  );
  const rx = peAltMinOfdm(
    digital.map((d) => d.W),
    { nRF, rng, tolerance, maxIterations, normalize: false },
  );
  return { F_RF: tx.F_RF, F_BB: tx.F_BB, W_RF: rx.F_RF, W_BB: rx.F_BB };
}
