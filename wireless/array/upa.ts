/**
 * Uniform planar array (UPA) steering vectors, paper 001 eqs. (2)–(4).
 *
 * Geometry: the array lies in the y–z plane (broadside along +x). N_h = N_φ elements along the horizontal y axis
 * (index m), N_v = N_θ elements along the vertical z axis (index n). For paper 001's 16×8 array, N_h = 16 is horizontal
 * and N_v = 8 vertical. Angles: φ = azimuth in the x–y plane from +x, θ = zenith angle from +z (θ = 90° is the
 * horizon), radians. Direction cosines (u, v) = (sin φ sin θ, cos θ).
 *   ψ(φ, θ) = a_xy(φ, θ) ⊗ a_z(θ),                                                         eq. (2)
 *   a_xy = (1/√N_h)[e^{jπ m u}]_{m=0..N_h−1},  a_z = (1/√N_v)[e^{jπ n v}]_{n=0..N_v−1}    eqs. (3), (4)
 * so element index = m·N_v + n (horizontal index outer, vertical inner). With spacings d_h, d_v ≠ λ/2 the phases are
 * 2π(d_h m u + d_v n v). Exponent sign +, as in paper 001 and TR 38.901 eq. (7.5-22).
 *
 * Output: Float64Array [N_h·N_v] c128 interleaved.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';

export interface UpaOptions {
  /** horizontal spacing d_h/λ; default 0.5 */
  spacingH?: number;
  /** vertical spacing d_v/λ; default 0.5 */
  spacingV?: number;
  /** multiply by 1/√(N_h N_v) so that ‖ψ‖ = 1; default true */
  normalize?: boolean;
}

/** ψ(φ, θ), paper 001 eq. (2). φ azimuth, θ zenith [rad]. Returns [N_h·N_v] c128, index m·N_v + n. */
export function upaSteering(nH: number, nV: number, phiRad: number, thetaRad: number, options: UpaOptions = {}): Float64Array {
  return upaSteeringUV(nH, nV, Math.sin(phiRad) * Math.sin(thetaRad), Math.cos(thetaRad), options);
}

/** ψ in direction cosines: element m·N_v + n = e^{j2π(d_h m u + d_v n v)} (÷√N when normalized). */
export function upaSteeringUV(nH: number, nV: number, u: number, v: number, options: UpaOptions = {}): Float64Array {
  checkDims('upaSteeringUV', nH, nV);
  const out = new Float64Array(2 * nH * nV);
  writeUpaSteeringUV(out, 0, 2, nH, nV, u, v, options);
  return out;
}

/** Columns ψ(φ_l, θ_l): [N_h·N_v, L] c128. `phiRad` and `thetaRad` must have equal length L. */
export function upaSteeringMatrix(nH: number, nV: number, phiRad: ArrayLike<number>, thetaRad: ArrayLike<number>, options: UpaOptions = {}): CMatrix {
  checkDims('upaSteeringMatrix', nH, nV);
  if (phiRad.length !== thetaRad.length) {
    throw new RangeError(`upaSteeringMatrix: phi and theta must have equal length; got ${phiRad.length} and ${thetaRad.length}`);
  }
  const L = phiRad.length;
  const m = cmatrix(nH * nV, L);
  for (let l = 0; l < L; l++) {
    const u = Math.sin(phiRad[l]) * Math.sin(thetaRad[l]);
    writeUpaSteeringUV(m.data, 2 * l, 2 * L, nH, nV, u, Math.cos(thetaRad[l]), options);
  }
  return m;
}

/** Writes element i of ψ(u, v) at out[offset + i·stride] (re) and +1 (im); stride counts doubles. */
export function writeUpaSteeringUV(
  out: Float64Array,
  offset: number,
  stride: number,
  nH: number,
  nV: number,
  u: number,
  v: number,
  options: UpaOptions = {},
): void {
  const dH = options.spacingH ?? 0.5;
  const dV = options.spacingV ?? 0.5;
  if (!(dH > 0) || !(dV > 0)) throw new RangeError(`upaSteering: spacings must be > 0 wavelengths; got ${dH}, ${dV}`);
  const scale = options.normalize === false ? 1 : 1 / Math.sqrt(nH * nV);
  const pu = 2 * Math.PI * dH * u;
  const pv = 2 * Math.PI * dV * v;
  for (let m = 0; m < nH; m++) {
    for (let n = 0; n < nV; n++) {
      const phase = pu * m + pv * n;
      const i = offset + (m * nV + n) * stride;
      out[i] = scale * Math.cos(phase);
      out[i + 1] = scale * Math.sin(phase);
    }
  }
}

function checkDims(op: string, nH: number, nV: number): void {
  if (!Number.isInteger(nH) || nH < 1 || !Number.isInteger(nV) || nV < 1) {
    throw new RangeError(`${op}: N_h and N_v must be positive integers; got ${nH}×${nV}`);
  }
}
