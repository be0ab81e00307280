/**
 * Array geometry: element positions in wavelengths and the far-field response used by the clustered generators
 * (TR 38.901 CDL and UMi/UMa, Saleh–Valenzuela).
 *
 * Coordinates (TR 38.901 §7.1): φ = azimuth from +x in the x–y plane, θ = zenith from +z, radians; the spherical unit
 * vector r̂(θ, φ) = [sinθ cosφ, sinθ sinφ, cosθ] (eq. (7.1-6)). The response of element e at position p_e [wavelengths]
 * is e^{j2π r̂·p_e} (TR 38.901 eq. (7.5-22), location term), isotropic and single-polarized: no field pattern.
 * Responses are unnormalized (‖a‖² = N) unless asked otherwise.
 *
 * Lattices (`ula`, `upa`) live in the y–z plane, broadside +x, element index m·N_v + n with m along y (horizontal,
 * N_h elements) and n along z (vertical, N_v elements), so that
 *   upa: response = √N · upaSteering(N_h, N_v, φ, θ) (paper 001 eqs. (2)–(4), +j convention);
 *   ula: N_h = N, N_v = 1, placed along −y by default so that at θ = 90° response = √N · ulaSteering(N, φ) (paper 000
 *        eq. (2), e^{−j2π(d/λ) n sinφ}); `sign: +1` places it along +y (TR 38.901 / UPGANet e^{+j…}).
 */
export interface ArrayLattice {
  /** elements along y (horizontal) */
  readonly nH: number;
  /** elements along z (vertical) */
  readonly nV: number;
  /** signed y step between horizontal neighbours [wavelengths] */
  readonly stepH: number;
  /** z step between vertical neighbours [wavelengths] */
  readonly stepV: number;
}

export interface ArrayGeometry {
  readonly kind: 'ula' | 'upa' | 'custom';
  readonly numElements: number;
  /** [N, 3] row-major (x, y, z) positions in wavelengths */
  readonly positions: Float64Array;
  /** present for `ula` / `upa`: enables the separable fast response */
  readonly lattice?: ArrayLattice;
}

/** N-element ULA, spacing d/λ (default 0.5); `sign` −1 (default, paper 000 eq. (2)) or +1, see the module doc. */
export function ulaGeometry(n: number, spacing = 0.5, sign: -1 | 1 = -1): ArrayGeometry {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ulaGeometry: N must be a positive integer; got ${n}`);
  if (!(spacing > 0)) throw new RangeError(`ulaGeometry: spacing must be > 0 wavelengths; got ${spacing}`);
  if (sign !== 1 && sign !== -1) throw new RangeError(`ulaGeometry: sign must be +1 or −1; got ${String(sign)}`);
  return latticeGeometry('ula', { nH: n, nV: 1, stepH: sign * spacing, stepV: spacing });
}

/**
 * N_h × N_v UPA in the y–z plane (N_h horizontal along y, N_v vertical along z), spacings in wavelengths (default
 * 0.5). Index m·N_v + n as in paper 001 eq. (2).
 */
export function upaGeometry(nH: number, nV: number, spacingH = 0.5, spacingV = 0.5): ArrayGeometry {
  if (!Number.isInteger(nH) || nH < 1 || !Number.isInteger(nV) || nV < 1) {
    throw new RangeError(`upaGeometry: N_h and N_v must be positive integers; got ${nH}×${nV}`);
  }
  if (!(spacingH > 0) || !(spacingV > 0)) {
    throw new RangeError(`upaGeometry: spacings must be > 0 wavelengths; got ${spacingH}, ${spacingV}`);
  }
  return latticeGeometry('upa', { nH, nV, stepH: spacingH, stepV: spacingV });
}

/** Arbitrary element positions [N, 3] (x, y, z) in wavelengths; responses are computed element by element. */
export function customGeometry(positions: ArrayLike<number>): ArrayGeometry {
  if (positions.length === 0 || positions.length % 3 !== 0) {
    throw new RangeError(`customGeometry: positions must be a non-empty [N, 3] array; got length ${positions.length}`);
  }
  return { kind: 'custom', numElements: positions.length / 3, positions: Float64Array.from(positions) };
}

/** Response e^{j2π r̂(θ,φ)·p_e} for every element: [N] c128 interleaved; ÷√N when `normalize`. */
export function arrayResponse(geometry: ArrayGeometry, azimuthRad: number, zenithRad: number, normalize = false): Float64Array {
  const n = geometry.numElements;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  writeArrayResponse(geometry, azimuthRad, zenithRad, re, im, 0);
  const scale = normalize ? 1 / Math.sqrt(n) : 1;
  const out = new Float64Array(2 * n);
  for (let e = 0; e < n; e++) {
    out[2 * e] = scale * re[e];
    out[2 * e + 1] = scale * im[e];
  }
  return out;
}

/**
 * Hot-loop form of `arrayResponse` (unnormalized): writes element e into re[offset + e·stride], im[…]. Lattices use
 * two cos/sin pairs and complex recurrences (relative error ~N·1e−16); custom geometries one cos/sin per element.
 */
export function writeArrayResponse(
  geometry: ArrayGeometry,
  azimuthRad: number,
  zenithRad: number,
  re: Float64Array,
  im: Float64Array,
  offset: number,
  stride = 1,
): void {
  const st = Math.sin(zenithRad);
  const ry = st * Math.sin(azimuthRad);
  const rz = Math.cos(zenithRad);
  const lat = geometry.lattice;
  if (lat) {
    writeLatticeResponse(lat, ry, rz, re, im, offset, stride);
    return;
  }
  const rx = st * Math.cos(azimuthRad);
  const p = geometry.positions;
  for (let e = 0; e < geometry.numElements; e++) {
    const phase = 2 * Math.PI * (rx * p[3 * e] + ry * p[3 * e + 1] + rz * p[3 * e + 2]);
    re[offset + e * stride] = Math.cos(phase);
    im[offset + e * stride] = Math.sin(phase);
  }
}

/**
 * Lattice response from the y and z direction cosines (ry = sinθ sinφ, rz = cosθ): element e goes to
 * re[offset + e·stride], im[offset + e·stride] (stride 1: contiguous; stride R: one column of an element-major table).
 */
export function writeLatticeResponse(lat: ArrayLattice, ry: number, rz: number, re: Float64Array, im: Float64Array, offset: number, stride = 1): void {
  const ph = 2 * Math.PI * lat.stepH * ry;
  const pv = 2 * Math.PI * lat.stepV * rz;
  const chR = Math.cos(ph);
  const chI = Math.sin(ph);
  const cvR = lat.nV > 1 ? Math.cos(pv) : 1;
  const cvI = lat.nV > 1 ? Math.sin(pv) : 0;
  const nV = lat.nV;
  // Horizontal phasor h_m = e^{j m ph} by recurrence; column n of each row by recurrence in v.
  let hR = 1;
  let hI = 0;
  for (let m = 0; m < lat.nH; m++) {
    let r = hR;
    let i = hI;
    let at = offset + m * nV * stride;
    for (let n = 0; n < nV; n++) {
      re[at] = r;
      im[at] = i;
      at += stride;
      const t = r * cvR - i * cvI;
      i = r * cvI + i * cvR;
      r = t;
    }
    const t = hR * chR - hI * chI;
    hI = hR * chI + hI * chR;
    hR = t;
  }
}

function latticeGeometry(kind: 'ula' | 'upa', lattice: ArrayLattice): ArrayGeometry {
  const n = lattice.nH * lattice.nV;
  const positions = new Float64Array(3 * n);
  for (let m = 0; m < lattice.nH; m++) {
    for (let v = 0; v < lattice.nV; v++) {
      const e = m * lattice.nV + v;
      positions[3 * e + 1] = m * lattice.stepH;
      positions[3 * e + 2] = v * lattice.stepV;
    }
  }
  return { kind, numElements: n, positions, lattice };
}
