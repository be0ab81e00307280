import { normalQuantile } from '../special/normal-quantile.js';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927): with p̂ = k/n and z = Φ⁻¹(1 − α/2),
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n),  half-width = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²)).
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is informative at k = 0 (upper = z²/(n + z²)),
 * which matters for BER points with few or no errors.
 */
export interface ProportionInterval {
  /** the point estimate k/n */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** the confidence level 1 − α the interval was built for */
  readonly confidence: number;
}

/**
 * @param successes k (e.g. bit errors), 0 ≤ k ≤ n
 * @param trials n (e.g. bits), n > 0
 * @param confidence two-sided level 1 − α in (0, 1); default 0.95 (z = 1.959963984540054)
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials <= 0) {
    throw new RangeError(`wilsonInterval: trials must be a positive integer; got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`wilsonInterval: successes must be an integer in [0, ${trials}]; got ${successes}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`wilsonInterval: confidence must lie in (0, 1); got ${confidence}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === trials ? 1 : Math.min(1, centre + half),
    confidence,
  };
}
