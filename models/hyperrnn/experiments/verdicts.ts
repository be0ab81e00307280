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

/** A difference in dB with its standard error. */
export interface DbGain {
  /** 10·log10(mean a / mean b): positive when b has the lower NMSE */
  gain: number;
  se: number;
}

/**
 * The NMSE gain of b over a in dB, 10·log10(ā / b̄), from per-sequence ratios on the same test sequences (paired), and
 * its standard error by the delta method: Var(ln ā − ln b̄) ≈ Var(a_i/ā − b_i/b̄) / n.
 */
export function pairedGainDb(a: ArrayLike<number>, b: ArrayLike<number>): DbGain {
  const n = a.length;
  if (n !== b.length || n < 2) return { gain: NaN, se: NaN };
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i];
    sb += b[i];
  }
  const [ma, mb] = [sa / n, sb / n];
  let m = 0;
  let v = 0;
  for (let i = 0; i < n; i++) m += a[i] / ma - b[i] / mb;
  m /= n;
  for (let i = 0; i < n; i++) v += (a[i] / ma - b[i] / mb - m) ** 2;
  const k = 10 / Math.LN10;
  return { gain: db(ma) - db(mb), se: k * Math.sqrt(v / (n - 1) / n) };
}

/** How many standard errors a difference must exceed to count (≈ 95 % one-sided is 1.64; we ask for 2). */
export const SIGNIFICANCE = 2;

/** g.gain > SIGNIFICANCE·g.se, false for NaN. */
export function significantlyPositive(g: DbGain): boolean {
  return g.gain > SIGNIFICANCE * g.se;
}

/** Each successive gain larger than the previous by SIGNIFICANCE standard errors of the difference (independent). */
export function significantlyIncreasing(gs: readonly DbGain[]): boolean {
  return gs.length > 1 && gs.every((g, i) => i === 0 || significantlyPositive({ gain: g.gain - gs[i - 1].gain, se: Math.hypot(g.se, gs[i - 1].se) }));
}

export function significantlyDecreasing(gs: readonly DbGain[]): boolean {
  return significantlyIncreasing(gs.map((g) => ({ gain: -g.gain, se: g.se })));
}

/** '0.38 ± 0.05 dB' (± one standard error). */
export function fmtGain(g: DbGain): string {
  return `${fmt(g.gain)} ± ${fmt(g.se)} dB`;
}

/** The mean of gains measured on the same test sets, with the standard error of independent terms. */
export function meanGain(gs: readonly DbGain[]): DbGain {
  return { gain: mean(gs.map((g) => g.gain)), se: Math.hypot(...gs.map((g) => g.se)) / gs.length };
}
