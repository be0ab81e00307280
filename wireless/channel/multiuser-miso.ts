/**
 * UPGANet's multi-user MISO downlink channel (paper 002; equations restored in paper-details §1):
 *   h_k = √(N/L) Σ_{l=1..L} α_lk a(φ_lk),   α_lk ~ CN(0, 1),   φ_lk ~ U[0, 2π),
 *   a(φ) = (1/√N) [e^{jπ n sin φ}]_{n=0..N−1}   (half-wavelength ULA, positive exponent)
 * for K single-antenna users and an N-antenna BS; defaults N = 64, K = 4, L = 10 (some re-implementations use 20).
 * All draws are independent across users and paths, so E‖h_k‖² = N and E‖H‖_F² = K·N.
 *
 * Output layout (engine "y = H x" convention, types.ts): ChannelBatch `[batch, K, N]` c64 whose row k is h_kᴴ, i.e.
 * element (b, k, n) = conj([h_k]_n). Then y_k = h_kᴴ F W s is row k of H·(F W s) (UPGANet eq. (1)); use `userChannel`
 * to get the column h_k itself (e.g. for H̃_k = h_k h_kᴴ).
 * Randomness: channel i of a call comes from channelRng(seed, firstIndex + i) (types.ts), so chunks reassemble
 * bit for bit.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { channelBatch, channelRng, type ChannelBatch, type NarrowbandChannelModel } from './types.js';

export interface MultiuserMisoConfig {
  /** N: BS antennas (ULA); default 64 */
  readonly numAntennas?: number;
  /** K: single-antenna users; default 4 */
  readonly numUsers?: number;
  /** L: paths per user; default 10 */
  readonly numPaths?: number;
}

export const MULTIUSER_MISO_DEFAULTS: Required<MultiuserMisoConfig> = { numAntennas: 64, numUsers: 4, numPaths: 10 };

export class MultiuserMisoChannel implements NarrowbandChannelModel {
  readonly config: Required<MultiuserMisoConfig>;
  /** N_r = K (one receive antenna per user) */
  readonly nr: number;
  /** N_t = N */
  readonly nt: number;

  constructor(config: MultiuserMisoConfig = {}) {
    const c = { ...MULTIUSER_MISO_DEFAULTS, ...config };
    for (const [key, value] of Object.entries(c)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`MultiuserMisoChannel: ${key} must be a positive integer; got ${String(value)}`);
      }
    }
    this.config = c;
    this.nr = c.numUsers;
    this.nt = c.numAntennas;
  }

  /** `[batch, K, N]` c64, row k = h_kᴴ; channels firstIndex … firstIndex + batch − 1 of stream `seed`. */
  generate(batch: number, seed: number, firstIndex = 0): ChannelBatch {
    const { numAntennas: N, numUsers: K, numPaths: L } = this.config;
    const out = channelBatch(batch, K, N);
    const d = out.data;
    const amp = 1 / Math.sqrt(L); // √(N/L) · (1/√N)
    const hr = new Float64Array(N);
    const hi = new Float64Array(N);
    for (let b = 0; b < batch; b++) {
      const rng = channelRng(seed, firstIndex + b);
      for (let k = 0; k < K; k++) {
        hr.fill(0);
        hi.fill(0);
        for (let l = 0; l < L; l++) {
          const [ar, ai] = rng.complexNormal(1);
          const phi = rng.uniformIn(0, 2 * Math.PI);
          const psi = Math.PI * Math.sin(phi);
          for (let n = 0; n < N; n++) {
            const c = Math.cos(psi * n);
            const s = Math.sin(psi * n);
            hr[n] += ar * c - ai * s;
            hi[n] += ar * s + ai * c;
          }
        }
        const base = 2 * ((b * K + k) * N);
        for (let n = 0; n < N; n++) {
          d[base + 2 * n] = amp * hr[n];
          d[base + 2 * n + 1] = -amp * hi[n]; // row k stores h_kᴴ
        }
      }
    }
    return out;
  }
}

/** The column h_k (N × 1, float64) of user k in sample b of a `[batch, K, N]` batch whose rows are h_kᴴ. */
export function userChannel(H: ChannelBatch, b: number, k: number): CMatrix {
  const [batch, K, N] = H.shape;
  if (!Number.isInteger(b) || b < 0 || b >= batch) throw new RangeError(`userChannel: sample must be in [0, ${batch}); got ${b}`);
  if (!Number.isInteger(k) || k < 0 || k >= K) throw new RangeError(`userChannel: user must be in [0, ${K}); got ${k}`);
  const out = cmatrix(N, 1);
  const base = 2 * ((b * K + k) * N);
  for (let n = 0; n < N; n++) {
    out.data[2 * n] = H.data[base + 2 * n];
    out.data[2 * n + 1] = -H.data[base + 2 * n + 1];
  }
  return out;
}
