/**
 * Effective achievable rate, paper 001 eq. (12):
 *   EAR = E_{h,n} { (1 − L T_s / T_c) · log2(1 + |A[:, i*]ᴴ h|² / σ²) }
 * where i* is the selected beam, L the number of beam-training measurements, T_s the symbol duration and T_c the
 * slot (coherence) duration; Table I: T_s = 8.92 µs, T_c = 20 ms.
 *
 * Reading of the paper's symbols (stated because eq. (12) is terse):
 * - `trainingSymbols` is the L of one user's alignment: the probe count plus any re-probes (Algorithm 1 probes L = 8
 *   beams and re-probes the top 5: 13), 16 + 8 = 24 for the hierarchical search, 2·log2 N for binary search.
 * - Fig. 4 plots EAR against the number of users U sharing the slot, each aligning in turn, so the overhead fraction
 *   is U·L·T_s/T_c; `users` = 1 (the default) is eq. (12) as printed. The factor is clipped at 0 once training fills
 *   the slot ("the search time … occupies all the channel coherence time and the corresponding EAR is 0").
 * - `snr` holds the per-sample post-beamforming SNR |a_{i*}ᴴ h|²·P/σ² (linear), the argument of the log.
 */
export interface EarOptions {
  /** L: beam-training measurements per user */
  readonly trainingSymbols: number;
  /** T_s in seconds; default 8.92e-6 (Table I) */
  readonly symbolDurationS?: number;
  /** T_c in seconds; default 20e-3 (Table I) */
  readonly slotDurationS?: number;
  /** U: users aligned one after another within a slot; default 1 */
  readonly users?: number;
}

/** The pre-log factor max(0, 1 − U·L·T_s/T_c). */
export function trainingEfficiency(options: EarOptions): number {
  const L = options.trainingSymbols;
  const ts = options.symbolDurationS ?? 8.92e-6;
  const tc = options.slotDurationS ?? 20e-3;
  const users = options.users ?? 1;
  if (!(Number.isFinite(L) && L >= 0)) throw new RangeError(`effectiveAchievableRate: trainingSymbols must be ≥ 0; got ${L}`);
  if (!(ts > 0) || !(tc > 0)) throw new RangeError(`effectiveAchievableRate: durations must be > 0; got T_s = ${ts}, T_c = ${tc}`);
  if (!(Number.isInteger(users) && users >= 1)) throw new RangeError(`effectiveAchievableRate: users must be a positive integer; got ${users}`);
  return Math.max(0, 1 - (users * L * ts) / tc);
}

/**
 * Eq. (12) averaged over samples.
 * @param snr `[samples]` linear post-beamforming SNRs |A[:, i*]ᴴ h|²/σ² (transmit power folded in)
 * @returns bit/s/Hz
 */
export function effectiveAchievableRate(snr: ArrayLike<number>, options: EarOptions): number {
  if (snr.length === 0) throw new RangeError('effectiveAchievableRate: need at least one sample; got 0');
  const factor = trainingEfficiency(options);
  let sum = 0;
  for (let i = 0; i < snr.length; i++) {
    if (!(snr[i] >= 0)) throw new RangeError(`effectiveAchievableRate: SNRs must be ≥ 0 (linear); got ${snr[i]} at ${i}`);
    sum += Math.log2(1 + snr[i]);
  }
  return (factor * sum) / snr.length;
}
