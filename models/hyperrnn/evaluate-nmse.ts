/**
 * The NMSE of §V, NMSE = E[‖ĥ_t − h_t‖² / ‖h_t‖²] per slot t, on fixed test sequences of the wireless layer's
 * FddPairChannel (wireless/channel/fdd-pair.ts) with the exact sign quantizer, networks in eval mode (BatchNorm with
 * its running statistics) and noise from a fixed stream, so that every scheme sees the same channels.
 * Also Σ‖ĥ_t − h_t‖² / Σ‖h_t‖² ('ratio of sums', what the MSE loss (7a) weighs): the paper's mean of ratios counts
 * every sequence equally, so weak channels (few paths, small gains) weigh more in it than in the training loss.
 */
import { Generator, add, concat, div, keep, mul, noGrad, sub, sum, tensor, tidy, type Complex, type Tensor } from '../../engine/index.js';
import type { FddPairBatch } from '../../wireless/channel/fdd-pair.js';
import { fddChannel, type ChannelSetting } from './channels.js';
import type { HyperrnnConfig } from './config.js';
import { channelTarget, type CsiScheme } from './network.js';

/** `count` sequences of a setting (T = config.system.numSlots) from stream `seed`. */
export function testSequences(c: HyperrnnConfig, s: ChannelSetting, count: number, seed: number): FddPairBatch {
  return fddChannel(c, s).generate(count, seed);
}

/** Sequences first … first + n − 1 of a host batch as [n, T, M] c64 tensors. */
function upload(set: FddPairBatch, first: number, n: number): { ul: Complex; dl: Complex } {
  const [, T, M] = set.dl.shape;
  const per = 2 * T * M;
  const part = (d: Float32Array) => tensor(d.subarray(first * per, (first + n) * per), [n, T, M], 'c64') as Complex;
  return { ul: part(set.ul.data), dl: part(set.dl.data) };
}

export interface SlotNmse {
  /** E[‖ĥ_t − h_t‖² / ‖h_t‖²] per slot t = 1…T (linear): the paper's NMSE */
  meanOfRatios: number[];
  /** Σ‖ĥ_t − h_t‖² / Σ‖h_t‖² per slot (linear) */
  ratioOfSums: number[];
  /** ‖ĥ_t − h_t‖² / ‖h_t‖² of every sequence and slot, [count, T] row-major: the standard errors of the verdicts */
  ratios: Float32Array;
}

/** The per-sequence ratios at slot t (1-based). */
export function ratiosAt(r: SlotNmse, t: number): Float64Array {
  const T = r.meanOfRatios.length;
  const n = r.ratios.length / T;
  return Float64Array.from({ length: n }, (_, i) => r.ratios[i * T + t - 1]);
}

/** NMSE per slot t = 1…T (linear), over the sequences of `set`. */
export async function nmsePerSlot(net: CsiScheme, set: FddPairBatch, o: { chunk: number; noiseSeed: number }): Promise<SlotNmse> {
  const [count, T] = set.dl.shape;
  const wasTraining = net.training;
  net.eval();
  const noise = new Generator(o.noiseSeed);
  let total: Tensor | null = null;
  const ratios = new Float32Array(count * T);
  try {
    for (let first = 0; first < count; first += o.chunk) {
      const n = Math.min(o.chunk, count - first);
      const [next, chunkRatios] = noGrad(() =>
        tidy(() => {
          const pair = upload(set, first, n);
          const target = channelTarget(pair.dl);
          const d = sub(net.estimate(pair, noise, null), target);
          const err = sum(mul(d, d), { axis: 2 }); // [n, T]
          const ref = sum(mul(target, target), { axis: 2 });
          const ratio = div(err, ref);
          // rows: Σ_b ratio_bt, Σ_b err_bt, Σ_b ref_bt → [3, T]
          const s = concat([sum(ratio, { axis: 0, keepdims: true }), sum(err, { axis: 0, keepdims: true }), sum(ref, { axis: 0, keepdims: true })], 0);
          return [total ? add(total, s) : s, ratio];
        }),
      );
      total?.dispose();
      total = keep(next);
      try {
        ratios.set(await chunkRatios.read(), first * T);
      } finally {
        chunkRatios.dispose();
      }
    }
    const sums = await total!.read();
    const slots = Array.from({ length: T }, (_, t) => t);
    return { meanOfRatios: slots.map((t) => sums[t] / count), ratioOfSums: slots.map((t) => sums[T + t] / sums[2 * T + t]), ratios };
  } finally {
    total?.dispose();
    net.train(wasTraining);
  }
}
