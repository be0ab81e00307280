import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import type { ChannelBatch } from '../channel/types.js';

/**
 * Multi-user MISO downlink sum rate with single-user decoding (interference treated as noise), UPGANet eq. (2):
 *   R = Σ_k log2(1 + |h_kᴴ x_k|² / (Σ_{j≠k} |h_kᴴ x_j|² + σ_n²))
 * with x_k = F w_k the effective precoder of user k (column k of X = F W, or of a fully digital X).
 *
 * Channel convention: H is K × N with row k = h_kᴴ, so y = H X s (the engine's [N_r, N_t] "y = H x" layout; the
 * multiuser-miso generator stores exactly this). G = H X then holds G[k, j] = h_kᴴ x_j.
 * Units: σ_n² and the power in X on the same linear scale (UPGANet: σ_n² = 1, ‖X‖_F² = P_BS).
 */
export function sumRate(H: CMatrix, X: CMatrix, noiseVariance: number): number {
  let total = 0;
  for (const r of userRates(H, X, noiseVariance)) total += r;
  return total;
}

/** Per-user rates log2(1 + SINR_k), bit/s/Hz: `[K]`. */
export function userRates(H: CMatrix, X: CMatrix, noiseVariance: number): Float64Array {
  if (H.cols !== X.rows) {
    throw new RangeError(`sumRate: H is ${H.rows}×${H.cols} and X is ${X.rows}×${X.cols}; expected X with ${H.cols} rows`);
  }
  if (H.rows !== X.cols) {
    throw new RangeError(`sumRate: need one precoder column per user; expected X with ${H.rows} columns, got ${X.cols}`);
  }
  if (!(noiseVariance >= 0)) throw new RangeError(`sumRate: noise variance must be ≥ 0; got ${noiseVariance}`);
  const G = matmul(H, X);
  return ratesFromGains(G.data, 0, H.rows, noiseVariance);
}

/**
 * Sum rate of every sample of a batch: H `[batch, K, N]` c64 (rows h_kᴴ), X `[batch, N, K]` c64 interleaved
 * (Float32Array or Float64Array). Returns `[batch]` bit/s/Hz.
 */
export function sumRateBatch(
  H: ChannelBatch,
  X: { readonly shape: readonly [number, number, number]; readonly data: ArrayLike<number> },
  noiseVariance: number,
): Float64Array {
  const [batch, K, N] = H.shape;
  const [xb, xn, xk] = X.shape;
  if (xb !== batch || xn !== N || xk !== K) {
    throw new RangeError(`sumRateBatch: X must be [${batch}, ${N}, ${K}] for H [${batch}, ${K}, ${N}]; got [${X.shape.join(', ')}]`);
  }
  if (!(noiseVariance >= 0)) throw new RangeError(`sumRateBatch: noise variance must be ≥ 0; got ${noiseVariance}`);
  const out = new Float64Array(batch);
  const g = new Float64Array(2 * K * K);
  const h = H.data;
  const x = X.data;
  for (let b = 0; b < batch; b++) {
    const hb = 2 * b * K * N;
    const xbase = 2 * b * N * K;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < K; j++) {
        let re = 0;
        let im = 0;
        for (let n = 0; n < N; n++) {
          const hr = h[hb + 2 * (k * N + n)];
          const hi = h[hb + 2 * (k * N + n) + 1];
          const xr = x[xbase + 2 * (n * K + j)];
          const xi = x[xbase + 2 * (n * K + j) + 1];
          re += hr * xr - hi * xi;
          im += hr * xi + hi * xr;
        }
        g[2 * (k * K + j)] = re;
        g[2 * (k * K + j) + 1] = im;
      }
    }
    let total = 0;
    for (const r of ratesFromGains(g, 0, K, noiseVariance)) total += r;
    out[b] = total;
  }
  return out;
}

/** Rates from the K × K effective gain matrix G[k, j] = h_kᴴ x_j stored interleaved at `offset`. */
function ratesFromGains(g: ArrayLike<number>, offset: number, K: number, noiseVariance: number): Float64Array {
  const rates = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let signal = 0;
    let interference = 0;
    for (let j = 0; j < K; j++) {
      const re = g[offset + 2 * (k * K + j)];
      const im = g[offset + 2 * (k * K + j) + 1];
      const p = re * re + im * im;
      if (j === k) signal = p;
      else interference += p;
    }
    const denom = interference + noiseVariance;
    if (denom === 0) throw new RangeError(`sumRate: user ${k} has zero interference-plus-noise; the SINR is unbounded`);
    rates[k] = Math.log2(1 + signal / denom);
  }
  return rates;
}
