/**
 * Normalized mean squared error of channel estimates.
 *
 * HyperRNN (paper 003 §V) defines NMSE = E[‖ĥ − h‖² / ‖h‖²]: the per-sample ratio averaged over samples
 * ('mean-of-ratios', the default). 'ratio-of-sums' gives Σ‖ĥ − h‖² / Σ‖h‖² (= E‖ĥ − h‖² / E‖h‖²), which is less
 * sensitive to weak channels; the two agree for channels of constant norm.
 *
 * Inputs are flat arrays (real, or interleaved c64 — |·|² sums both parts the same way) holding `samples` equally
 * long samples back to back, e.g. a `[batch, N_r, N_t]` c64 batch with samples = batch, or `[batch, T, M]` with
 * samples = batch·T for a per-slot NMSE.
 */
export type NmseMode = 'mean-of-ratios' | 'ratio-of-sums';

export function nmse(estimate: ArrayLike<number>, truth: ArrayLike<number>, samples: number, mode: NmseMode = 'mean-of-ratios'): number {
  if (estimate.length !== truth.length) {
    throw new RangeError(`nmse: estimate and truth must have equal length; got ${estimate.length} and ${truth.length}`);
  }
  if (!Number.isInteger(samples) || samples < 1 || truth.length % samples !== 0) {
    throw new RangeError(`nmse: samples must be a positive integer dividing the length ${truth.length}; got ${samples}`);
  }
  const size = truth.length / samples;
  let sumRatio = 0;
  let sumErr = 0;
  let sumRef = 0;
  for (let s = 0; s < samples; s++) {
    let err = 0;
    let ref = 0;
    for (let i = s * size; i < (s + 1) * size; i++) {
      const d = estimate[i] - truth[i];
      err += d * d;
      ref += truth[i] * truth[i];
    }
    if (mode === 'mean-of-ratios') {
      if (ref === 0) throw new RangeError(`nmse: sample ${s} has a zero reference norm; the per-sample ratio is undefined`);
      sumRatio += err / ref;
    }
    sumErr += err;
    sumRef += ref;
  }
  if (mode === 'mean-of-ratios') return sumRatio / samples;
  if (sumRef === 0) throw new RangeError('nmse: the reference has zero energy; the ratio is undefined');
  return sumErr / sumRef;
}

/** 10·log10 of `nmse(...)`. */
export function nmseDb(estimate: ArrayLike<number>, truth: ArrayLike<number>, samples: number, mode: NmseMode = 'mean-of-ratios'): number {
  return 10 * Math.log10(nmse(estimate, truth, samples, mode));
}
