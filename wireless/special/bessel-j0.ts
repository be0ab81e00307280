/**
 * Bessel function of the first kind, order zero: J0(x) = (1/π) ∫₀^π cos(x sin t) dt.
 *
 * Used for the Jakes temporal correlation of Rayleigh fading, ρ = J0(2π f_D τ) (HyperRNN §II; TR 25.996 aging, see
 * Jakes' model as in 3GPP TR 25.996). Two regimes, both accurate to < 1e-12 absolute in double precision:
 * - |x| ≤ 12: the power series J0(x) = Σ_k (−1)^k (x²/4)^k / (k!)² (DLMF 10.2.2). The largest term at x = 12 is
 *   ≈ 4.2e3, so cancellation costs at most ~4 digits out of 16.
 * - |x| > 12: Hankel's asymptotic expansion (DLMF 10.17.3) J0(x) = √(2/(πx)) (P(x) cos χ − Q(x) sin χ), χ = x − π/4,
 *   with P = Σ_k (−1)^k a_{2k} / x^{2k}, Q = −Σ_k (−1)^k a_{2k+1} / x^{2k+1}, a_k = Π_{i=1..k} (2i − 1)² / (k! 8^k)
 *   (P = 1 − 9/(128x²) + …, Q = −1/(8x) + 75/(1024x³) − …),
 *   summed until the terms stop decreasing (the smallest term at x = 12 is ≈ e^{−24}).
 * J0 is even, so negative arguments use |x|.
 */
export function besselJ0(x: number): number {
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x)) return Number.NaN;
    return 0; // lim_{|x|→∞} J0(x) = 0
  }
  const ax = Math.abs(x);
  return ax <= SERIES_LIMIT ? seriesJ0(ax) : asymptoticJ0(ax);
}

const SERIES_LIMIT = 12;

function seriesJ0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= -q / (k * k);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

function asymptoticJ0(x: number): number {
  // a_k / x^k computed recursively: a_k = a_{k−1} (2k − 1)² / (8k).
  let p = 0;
  let q = 0;
  let term = 1; // a_0 / x^0
  let previous = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 200; k++) {
    const magnitude = Math.abs(term);
    if (magnitude > previous) break; // the asymptotic series starts to diverge: stop at its smallest term
    // a_k(0) = (−1)^k |a_k|: P gets (−1)^j |a_{2j}|, Q gets (−1)^{j+1} |a_{2j+1}| (Q = −1/(8x) + 75/(1024x³) − …).
    const j = k >> 1;
    if (k % 2 === 0) p += (j % 2 === 0 ? 1 : -1) * term;
    else q += (j % 2 === 0 ? -1 : 1) * term;
    if (magnitude < 1e-17) break;
    previous = magnitude;
    const next = k + 1;
    term *= ((2 * next - 1) * (2 * next - 1)) / (8 * next * x);
  }
  const chi = x - Math.PI / 4;
  return Math.sqrt(2 / (Math.PI * x)) * (p * Math.cos(chi) - q * Math.sin(chi));
}

/**
 * Jakes/Clarke lag-τ correlation of a Rayleigh-faded tap, ρ = J0(2π f_D τ), with the maximum Doppler frequency
 * f_D = v f_c / c (HyperRNN §II).
 * @param velocityMps mobile speed v in m/s
 * @param carrierHz carrier frequency f_c in Hz
 * @param lagS time lag τ in seconds (the slot duration for an AR(1) slot model)
 */
export function jakesCorrelation(velocityMps: number, carrierHz: number, lagS: number): number {
  const dopplerHz = (velocityMps * carrierHz) / SPEED_OF_LIGHT;
  return besselJ0(2 * Math.PI * dopplerHz * lagS);
}

/** Speed of light in vacuum, m/s. */
export const SPEED_OF_LIGHT = 299_792_458;
