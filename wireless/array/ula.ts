/**
 * Uniform linear array (ULA) steering vectors.
 *
 * Convention (DL-JHPF, paper 000 eq. (2)): element n = 0..N−1 sits at n·d along the array axis; θ is the azimuth
 * measured from broadside (θ = 0 is perpendicular to the axis), in radians;
 *   a(θ) = (1/√N) [1, e^{−j2π(d/λ) sinθ}, …, e^{−j2π(d/λ)(N−1) sinθ}]^T.
 * `sign: +1` flips the exponent (UPGANet and TR 38.901 use e^{+j…}); the flip maps θ → −θ, so channel statistics with
 * symmetric angle laws do not change, but beam indices do: use one convention throughout a model.
 *
 * Output: Float64Array [N] c128, interleaved (re, im), i.e. one CMatrix column.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';

export interface UlaOptions {
  /** element spacing d/λ in wavelengths; default 0.5 (half-wavelength) */
  spacing?: number;
  /** sign of the phase exponent; default −1 (paper 000 eq. (2)) */
  sign?: -1 | 1;
  /** multiply by 1/√N so that ‖a‖ = 1; default true */
  normalize?: boolean;
}

/** a(θ) of paper 000 eq. (2). `thetaRad`: azimuth from broadside [rad]. Returns [N] c128 interleaved. */
export function ulaSteering(n: number, thetaRad: number, options: UlaOptions = {}): Float64Array {
  checkCount('ulaSteering', n);
  const out = new Float64Array(2 * n);
  writeUlaSteering(out, 0, 2, n, thetaRad, options);
  return out;
}

/** Columns a(θ_l) for each angle: [N, L] c128 (column l = ulaSteering(n, thetasRad[l])). */
export function ulaSteeringMatrix(n: number, thetasRad: ArrayLike<number>, options: UlaOptions = {}): CMatrix {
  checkCount('ulaSteeringMatrix', n);
  const L = thetasRad.length;
  const m = cmatrix(n, L);
  for (let l = 0; l < L; l++) writeUlaSteering(m.data, 2 * l, 2 * L, n, thetasRad[l], options);
  return m;
}

/**
 * UPGANet's beampattern steering vector ā(θ) = [e^{jπ n sin θ}]_{n=0..N−1} (the UPGANet paper's eq. (3)): unnormalized,
 * half-wavelength, positive exponent. ‖ā‖² = N.
 */
export function beampatternSteering(n: number, thetaRad: number): Float64Array {
  return ulaSteering(n, thetaRad, { spacing: 0.5, sign: 1, normalize: false });
}

/** Writes element k of a(θ) at out[offset + k·stride] (re) and +1 (im); stride counts doubles. */
export function writeUlaSteering(out: Float64Array, offset: number, stride: number, n: number, thetaRad: number, options: UlaOptions = {}): void {
  const spacing = options.spacing ?? 0.5;
  const sign = options.sign ?? -1;
  if (!(spacing > 0)) throw new RangeError(`ulaSteering: spacing must be > 0 wavelengths; got ${spacing}`);
  if (sign !== 1 && sign !== -1) throw new RangeError(`ulaSteering: sign must be +1 or −1; got ${String(sign)}`);
  const scale = options.normalize === false ? 1 : 1 / Math.sqrt(n);
  const psi = sign * 2 * Math.PI * spacing * Math.sin(thetaRad);
  for (let k = 0; k < n; k++) {
    // Direct cos/sin per element (no recurrence) so long arrays keep full precision.
    out[offset + k * stride] = scale * Math.cos(psi * k);
    out[offset + k * stride + 1] = scale * Math.sin(psi * k);
  }
}

function checkCount(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${op}: element count must be a positive integer; got ${n}`);
}
