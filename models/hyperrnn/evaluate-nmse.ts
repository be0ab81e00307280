/**
 * The NMSE of §V, NMSE = E[‖ĥ_t − h_t‖² / ‖h_t‖²] per slot t, on fixed test sequences of the wireless layer's
 * FddPairChannel (wireless/channel/fdd-pair.ts) with the exact sign quantizer, networks in eval mode (BatchNorm with
 * its running statistics) and noise from a fixed stream, so that every scheme sees the same channels.
 */
import { Generator, add, keep, noGrad, sum, tensor, tidy, type Complex, type Tensor } from '../../engine/index.js';
import type { FddPairBatch } from '../../wireless/channel/fdd-pair.js';
import { fddChannel, type ChannelSetting } from './channels.js';
import type { HyperrnnConfig } from './config.js';
import { channelTarget, slotNmse, type CsiScheme } from './network.js';

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

/** NMSE per slot t = 1…T (linear), averaged over the sequences of `set`. */
export async function nmsePerSlot(net: CsiScheme, set: FddPairBatch, o: { chunk: number; noiseSeed: number }): Promise<number[]> {
  const [count, T] = set.dl.shape;
  const wasTraining = net.training;
  net.eval();
  const noise = new Generator(o.noiseSeed);
  let total: Tensor | null = null;
  try {
    for (let first = 0; first < count; first += o.chunk) {
      const n = Math.min(o.chunk, count - first);
      const next = noGrad(() =>
        tidy(() => {
          const pair = upload(set, first, n);
          const ratios = slotNmse(net.estimate(pair, noise, null), channelTarget(pair.dl)); // [n, T]
          const s = sum(ratios, { axis: 0 });
          return total ? add(total, s) : s;
        }),
      );
      total?.dispose();
      total = keep(next);
    }
    const sums = await total!.read();
    return Array.from({ length: T }, (_, t) => sums[t] / count);
  } finally {
    total?.dispose();
    net.train(wasTraining);
  }
}
