/**
 * Training of DL-JHPF (paper 000 §III-C, §III-F). The learning check runs at reduced dimensions: at the paper's
 * (N_T = 32, N_R = 16, N_s = 3) this 2-core software adapter needs far more than a test's minute for a 10× gain
 * (48 steps leave the BER at 0.5; see the report), so it uses N_T = 8, N_R = 4, N_T^RF = N_R^RF = 2, N_s = 1,
 * PP/CP-NN hidden widths [128, 64], UMi NLOS channels (dataset spec jhpf-umi), and Adam at 10⁻².
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/index.js';
import type { JhpfDims } from '../../../../models/jhpf/network/dims.js';
import { JhpfFramework } from '../../../../models/jhpf/network/framework.js';
import { TABLE_ONE_HIDDEN } from '../../../../models/jhpf/network/table-one.js';
import { evaluateLoss, trainJhpf } from '../../../../models/jhpf/train.js';
import type { ChannelBatch, OfdmChannelBatch } from '../../../../wireless/channel/types.js';
import { getDatasetSpec, resolveConfig } from '../../../../wireless/dataset/registry.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const DIMS: JhpfDims = { Nt: 8, NtRF: 2, Nr: 4, NrRF: 2, Ns: 1, subcarriers: 1 };
const HIDDEN = { ...TABLE_ONE_HIDDEN, pp: [128, 64], cp: [128, 64] };

function umi(count: number, seed: number): ChannelBatch {
  const spec = getDatasetSpec('jhpf-umi');
  const data = spec.generate(resolveConfig(spec, { numTx: DIMS.Nt, numRx: DIMS.Nr }), seed, 0, count).H as Float32Array;
  return { shape: [count, DIMS.Nr, DIMS.Nt], data };
}

function umiOfdm(count: number, K: number, seed: number): OfdmChannelBatch {
  const spec = getDatasetSpec('jhpf-umi-ofdm');
  const data = spec.generate(resolveConfig(spec, { numTx: DIMS.Nt, numRx: DIMS.Nr, numSubcarriers: K }), seed, 0, count).H as Float32Array;
  return { shape: [count, K, DIMS.Nr, DIMS.Nt], data };
}

const context = () => makeRunContext({ config: {}, runDir: mkdtempSync(join(tmpdir(), 'jhpf-train-')) });

describe('trainJhpf', () => {
  it('a short training at 10 dB lowers the BCE (18) and the BER (19) by at least 10× from the untrained network', async () => {
    const train = umi(2048, 1);
    const test = umi(1024, 2);
    const net = new JhpfFramework(DIMS, { seed: 1, hidden: HIDDEN });
    const before = await evaluateLoss(net, test, 10, 7);
    // 16 epochs of 8 steps: at 12 the loss ratio sat at 9–15× depending on the seed (training seeds 3, 4, 5, with and
    // without the fused BatchNorm epilogue), too close to the 10× line; at 16 it is 11.7–23× (scratch measurement)
    const result = await trainJhpf(
      context(),
      'learn',
      net,
      { train, validation: umi(256, 3) },
      {
        epochs: 16,
        batchSize: 256,
        learningRates: [{ epoch: 0, lr: 1e-2 }],
        snrDb: 10,
        seed: 3,
      },
    );
    const after = await evaluateLoss(net, test, 10, 7);
    expect(result.history).toHaveLength(16);
    expect(before.ber).toBeGreaterThan(0.3);
    expect(after.loss).toBeLessThan(before.loss / 10);
    expect(after.ber).toBeLessThan(before.ber / 10);
    net.dispose();
  });

  it('fused and autodiff custom layers train alike (same first-epoch loss)', async () => {
    const data = { train: umi(64, 4), validation: umi(32, 5) };
    const options = { epochs: 1, batchSize: 32, learningRates: [{ epoch: 0, lr: 1e-3 }], snrDb: [0, 10] as [number, number], seed: 1 };
    const losses: number[] = [];
    for (const gradients of ['fused', 'autodiff'] as const) {
      const net = new JhpfFramework(DIMS, { seed: 2, hidden: HIDDEN, gradients });
      const r = await trainJhpf(context(), gradients, net, data, options);
      losses.push(r.history[0].loss);
      net.dispose();
    }
    expect(Math.abs(losses[0] - losses[1])).toBeLessThan(1e-3 * losses[1]);
  });

  it('OFDM: trains on ⟨H̄, H[i], X_b, n⟩ tuples and resumes from its checkpoint', async () => {
    const K = 8;
    const dims: JhpfDims = { ...DIMS, Ns: 2, subcarriers: K, analogFrom: 3 };
    const data = { train: umiOfdm(64, K, 6), validation: umiOfdm(16, K, 7) };
    const ctx = context();
    const options = { epochs: 1, batchSize: 32, learningRates: [{ epoch: 0, lr: 1e-3 }], snrDb: 10, seed: 2 };
    const net = new JhpfFramework(dims, { seed: 3, hidden: HIDDEN });
    const before = await net.reDcNN.layers.at(0).namedParameters()[0].param.read();
    const first = await trainJhpf(ctx, 'ofdm', net, data, options);
    const after = await net.reDcNN.layers.at(0).namedParameters()[0].param.read();
    expect(first.history).toHaveLength(1);
    expect(Number.isFinite(first.history[0].loss)).toBe(true);
    expect(Number.isFinite(first.history[0].valBer)).toBe(true);
    expect(Array.from(after)).not.toEqual(Array.from(before));
    const resumed = await trainJhpf({ ...ctx, resume: true }, 'ofdm', new JhpfFramework(dims, { seed: 3, hidden: HIDDEN }), data, { ...options, epochs: 2 });
    expect(resumed.epochsRun).toBe(1);
    expect(resumed.history).toHaveLength(2);
    expect(resumed.history[0]).toEqual(first.history[0]);
  });

  it('refuses bad options and channels of the wrong shape', async () => {
    const net = new JhpfFramework(DIMS, { seed: 1, hidden: HIDDEN });
    const data = { train: umi(8, 1), validation: umi(4, 2) };
    const o = { epochs: 1, batchSize: 4, learningRates: [{ epoch: 0, lr: 1e-3 }], snrDb: 10, seed: 1 };
    await expect(trainJhpf(context(), 'x', net, data, { ...o, learningRates: [{ epoch: 1, lr: 1e-3 }] })).rejects.toThrow(/start at epoch 0/);
    await expect(trainJhpf(context(), 'x', net, data, { ...o, snrDb: [10, 0] })).rejects.toThrow(/snrDb/);
    const wrong = { shape: [8, DIMS.Nt, DIMS.Nr] as [number, number, number], data: data.train.data };
    await expect(trainJhpf(context(), 'x', net, { ...data, train: wrong }, o)).rejects.toThrow(/expected channels \[n ≥ 1, 4, 8\]/);
    net.dispose();
  });
});
