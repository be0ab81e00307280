/**
 * Deployment of DL-JHPF (paper 000 §III-D, §III-F): the per-channel link r = √P G x + C n equals the signal flow (5)
 * of the designed matrices, the BER evaluator's stopping rules and counts, OFDM with unified and matched analog
 * processing, and the design-time measurement of Table II.
 */
import { describe, expect, it } from 'vitest';
import { add, complexNormal, matmul, noGrad, tensor, tidy, Generator, type Complex } from '../../../../engine/index.js';
import { CUSTOM_LAYERS } from '../../../../models/jhpf/closed-form/index.js';
import { jhpfBer, jhpfDesignTime, jhpfLink } from '../../../../models/jhpf/deploy.js';
import type { JhpfDims } from '../../../../models/jhpf/network/dims.js';
import { JhpfFramework } from '../../../../models/jhpf/network/framework.js';
import { TABLE_ONE_HIDDEN } from '../../../../models/jhpf/network/table-one.js';
import { drawTransmission, simulateSignalFlow } from '../../../../models/jhpf/signal-flow.js';
import type { ChannelBatch, OfdmChannelBatch } from '../../../../wireless/channel/types.js';
import { randomData, useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const DIMS: JhpfDims = { Nt: 8, NtRF: 2, Nr: 4, NrRF: 2, Ns: 2, subcarriers: 1 };
const HIDDEN = { ...TABLE_ONE_HIDDEN, pp: [64], cp: [64] };

function channels(count: number, seed: number, K = 1): ChannelBatch | OfdmChannelBatch {
  const data = randomData(2 * count * K * DIMS.Nr * DIMS.Nt, seed);
  return K === 1 ? { shape: [count, DIMS.Nr, DIMS.Nt], data } : { shape: [count, K, DIMS.Nr, DIMS.Nt], data };
}

describe('jhpfLink', () => {
  it('r = √P G x + C n equals the signal flow of the designed matrices over the true channel (design from an estimate)', async () => {
    const net = new JhpfFramework(DIMS, { seed: 1, hidden: HIDDEN });
    const truth = channels(16, 2) as ChannelBatch;
    const seen = channels(16, 3) as ChannelBatch;
    const link = jhpfLink(net, truth, seen, false);
    const [a, b] = tidy(() =>
      noGrad(() => {
        const t = drawTransmission(new Generator(4), 16, DIMS, 7);
        const d = net.design(tensor(seen.data, [...seen.shape], 'c64'));
        const H = tensor(truth.data, [...truth.shape], 'c64');
        const r = simulateSignalFlow(CUSTOM_LAYERS.fused, { H, ...d }, t);
        const col = (v: Complex) => v.reshape([16, v.shape[1], 1]);
        const viaLink = add(matmul(link.G, col(t.xScaled)), matmul(link.C, col(t.noise))).reshape([16, DIMS.Ns]);
        return [r, viaLink];
      }),
    );
    const [x, y] = await Promise.all([a.read(), b.read()]);
    x.forEach((v, i) => expect(v).toBeCloseTo(y[i], 4));
    link.G.dispose();
    link.C.dispose();
    net.dispose();
  });
});

describe('jhpfBer', () => {
  it('an untrained network is near 0.5; counts are whole passes; stops by errors or by the bit budget', async () => {
    const net = new JhpfFramework(DIMS, { seed: 5, hidden: HIDDEN });
    const set = channels(300, 6);
    const pass = 300 * 3 * DIMS.Ns * 2;
    const byErrors = await jhpfBer(net, set, set, 10, { targetErrors: 2000, maxBits: 1e7, seed: 1, symbolsPerChannel: 3, chunk: 128 });
    expect(byErrors.stoppedBy).toBe('errors');
    expect(byErrors.errors).toBeGreaterThanOrEqual(2000);
    expect(byErrors.bits % pass).toBe(0);
    expect(byErrors.lower).toBeLessThan(0.5 + 0.05);
    expect(byErrors.upper).toBeGreaterThan(0.5 - 0.05);
    const byBudget = await jhpfBer(net, set, set, 10, { targetErrors: 1e9, maxBits: 1, seed: 1, symbolsPerChannel: 3 });
    expect(byBudget.stoppedBy).toBe('budget');
    expect(byBudget.bits).toBe(pass);
    const again = await jhpfBer(net, set, set, 10, { targetErrors: 1e9, maxBits: 1, seed: 1, symbolsPerChannel: 3 });
    expect(again.errors).toBe(byBudget.errors); // seeded bits and noise
    expect(net.training).toBe(true);
    net.dispose();
  });

  it('OFDM: unified and matched analog processing both evaluate; shapes are checked', async () => {
    const K = 4;
    const dims: JhpfDims = { ...DIMS, subcarriers: K, analogFrom: 1 };
    const net = new JhpfFramework(dims, { seed: 7, hidden: HIDDEN });
    const set = channels(20, 8, K);
    for (const matchedAnalog of [false, true]) {
      const r = await jhpfBer(net, set, set, 5, { targetErrors: 1e9, maxBits: 1, seed: 2, matchedAnalog });
      expect(r.bits).toBe(20 * K * DIMS.Ns * 2);
      expect(r.estimate).toBeGreaterThan(0);
    }
    await expect(jhpfBer(net, channels(20, 8), channels(20, 8), 5, { targetErrors: 1, maxBits: 1, seed: 1 })).rejects.toThrow(
      /expected channels \[n ≥ 1, 4, 4, 8\]/,
    );
    net.dispose();
  });
});

describe('jhpfDesignTime', () => {
  it('returns a positive time per channel', async () => {
    const net = new JhpfFramework(DIMS, { seed: 9, hidden: HIDDEN });
    const H = complexNormal([32, DIMS.Nr, DIMS.Nt], { seed: 1 });
    const { msPerChannel } = await jhpfDesignTime(net, H, 2);
    expect(msPerChannel).toBeGreaterThan(0);
    expect(Number.isFinite(msPerChannel)).toBe(true);
    net.dispose();
  });
});
