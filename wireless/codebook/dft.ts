/**
 * DFT beam codebooks for ULA and UPA (the probe-beam paper's UPA DFT codebook).
 *
 * ULA: beam i = 0..B−1 (B = O·N, oversampling O) is the steering vector a(θ_i) of `ulaSteering` (paper 000 eq. (2),
 * unit norm) at the spatial frequency s_i = sin θ_i = (−1 + 2i/B)/(2d/λ), i.e. uniformly spaced phase increments
 * 2π(d/λ)s_i ∈ [−π, π). For O = 1 the columns are orthonormal (a permuted, scaled DFT matrix); beams are ordered by
 * increasing s_i, so neighbouring indices are neighbouring directions.
 *
 * UPA: Kronecker F_h ⊗ F_v of the per-axis grids u_i = (−1 + 2i/B_h)/(2d_h), v_j = (−1 + 2j/B_v)/(2d_v); beam index
 * i·B_v + j and column = upaSteeringUV(N_h, N_v, u_i, v_j) (paper 001 eq. (2), horizontal index outer, matching the
 * element order m·N_v + n). For half-wavelength spacing and O = 1 this is paper 001's 128-beam grid
 * (u, v) ∈ {−1 + 2i/N_φ} × {−1 + 2j/N_θ}.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { writeUpaSteeringUV } from '../array/upa.js';

export interface UlaCodebook {
  /** [N, B] c128, column i = beam i, unit norm */
  readonly beams: CMatrix;
  /** [B] sin θ_i of each beam's main lobe (|s| may exceed 1 for spacing > λ/2: invisible region) */
  readonly sinTheta: Float64Array;
}

export interface UpaCodebook {
  /** [N_h·N_v, B_h·B_v] c128, column i·B_v + j = beam (u_i, v_j), unit norm */
  readonly beams: CMatrix;
  /** [B_h] horizontal direction cosines u_i = sin φ sin θ */
  readonly u: Float64Array;
  /** [B_v] vertical direction cosines v_j = cos θ */
  readonly v: Float64Array;
}

export interface UlaCodebookOptions {
  /** oversampling factor O ≥ 1 (integer); default 1 */
  oversampling?: number;
  /** element spacing d/λ; default 0.5 */
  spacing?: number;
  /** phase sign of the steering convention; default −1 (paper 000 eq. (2)) */
  sign?: -1 | 1;
}

export interface UpaCodebookOptions {
  /** horizontal oversampling O_1; default 1 (type-I codebooks use 4) */
  oversamplingH?: number;
  /** vertical oversampling O_2; default 1 */
  oversamplingV?: number;
  spacingH?: number;
  spacingV?: number;
}

/** DFT grid of B points s_i = (−1 + 2i/B)/(2d), i = 0..B−1. */
export function dftGrid(count: number, spacing = 0.5): Float64Array {
  const s = new Float64Array(count);
  for (let i = 0; i < count; i++) s[i] = (-1 + (2 * i) / count) / (2 * spacing);
  return s;
}

/** ULA DFT codebook [N, O·N]. */
export function ulaDftCodebook(n: number, options: UlaCodebookOptions = {}): UlaCodebook {
  const o = checkOversampling('ulaDftCodebook', options.oversampling ?? 1);
  const spacing = options.spacing ?? 0.5;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ulaDftCodebook: N must be a positive integer; got ${n}`);
  const sinTheta = dftGrid(o * n, spacing);
  const beams = ulaBeamsAt(n, sinTheta, spacing, options.sign ?? -1);
  return { beams, sinTheta };
}

/** UPA DFT codebook [N_h·N_v, O_1 N_h · O_2 N_v] (Kronecker F_h ⊗ F_v). */
export function upaDftCodebook(nH: number, nV: number, options: UpaCodebookOptions = {}): UpaCodebook {
  const oH = checkOversampling('upaDftCodebook', options.oversamplingH ?? 1);
  const oV = checkOversampling('upaDftCodebook', options.oversamplingV ?? 1);
  if (!Number.isInteger(nH) || nH < 1 || !Number.isInteger(nV) || nV < 1) {
    throw new RangeError(`upaDftCodebook: N_h and N_v must be positive integers; got ${nH}×${nV}`);
  }
  const spacingH = options.spacingH ?? 0.5;
  const spacingV = options.spacingV ?? 0.5;
  const u = dftGrid(oH * nH, spacingH);
  const v = dftGrid(oV * nV, spacingV);
  const bH = u.length;
  const bV = v.length;
  const beams = cmatrix(nH * nV, bH * bV);
  const stride = 2 * bH * bV;
  for (let i = 0; i < bH; i++) {
    for (let j = 0; j < bV; j++) {
      writeUpaSteeringUV(beams.data, 2 * (i * bV + j), stride, nH, nV, u[i], v[j], { spacingH, spacingV });
    }
  }
  return { beams, u, v };
}

/**
 * Unit-norm ULA beams at the given spatial frequencies s = sin θ: [N, L], element k = e^{sign·j2π(d/λ)k s}/√N, the
 * same vector as `ulaSteering(n, asin(s))` and also defined for |s| > 1.
 */
export function ulaBeamsAt(n: number, sinTheta: ArrayLike<number>, spacing = 0.5, sign: -1 | 1 = -1): CMatrix {
  const L = sinTheta.length;
  const beams = cmatrix(n, L);
  const scale = 1 / Math.sqrt(n);
  for (let i = 0; i < L; i++) {
    const psi = sign * 2 * Math.PI * spacing * sinTheta[i];
    for (let k = 0; k < n; k++) {
      beams.data[2 * (k * L + i)] = scale * Math.cos(psi * k);
      beams.data[2 * (k * L + i) + 1] = scale * Math.sin(psi * k);
    }
  }
  return beams;
}

function checkOversampling(op: string, o: number): number {
  if (!Number.isInteger(o) || o < 1) throw new RangeError(`${op}: oversampling must be an integer ≥ 1; got ${o}`);
  return o;
}
