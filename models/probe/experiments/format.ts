/** Number formatting and the statistics shared by paper 001's claims. */

export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : String(x);
}

/** Standard error of an accuracy p measured on n samples. */
export function accuracySe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** A conservative standard error of the difference of two accuracies on the same n samples (treated as independent). */
export function differenceSe(p: number, q: number, n: number): number {
  return Math.hypot(accuracySe(p, n), accuracySe(q, n));
}

/** The mean of a list (NaN for an empty one). */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
