/** Formatting and the strict comparisons behind the report's verdicts (NaN never agrees). */

export function db(x: number): number {
  return 10 * Math.log10(x);
}

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** x[i] < x[i + 1] for every i, and every x finite (a single value is increasing when finite). */
export function strictlyIncreasing(xs: readonly number[]): boolean {
  return xs.every(Number.isFinite) && xs.every((x, i) => i === 0 || x > xs[i - 1]);
}

export function strictlyDecreasing(xs: readonly number[]): boolean {
  return strictlyIncreasing(xs.map((x) => -x));
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
