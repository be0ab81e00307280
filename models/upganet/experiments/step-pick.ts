/**
 * The rule that picks fixed step sizes (μ, λ) from a grid (experiments/step-sweep.ts): the point with the highest
 * training objective of UPGANet, Eq. (16) of the UPGANet paper negated, i.e. mean R − ωτ over the training SNRs and
 * channels after I outer layers. R and the beampattern MSE are reported beside it but never used to pick (they are
 * what the report's claims check). Non-finite objectives are never picked; ties keep the earlier grid point.
 */

export interface StepGridPoint {
  mu: number;
  lambda: number;
  /** I: outer iterations the point was run for */
  outer: number;
  /** mean over the training SNRs and channels of R − ωτ after I iterations */
  objective: number;
  /** reported only: R (bit/s/Hz) and beampattern MSE (dB) at the highest SNR */
  rate?: number;
  mseDb?: number;
}

/** The grid point of depth `outer` with the highest finite objective; throws when there is none. */
export function pickStepSizes(points: readonly StepGridPoint[], outer: number): StepGridPoint {
  let best: StepGridPoint | undefined;
  for (const q of points) {
    if (q.outer !== outer || !Number.isFinite(q.objective)) continue;
    if (!best || q.objective > best.objective) best = q;
  }
  if (!best) throw new RangeError(`pickStepSizes: no grid point with I = ${outer} and a finite objective among ${points.length}`);
  return best;
}
