/**
 * Beam search for a single-antenna user (paper 001 baselines). The base station probes beams
 * w_i (columns of a codebook [N, B], e.g. a ULA or UPA DFT codebook) and the user reports the received power
 *   y_i = hᴴ w_i + n_i,  n_i ~ CN(0, σ²)   (unit-power pilot; σ² = 0 gives the noiseless gain |hᴴ w_i|²)
 * with h [N, 1] the downlink channel vector. Exhaustive search probes all B beams (B measurements).
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import type { Rng } from '../random/rng.js';
import { BaselineArgumentError } from './errors.js';

export interface BeamMeasurementOptions {
  /** σ² of the measurement noise, linear, relative to a unit-power pilot; default 0 (noiseless) */
  readonly noiseVariance?: number;
  /** noise source; required when noiseVariance > 0 */
  readonly rng?: Rng;
}

export interface BeamSearchResult {
  /** chosen column of the (finest) codebook */
  readonly index: number;
  /** number of beams probed */
  readonly measurements: number;
  /** the reported power of the chosen beam (noisy when σ² > 0) */
  readonly measuredPower: number;
}

/** True gains |hᴴ w_i|² [B] of every codebook column (no noise). */
export function beamGains(codebook: CMatrix, h: CMatrix): Float64Array {
  checkChannel('beamGains', codebook, h);
  const g = matmul(h, codebook, 'H', 'N'); // [1, B]
  const out = new Float64Array(codebook.cols);
  for (let i = 0; i < out.length; i++) out[i] = g.data[2 * i] ** 2 + g.data[2 * i + 1] ** 2;
  return out;
}

/**
 * Reported powers |hᴴ w_i + n_i|² of the columns `beams` of `codebook` (all columns when omitted): one measurement
 * each.
 */
export function measureBeams(codebook: CMatrix, h: CMatrix, options: BeamMeasurementOptions = {}, beams?: readonly number[]): Float64Array {
  checkChannel('measureBeams', codebook, h);
  const sigma2 = options.noiseVariance ?? 0;
  if (!(sigma2 >= 0)) throw new BaselineArgumentError(`measureBeams: expected noiseVariance ≥ 0; got ${sigma2}`);
  if (sigma2 > 0 && !options.rng) {
    throw new BaselineArgumentError(`measureBeams: noiseVariance = ${sigma2} needs an rng for the noise; got none`);
  }
  const idx = beams ?? Array.from({ length: codebook.cols }, (_, i) => i);
  const n = h.rows;
  const B = codebook.cols;
  const out = new Float64Array(idx.length);
  idx.forEach((col, k) => {
    if (!Number.isInteger(col) || col < 0 || col >= B) {
      throw new BaselineArgumentError(`measureBeams: beam index must be an integer in [0, ${B}); got ${col}`);
    }
    let re = 0;
    let im = 0;
    for (let r = 0; r < n; r++) {
      // conj(h_r)·w_r
      const hr = h.data[2 * r];
      const hi = h.data[2 * r + 1];
      const wr = codebook.data[2 * (r * B + col)];
      const wi = codebook.data[2 * (r * B + col) + 1];
      re += hr * wr + hi * wi;
      im += hr * wi - hi * wr;
    }
    if (sigma2 > 0) {
      const [nr, ni] = options.rng!.complexNormal(sigma2);
      re += nr;
      im += ni;
    }
    out[k] = re * re + im * im;
  });
  return out;
}

/** Probes every beam and returns the strongest report (ties: lowest index). Measurements = B. */
export function exhaustiveSearch(codebook: CMatrix, h: CMatrix, options: BeamMeasurementOptions = {}): BeamSearchResult {
  const p = measureBeams(codebook, h, options);
  const index = argmax(p);
  return { index, measurements: codebook.cols, measuredPower: p[index] };
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function checkChannel(op: string, codebook: CMatrix, h: CMatrix): void {
  if (h.cols !== 1 || h.rows !== codebook.rows) {
    throw new BaselineArgumentError(`${op}: expected h as a ${codebook.rows}×1 column (codebook has ${codebook.rows} rows); got ${h.rows}×${h.cols}`);
  }
}
