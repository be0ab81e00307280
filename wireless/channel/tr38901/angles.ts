/**
 * Angle conventions of TR 38.901 ray generation: zenith wrapping (§7.5 step 7: θ ∈ [180°, 360°] → 360° − θ) and the
 * array response at a wrapped direction.
 */
import { writeArrayResponse, writeLatticeResponse, type ArrayGeometry } from '../../array/geometry.js';

export const DEG = Math.PI / 180;

/** Wraps a zenith angle [rad] into [0, π]: θ mod 2π, then θ > π → 2π − θ. */
export function wrapZenithRad(theta: number): number {
  let t = theta % (2 * Math.PI);
  if (t < 0) t += 2 * Math.PI;
  return t > Math.PI ? 2 * Math.PI - t : t;
}

/**
 * Unnormalized response of `geometry` at azimuth φ and zenith θ [rad] after zenith wrapping: element e into
 * re/im[offset + e·stride].
 * For lattices the wrap needs no extra trigonometry: sin θ_w = |sin θ|, cos θ_w = cos θ.
 */
export function writeWrappedResponse(
  geometry: ArrayGeometry,
  azimuthRad: number,
  zenithRad: number,
  re: Float64Array,
  im: Float64Array,
  offset: number,
  stride = 1,
): void {
  const lat = geometry.lattice;
  if (lat) {
    const ry = Math.abs(Math.sin(zenithRad)) * Math.sin(azimuthRad);
    writeLatticeResponse(lat, ry, Math.cos(zenithRad), re, im, offset, stride);
  } else {
    writeArrayResponse(geometry, azimuthRad, wrapZenithRad(zenithRad), re, im, offset, stride);
  }
}
