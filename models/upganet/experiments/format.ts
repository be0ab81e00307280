/** Number formatting shared by the UPGANet figures' claims and tables. */

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : String(x);
}

/** The largest value of `xs` (the sweep's "high SNR" point, 12 dB in the paper's grid). */
export function highest(xs: readonly number[]): number {
  return Math.max(...xs);
}
