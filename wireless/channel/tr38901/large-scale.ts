/**
 * Large-scale parameters of one link (TR 38.901 §7.5 step 4, Table 7.5-6).
 *
 * z ~ N(0, I_6), s = L z with L the Cholesky factor of the cross-correlation matrix (LSP_ORDER = SF, DS, ASD, ASA,
 * ZSD, ZSA), lg X = μ_lgX + σ_lgX·s_X, X = 10^{lg X}. Angle spreads are clipped: ASD, ASA ≤ 104°, ZSD, ZSA ≤ 52°
 * (§7.5 step 4). Links are drawn independently: no spatial correlation between channels of a batch (each channel is
 * its own drop).
 */
import type { Rng } from '../../random/rng.js';
import type { ScenarioParameters } from './scenario.js';

/** Index of each LSP in the arrays returned by `drawLargeScaleParameters`. */
export const LSP = { SF: 0, DS: 1, ASD: 2, ASA: 3, ZSD: 4, ZSA: 5 } as const;

/**
 * Draws one link's LSPs into `out` ([6], LSP_ORDER): SF [dB], DS [s], ASD, ASA, ZSD, ZSA [deg].
 * `z` is a [6] scratch array (avoids allocation in batched loops).
 */
export function drawLargeScaleParameters(
  p: ScenarioParameters,
  rng: Rng,
  out: Float64Array = new Float64Array(6),
  z: Float64Array = new Float64Array(6),
): Float64Array {
  for (let i = 0; i < 6; i++) z[i] = rng.normal();
  const L = p.cholesky;
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let j = 0; j <= i; j++) s += L[i * 6 + j] * z[j];
    const lg = p.mu[i] + p.sigma[i] * s;
    out[i] = i === LSP.SF ? lg : 10 ** lg;
  }
  out[LSP.ASD] = Math.min(out[LSP.ASD], 104);
  out[LSP.ASA] = Math.min(out[LSP.ASA], 104);
  out[LSP.ZSD] = Math.min(out[LSP.ZSD], 52);
  out[LSP.ZSA] = Math.min(out[LSP.ZSA], 52);
  return out;
}
