/**
 * Training and evaluation tuples of DL-JHPF from host channel sets (wireless/channel/types.ts):
 *   narrowband (§III-C): ⟨H, X_b, n⟩, the designer and the signal flow both see H;
 *   OFDM (§III-F):       ⟨H̄, H[i], X_b, n⟩, H̄ the channel of subcarrier q (or the mean) for the analog matrices,
 *                        H[i] of a subcarrier i drawn uniformly from {0, …, K−1} per sample for H_eq and the signal flow.
 * X_b and n are drawn on the GPU (../signal-flow.ts); this file gathers the channels on the host.
 */
import type { ChannelBatch, OfdmChannelBatch } from '../../../wireless/channel/types.js';
import type { Rng } from '../../../wireless/random/rng.js';
import { analogSubcarrier, type JhpfDims } from './dims.js';

export type ChannelSet = ChannelBatch | OfdmChannelBatch;

/** Host arrays [B, N_r, N_t] c64 of one batch: H̄ for the analog designer, H for H_eq and the signal flow. */
export interface HostTuples {
  Hbar: Float32Array;
  /** null when it equals Hbar (narrowband) */
  H: Float32Array | null;
  count: number;
}

/** Checks that a channel set matches the framework's dimensions; returns its number of samples. */
export function checkChannelSet(op: string, dims: JhpfDims, set: ChannelSet): number {
  const K = dims.subcarriers;
  const want = K === 1 ? [dims.Nr, dims.Nt] : [K, dims.Nr, dims.Nt];
  const got = set.shape.slice(1);
  if (got.length !== want.length || got.some((d, i) => d !== want[i]) || set.shape[0] < 1) {
    throw new RangeError(`${op}: expected channels [n ≥ 1, ${want.join(', ')}] for these dimensions; got [${set.shape.join(', ')}]`);
  }
  return set.shape[0];
}

/** Gathers the tuples of samples `indices` (subcarriers from `rng` for OFDM). */
export function gatherTuples(dims: JhpfDims, set: ChannelSet, indices: ArrayLike<number>, rng: Rng): HostTuples {
  const per = 2 * dims.Nr * dims.Nt;
  const count = indices.length;
  const Hbar = new Float32Array(count * per);
  const src = set.data;
  if (set.shape.length === 3) {
    for (let b = 0; b < count; b++) Hbar.set(src.subarray(indices[b] * per, (indices[b] + 1) * per), b * per);
    return { Hbar, H: null, count };
  }
  const K = set.shape[1];
  const q = analogSubcarrier(dims);
  const H = new Float32Array(count * per);
  for (let b = 0; b < count; b++) {
    const base = indices[b] * K * per;
    const i = rng.int(K);
    H.set(src.subarray(base + i * per, base + (i + 1) * per), b * per);
    if (q === 'mean') {
      const out = Hbar.subarray(b * per, (b + 1) * per);
      for (let k = 0; k < K; k++) for (let e = 0; e < per; e++) out[e] += src[base + k * per + e] / K;
    } else {
      Hbar.set(src.subarray(base + q * per, base + (q + 1) * per), b * per);
    }
  }
  return { Hbar, H, count };
}
