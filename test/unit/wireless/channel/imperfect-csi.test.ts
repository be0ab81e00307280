import { describe, expect, it } from 'vitest';
import { empiricalEntryVariance, estimateChannel, estimatorMse } from '../../../../wireless/channel/imperfect-csi.js';
import { channelBatch, ofdmChannelBatch } from '../../../../wireless/channel/types.js';
import { Rng } from '../../../../wireless/random/rng.js';

/** i.i.d. CN(0, 1) entries: E|H_ij|² = 1 */
function rayleigh(batch: number, nr: number, nt: number, seed: number) {
  const H = channelBatch(batch, nr, nt);
  const rng = new Rng(seed);
  for (let i = 0; i < H.data.length; i++) H.data[i] = rng.normal() * Math.SQRT1_2;
  return H;
}

/** per-entry squared error sample: mean and standard error */
function errorStats(est: Float32Array, truth: Float32Array): { mean: number; se: number } {
  const n = truth.length / 2;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const e = (est[2 * i] - truth[2 * i]) ** 2 + (est[2 * i + 1] - truth[2 * i + 1]) ** 2;
    s += e;
    s2 += e * e;
  }
  const mean = s / n;
  return { mean, se: Math.sqrt((s2 / n - mean * mean) / n) };
}

describe('imperfect CSI (DL-JHPF mismatch tests)', () => {
  const H = rayleigh(500, 4, 8, 1);
  it.each([10, 20])('LS at %i dB has per-entry MSE 1/ρ', (snr) => {
    const est = estimateChannel(H, { method: 'ls', pilotSnrDb: snr }, new Rng(2));
    expect(est.shape).toEqual(H.shape);
    const { mean, se } = errorStats(est.data, H.data);
    expect(Math.abs(mean - 10 ** (-snr / 10))).toBeLessThan(4 * se);
    expect(estimatorMse('ls', snr)).toBeCloseTo(10 ** (-snr / 10), 15);
  });

  it.each([10, 20])('LMMSE at %i dB has per-entry MSE 1/(1 + ρ) for unit-variance entries', (snr) => {
    const est = estimateChannel(H, { method: 'lmmse', pilotSnrDb: snr }, new Rng(3));
    const { mean, se } = errorStats(est.data, H.data);
    const rho = 10 ** (snr / 10);
    expect(Math.abs(mean - 1 / (1 + rho))).toBeLessThan(4 * se);
    expect(estimatorMse('lmmse', snr)).toBeCloseTo(1 / (1 + rho), 15);
  });

  it('uses a per-entry prior and keeps OFDM shapes', () => {
    const G = ofdmChannelBatch(2, 3, 2, 2);
    G.data.fill(1);
    const prior = [1, 0, 1, 0]; // entries with zero prior variance are estimated as 0
    const est = estimateChannel(G, { method: 'lmmse', pilotSnrDb: 10, entryVariance: prior }, new Rng(4));
    expect(est.shape).toEqual([2, 3, 2, 2]);
    for (let i = 0; i < est.data.length / 2; i++) if (prior[i % 4] === 0) expect(est.data[2 * i]).toBe(0);
    for (const v of empiricalEntryVariance(G)) expect(v).toBeCloseTo(2, 12);
  });

  it('refuses an ignored or malformed prior', () => {
    expect(() => estimateChannel(H, { method: 'ls', pilotSnrDb: 10, entryVariance: 1 }, new Rng(1))).toThrow(/applies to 'lmmse' only/);
    expect(() => estimateChannel(H, { method: 'lmmse', pilotSnrDb: 10, entryVariance: [1, 2] }, new Rng(1))).toThrow(/N_r·N_t = 32/);
  });
});
