/**
 * BER of each spatial stream of DL-JHPF at one SNR: which of the N_s streams the trained framework serves. The
 * framework is free to split the power of (17) unevenly between streams, and a short training can settle on serving
 * fewer streams than N_s; the mean BER alone hides that.
 */
import { Generator, noGrad, tensor, tidy, type Complex } from '../../../engine/index.js';
import type { ChannelBatch } from '../../../wireless/channel/types.js';
import type { Table } from '../../run/types.js';
import { JHPF_BITS_PER_SYMBOL } from '../network/dims.js';
import type { JhpfFramework } from '../network/framework.js';
import { drawTransmission } from '../signal-flow.js';
import { perStreamErrors } from '../health.js';

export interface StreamBer {
  snrDb: number;
  /** BER of stream s (its log2 M bits), s = 0 … N_s − 1 */
  perStream: number[];
  bits: number;
}

/** One pass over the channels with `repeats` fresh transmissions each, counting errors per stream. */
export async function streamBer(net: JhpfFramework, H: ChannelBatch, snrDb: number, seed: number, repeats = 4): Promise<StreamBer> {
  const [B, Nr, Nt] = H.shape;
  const { Ns } = net.dims;
  const perBit = JHPF_BITS_PER_SYMBOL;
  const errors = new Array<number>(Ns).fill(0);
  const gen = new Generator(seed);
  const Ht = tensor(H.data, [B, Nr, Nt], 'c64') as Complex;
  const wasTraining = net.training;
  net.eval();
  try {
    for (let r = 0; r < repeats; r++) {
      const [logits, bits] = tidy(() =>
        noGrad(() => {
          const t = drawTransmission(gen, B, net.dims, snrDb);
          return [net.forwardTraining(Ht, Ht, t), t.bits];
        }),
      );
      const [l, b] = [await logits.read(), await bits.read()];
      logits.dispose();
      bits.dispose();
      perStreamErrors(l, b, Ns, perBit).forEach((e, s) => (errors[s] += e));
    }
  } finally {
    Ht.dispose();
    net.train(wasTraining);
  }
  const perStreamBits = B * repeats * perBit;
  return { snrDb, perStream: errors.map((e) => e / perStreamBits), bits: perStreamBits * Ns };
}

export function streamBerTable(s: StreamBer): Table {
  return {
    id: 'stream-ber',
    title: `DL-JHPF BER per spatial stream at ${s.snrDb} dB (UMi test channels)`,
    columns: ['stream', 'BER'],
    rows: s.perStream.map((ber, i) => [String(i), ber]),
    caption:
      `${s.bits / s.perStream.length} bits per stream. A stream at BER ≈ 0.5 is not served: the framework put (almost) no power into it, ` +
      'which bounds the mean BER from below by (0.5 + …)/N_s whatever the SNR.',
  };
}
