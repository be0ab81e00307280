/**
 * Imperfect CSI: least-squares and linear MMSE channel estimates at a given pilot SNR, for DL-JHPF's CSI-mismatch
 * tests (paper 000 §IV-B, Fig. 6–7: channels estimated at 10 dB and 20 dB; the paper uses a CNN estimator [24], these
 * are the classical stand-ins).
 *
 * Pilot model: the transmitter sends L_p ≥ N_t orthogonal pilot vectors X (N_t × L_p, X Xᴴ = I_{N_t}) at SNR ρ:
 *   Y = √ρ H X + N,  N ~ CN(0, I)   ⇒   Ĥ_LS = Y Xᴴ / √ρ = H + E,  E = N Xᴴ / √ρ with i.i.d. CN(0, 1/ρ) entries
 * (N Xᴴ is white because X Xᴴ = I). ρ is therefore the per-entry SNR for channels with E|H_ij|² = 1, which is the
 * normalization of the SV, CDL and UMi/UMa generators (E‖H‖_F² = N_r N_t). The estimate is drawn directly as H + E,
 * which has exactly that distribution.
 * LMMSE with a known per-entry variance σ_h²[i, j] = E|H_ij|² and the entries treated as uncorrelated (diagonal prior
 * covariance — exact for uncorrelated entries, the per-entry shrinkage otherwise):
 *   Ĥ_MMSE[i, j] = σ_h²[i, j] / (σ_h²[i, j] + 1/ρ) · Ĥ_LS[i, j],   per-entry MSE σ_h² (1/ρ) / (σ_h² + 1/ρ).
 * For σ_h² ≡ 1 the NMSEs are 1/ρ (LS) and 1/(1 + ρ) (LMMSE).
 *
 * Inputs and outputs are c64 batches in the engine layout (ChannelBatch `[batch, N_r, N_t]` or OfdmChannelBatch
 * `[batch, K, N_r, N_t]`); for OFDM each subcarrier is estimated independently with the same model.
 */
import type { Rng } from '../random/rng.js';
import type { AnyChannelBatch } from './types.js';

export type CsiEstimator = 'ls' | 'lmmse';

export interface ImperfectCsiOptions {
  readonly method: CsiEstimator;
  /** pilot SNR ρ in dB (DL-JHPF: 10 or 20) */
  readonly pilotSnrDb: number;
  /**
   * LMMSE only: prior per-entry variance σ_h², a number (all entries) or one value per entry of one matrix
   * (`[N_r·N_t]`, row-major; OFDM batches share it across subcarriers). Default 1 (the unit-average normalization).
   */
  readonly entryVariance?: number | ArrayLike<number>;
}

/** A noisy estimate of every matrix in the batch, same shape and layout as the input. */
export function estimateChannel<T extends AnyChannelBatch>(H: T, options: ImperfectCsiOptions, rng: Rng): T {
  const { method, pilotSnrDb } = options;
  if (method !== 'ls' && method !== 'lmmse') throw new RangeError(`estimateChannel: method must be 'ls' or 'lmmse'; got ${String(method)}`);
  if (!Number.isFinite(pilotSnrDb)) throw new RangeError(`estimateChannel: pilotSnrDb must be finite; got ${pilotSnrDb}`);
  if (method === 'ls' && options.entryVariance !== undefined) {
    throw new RangeError("estimateChannel: entryVariance applies to 'lmmse' only; the LS estimate uses no prior");
  }
  const noiseVar = 10 ** (-pilotSnrDb / 10);
  const nr = H.shape[H.shape.length - 2];
  const nt = H.shape[H.shape.length - 1];
  const perMatrix = nr * nt;
  const prior = options.entryVariance ?? 1;
  if (typeof prior !== 'number' && prior.length !== perMatrix) {
    throw new RangeError(`estimateChannel: entryVariance must have N_r·N_t = ${perMatrix} entries; got ${prior.length}`);
  }
  const priorAt = (e: number): number => (typeof prior === 'number' ? prior : prior[e]);
  if (method === 'lmmse') {
    for (let e = 0; e < (typeof prior === 'number' ? 1 : perMatrix); e++) {
      if (!(priorAt(e) >= 0)) throw new RangeError(`estimateChannel: entryVariance must be ≥ 0; got ${priorAt(e)} at entry ${e}`);
    }
  }
  const src = H.data;
  const out = new Float32Array(src.length);
  const s = Math.sqrt(noiseVar / 2);
  const entries = src.length / 2;
  for (let i = 0; i < entries; i++) {
    const er = src[2 * i] + s * rng.normal();
    const ei = src[2 * i + 1] + s * rng.normal();
    const w = method === 'ls' ? 1 : priorAt(i % perMatrix) / (priorAt(i % perMatrix) + noiseVar);
    out[2 * i] = w * er;
    out[2 * i + 1] = w * ei;
  }
  return { ...H, data: out } as T;
}

/** Theoretical per-entry MSE of the estimator for prior variance σ_h² at pilot SNR ρ (dB). */
export function estimatorMse(method: CsiEstimator, pilotSnrDb: number, entryVariance = 1): number {
  const noiseVar = 10 ** (-pilotSnrDb / 10);
  return method === 'ls' ? noiseVar : (entryVariance * noiseVar) / (entryVariance + noiseVar);
}

/**
 * Sample per-entry variance E|H_ij|² over a batch (and subcarriers): `[N_r·N_t]`, for an empirical LMMSE prior.
 */
export function empiricalEntryVariance(H: AnyChannelBatch): Float64Array {
  const nr = H.shape[H.shape.length - 2];
  const nt = H.shape[H.shape.length - 1];
  const per = nr * nt;
  const count = H.data.length / (2 * per);
  const out = new Float64Array(per);
  for (let c = 0; c < count; c++) {
    for (let e = 0; e < per; e++) {
      const re = H.data[2 * (c * per + e)];
      const im = H.data[2 * (c * per + e) + 1];
      out[e] += (re * re + im * im) / count;
    }
  }
  return out;
}
