/**
 * The link of paper 001 Table I and the RSRP map g of eq. (6e), shared by training, deployment and the baselines.
 *
 * Units: the channel h of wireless/channel/beam-prediction-site.ts carries absolute path gains, so P·|wᴴh|² is the
 * received power (mW for P in mW) of a unit-norm beam w. Everything downstream works in units of the noise power
 * σ² = N₀·B (Table I: −174 dBm/Hz × 100 MHz = −94 dBm): the probe output x = |z|²/σ² with z = √P hᴴ w + n, n ~ CN(0,
 * σ²), so the channel enters scaled by a = √(P/σ²) and the noise is CN(0, 1). The RSRP in dBm is 10 log10 x + σ²_dBm.
 */

/** Paper 001 Table I (the BS array, the band, the probes and the frame). */
export const TABLE_I = {
  /** N_φ × N_θ = 16 × 8 BS UPA (horizontal × vertical) */
  horizontal: 16,
  vertical: 8,
  carrierHz: 30e9,
  bandwidthHz: 100e6,
  noiseDbmPerHz: -174,
  /** L: probe beams */
  probes: 8,
  /** T_s: symbol duration, s */
  symbolS: 8.92e-6,
  /** T_c: slot (coherence) duration, s */
  slotS: 20e-3,
} as const;

/** Eq. (6e): the RSRP window, dBm ("capped between −140 to −40 dBm"). */
export const RSRP_WINDOW_DBM = { low: -140, high: -40 } as const;

/** Algorithm 1: the top-K beams re-probed after the prediction. */
export const REPROBE_TOP_K = 5;

export interface LinkBudget {
  /** P, dBm */
  transmitPowerDbm: number;
  /** N₀ (dBm/Hz) and B (Hz) */
  noiseDbmPerHz: number;
  bandwidthHz: number;
}

/** σ² = N₀ + 10 log10 B, dBm (Table I: −94 dBm). */
export function noisePowerDbm(l: LinkBudget): number {
  return l.noiseDbmPerHz + 10 * Math.log10(l.bandwidthHz);
}

/** a = √(P/σ²): the amplitude of the channel in noise units. */
export function channelAmplitude(l: LinkBudget): number {
  return 10 ** ((l.transmitPowerDbm - noisePowerDbm(l)) / 20);
}

/**
 * g of eq. (6e) on the host: x (received power over σ²) → clip(10 log10(x·σ²), −140, −40) dBm, rounded to 1 dB when
 * `quantize` (online inference: "quantized with 1 dBm resolution"; half-way values round up, as Math.round).
 */
export function rsrpDbm(x: number, noiseDbm: number, quantize: boolean): number {
  const raw = 10 * Math.log10(x) + noiseDbm;
  const clipped = Math.min(RSRP_WINDOW_DBM.high, Math.max(RSRP_WINDOW_DBM.low, Number.isNaN(raw) ? RSRP_WINDOW_DBM.low : raw));
  return quantize ? Math.round(clipped) : clipped;
}

/**
 * The beam predictor's input from an RSRP: the window [−140, −40] dBm mapped linearly onto [0, 1]. Not in the paper
 * (which feeds "RSRPs x_q" to the DNN); a fixed affine map is part of f and keeps the inputs of order one.
 */
export function predictorInput(rsrp: number): number {
  return (rsrp - RSRP_WINDOW_DBM.low) / (RSRP_WINDOW_DBM.high - RSRP_WINDOW_DBM.low);
}
