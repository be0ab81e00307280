/**
 * Complementary error function erfc(x) = (2/√π) ∫ₓ^∞ e^{−t²} dt and the Gaussian tail Q(x) = ½ erfc(x/√2),
 * used by the theoretical BER curves (e.g. Gray QPSK over AWGN: BER = Q(√(2 E_b/N_0))).
 *
 * Method: for |x| < 2 the Maclaurin series of erf (DLMF 7.6.1), for x ≥ 2 the Lentz continued fraction
 * erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) (DLMF 7.9.2). Relative error < 1e-13 over the
 * range used here; erfc(−x) = 2 − erfc(x).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  if (x > 27) return 0; // e^{−729} underflows
  return erfcContinuedFraction(x);
}

/** erf(x) = 1 − erfc(x). */
export function erf(x: number): number {
  if (Math.abs(x) < 2) return x < 0 ? -erfSeries(-x) : erfSeries(x);
  return 1 - erfc(x);
}

/** Gaussian tail probability Q(x) = P(N(0,1) > x) = ½ erfc(x/√2). */
export function qFunction(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

function erfSeries(x: number): number {
  // erf x = (2/√π) Σ (−1)^n x^{2n+1} / (n! (2n+1))
  const x2 = x * x;
  let power = x; // (−1)^n x^{2n+1} / n!
  let sum = x;
  for (let n = 1; n < 200; n++) {
    power *= -x2 / n;
    const term = power / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc(x) = e^{−x²}/√π · K, K = 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), evaluated by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
