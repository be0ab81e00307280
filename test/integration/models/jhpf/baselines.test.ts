import { describe, expect, it } from 'vitest';
import { batchFromMatrices, channelAt, channelRng, type ChannelBatch, type OfdmChannelBatch } from '../../../../wireless/channel/types.js';
import { estimateChannel } from '../../../../wireless/channel/imperfect-csi.js';
import { greedyBeamPairs } from '../../../../wireless/baselines/index.js';
import { ulaDftCodebook } from '../../../../wireless/codebook/index.js';
import { cmatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2 } from '../../../../wireless/linalg/reductions.js';
import { getDatasetSpec, resolveConfig } from '../../../../wireless/dataset/registry.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { qFunction } from '../../../../wireless/special/erfc.js';
import { CLASSICAL_BASELINES, baselineLinks, designBaseline, linkBer, widebandBeamPairs } from '../../../../models/jhpf/baselines.js';

const DIMS = { Nt: 32, NtRF: 3, Nr: 16, NrRF: 3, Ns: 3 };

function umi(count: number, ofdm = false, seed = 3): ChannelBatch | OfdmChannelBatch {
  const spec = getDatasetSpec(ofdm ? 'jhpf-umi-ofdm' : 'jhpf-umi');
  const config = resolveConfig(spec, ofdm ? { numSubcarriers: 8 } : {});
  const data = spec.generate(config, seed, 0, count).H as Float32Array;
  return { shape: spec.tensors(config, count)[0].shape, data } as unknown as ChannelBatch;
}

describe('jhpf baselines', () => {
  it('fully digital BER matches QPSK theory for a known channel', async () => {
    // H = diag(s) padded to [N_r, N_t]: the SVD streams see SNR_i = (P/N_s) s_i², BER_i = Q(√SNR_i)
    const s = [2, 1.2, 0.7];
    const H = cmatrix(DIMS.Nr, DIMS.Nt);
    s.forEach((v, i) => (H.data[2 * (i * DIMS.Nt + i)] = v));
    const batch = batchFromMatrices([H]);
    const snrDb = 5;
    const P = 10 ** (snrDb / 10);
    const theory = s.reduce((acc, v) => acc + qFunction(Math.sqrt((P / 3) * v * v)), 0) / s.length;
    for (const equalizer of ['single-tap', 'zf'] as const) {
      const links = baselineLinks('fully-digital', batch, batch, DIMS, { seed: 1, equalizer });
      const r = await linkBer(links, snrDb, { targetErrors: 4000, maxBits: 1e7, seed: 9 });
      const sigma = Math.sqrt((theory * (1 - theory)) / r.bits);
      expect(Math.abs(r.estimate - theory)).toBeLessThan(4 * sigma);
    }
  });

  it('builds each link as A = E Wᴴ H F and L Lᴴ = E Wᴴ W Eᴴ with E = diag(1/G_ii)', () => {
    const H = umi(2) as ChannelBatch;
    const links = baselineLinks('jdb-altmin', H, H, DIMS, { seed: 4 });
    const x = designBaseline('jdb-altmin', [channelAt(H, 1)], DIMS, channelRng(4, 1));
    const G = matmul(x.W[0], matmul(channelAt(H, 1), x.F[0]), 'H', 'N');
    const n = DIMS.Ns;
    const A = links.A.subarray(2 * n * n, 4 * n * n);
    for (let i = 0; i < n; i++) {
      // the diagonal of A is exactly 1 (single-tap equalization of the true channel when seen = truth)
      expect(A[2 * (i * n + i)]).toBeCloseTo(1, 9);
      expect(A[2 * (i * n + i) + 1]).toBeCloseTo(0, 9);
      for (let j = 0; j < n; j++) {
        const [gr, gi] = [G.data[2 * (i * n + i)], G.data[2 * (i * n + i) + 1]];
        const [mr, mi] = [G.data[2 * (i * n + j)], G.data[2 * (i * n + j) + 1]];
        const g2 = gr * gr + gi * gi;
        expect(A[2 * (i * n + j)]).toBeCloseTo((gr * mr + gi * mi) / g2, 9);
        expect(A[2 * (i * n + j) + 1]).toBeCloseTo((gr * mi - gi * mr) / g2, 9);
      }
    }
    const L = cmatrix(n, n, links.L.subarray(2 * n * n, 4 * n * n));
    const LLh = matmul(L, L, 'N', 'H');
    const WhW = matmul(x.W[0], x.W[0], 'H', 'N');
    for (let i = 0; i < n; i++) {
      const g2 = G.data[2 * (i * n + i)] ** 2 + G.data[2 * (i * n + i) + 1] ** 2;
      expect(LLh.data[2 * (i * n + i)]).toBeCloseTo(WhW.data[2 * (i * n + i)] / g2, 9);
    }
  });

  it('ranks the schemes on UMi channels: fully digital < JDB-AltMin < DCJDB < BeS at 6 dB, each falling with SNR', async () => {
    const H = umi(40);
    const ber: Record<string, number[]> = {};
    for (const b of CLASSICAL_BASELINES) {
      const links = baselineLinks(b, H, H, DIMS, { seed: 2 });
      ber[b] = [];
      for (const snr of [-6, 6]) ber[b].push((await linkBer(links, snr, { targetErrors: 300, maxBits: 3e6, seed: 5 })).estimate);
      expect(ber[b][1]).toBeLessThan(ber[b][0]);
    }
    expect(ber['fully-digital'][1]).toBeLessThan(ber['jdb-altmin'][1]);
    expect(ber['jdb-altmin'][1]).toBeLessThan(ber.dcjdb[1]);
    expect(ber.dcjdb[1]).toBeLessThan(ber.bes[1]);
  });

  it('designing from a poor channel estimate costs BER', async () => {
    const H = umi(40) as ChannelBatch;
    const seen = estimateChannel(H, { method: 'ls', pilotSnrDb: -5 }, new Rng(8));
    const o = { targetErrors: 300, maxBits: 3e6, seed: 6 };
    const perfect = await linkBer(baselineLinks('jdb-altmin', H, H, DIMS, { seed: 2 }), 0, o);
    const mismatched = await linkBer(baselineLinks('jdb-altmin', H, seen, DIMS, { seed: 2 }), 0, o);
    expect(mismatched.estimate).toBeGreaterThan(1.5 * perfect.estimate);
  });

  it('OFDM: shared analog stage, per-subcarrier digital stage, ‖F[k]‖_F² = N_s', () => {
    const H = umi(1, true) as OfdmChannelBatch;
    const Hk = [...Array(H.shape[1]).keys()].map((k) => channelAt(H, 0, k));
    for (const b of CLASSICAL_BASELINES) {
      const x = designBaseline(b, Hk, DIMS, new Rng(1));
      expect(x.F).toHaveLength(Hk.length);
      for (const F of x.F) expect(frobeniusNorm2(F)).toBeCloseTo(3, 6);
    }
    const bes = designBaseline('bes', Hk, DIMS, new Rng(1));
    expect(bes.F[3].data).toEqual(bes.F[0].data);
    const links = baselineLinks('dcjdb', H, H, DIMS, { seed: 1 });
    expect(links.links).toBe(Hk.length);
  });

  it('wideband beam pairs on one subcarrier are greedyBeamPairs', () => {
    const H = umi(1) as ChannelBatch;
    const tx = ulaDftCodebook(32).beams;
    const rx = ulaDftCodebook(16).beams;
    const one = greedyBeamPairs(channelAt(H, 0), tx, rx, 3);
    const wide = widebandBeamPairs([channelAt(H, 0)], tx, rx, 3);
    expect(wide.tx).toEqual(one.tx);
    expect(wide.rx).toEqual(one.rx);
  });

  it('refuses mismatched truth and seen batches', () => {
    const H = umi(2);
    const other = umi(3);
    expect(() => baselineLinks('bes', H, other, DIMS, { seed: 1 })).toThrow(/baselineLinks: truth and seen must be the same/);
  });
});
