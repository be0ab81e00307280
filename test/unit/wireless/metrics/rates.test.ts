import { describe, expect, it } from 'vitest';
import { fromRows } from '../../../../wireless/linalg/cmatrix.js';
import { sumRate, sumRateBatch, userRates } from '../../../../wireless/metrics/sum-rate.js';
import { spectralEfficiency } from '../../../../wireless/metrics/spectral-efficiency.js';
import { effectiveAchievableRate, trainingEfficiency } from '../../../../wireless/metrics/effective-achievable-rate.js';
import { MultiuserMisoChannel } from '../../../../wireless/channel/multiuser-miso.js';
import { channelAt } from '../../../../wireless/channel/types.js';
import { cmatrix } from '../../../../wireless/linalg/cmatrix.js';
import { Rng } from '../../../../wireless/random/rng.js';

describe('sumRate (UPGANet eq. (2))', () => {
  it('matches a hand-computed two-user case with interference', () => {
    // Rows h_kᴴ: G = H X = [[1, 0], [0.5, 1]] → user 0: SINR 1/1; user 1: 1/(0.25 + 1).
    const H = fromRows([
      [1, 0],
      [0.5, 1],
    ]);
    const X = fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(sumRate(H, X, 1)).toBeCloseTo(1 + Math.log2(1 + 1 / 1.25), 14);
    expect(Array.from(userRates(H, X, 1))).toEqual([expect.closeTo(1, 14), expect.closeTo(Math.log2(1.8), 14)]);
  });

  it('matches a complex hand case', () => {
    // h_1ᴴ = [j, 1], h_2ᴴ = [1, −j]; x_1 = [1, 0], x_2 = [0, 2j].
    // G = [[j, 2j], [1, 2]]: user 1 signal |j|² = 1, interference |2j|² = 4; user 2 signal |2|² = 4, interference 1.
    const H = fromRows([
      [[0, 1], 1],
      [1, [0, -1]],
    ]);
    const X = fromRows([
      [1, 0],
      [0, [0, 2]],
    ]);
    expect(sumRate(H, X, 0.5)).toBeCloseTo(Math.log2(1 + 1 / 4.5) + Math.log2(1 + 4 / 1.5), 14);
  });

  it('batched form agrees with the per-sample form', () => {
    const model = new MultiuserMisoChannel({ numAntennas: 8, numUsers: 3, numPaths: 4 });
    const H = model.generate(5, 11);
    const rng = new Rng(3);
    const X = { shape: [5, 8, 3] as const, data: new Float64Array(2 * 5 * 8 * 3).map(() => rng.normal()) };
    const batch = sumRateBatch(H, X, 0.7);
    for (let b = 0; b < 5; b++) {
      const Xb = cmatrix(8, 3, X.data.subarray(b * 48, (b + 1) * 48));
      expect(batch[b]).toBeCloseTo(sumRate(channelAt(H, b), Xb, 0.7), 5);
    }
  });

  it('refuses mismatched shapes', () => {
    expect(() => sumRate(cmatrix(2, 4), cmatrix(3, 2), 1)).toThrow(/expected X with 4 rows/);
    expect(() => sumRate(cmatrix(2, 4), cmatrix(4, 3), 1)).toThrow(/one precoder column per user/);
  });
});

describe('spectralEfficiency (log det)', () => {
  const H = fromRows([
    [2, 0],
    [0, 1],
  ]);
  const F = fromRows([
    [1, 0],
    [0, 1],
  ]);
  it('gives log2 det(I + SNR/Ns · H F Fᴴ Hᴴ) by hand', () => {
    // SNR 2, Ns 2: det(I + diag(4, 1)) = 5·2
    expect(spectralEfficiency(H, F, 2)).toBeCloseTo(Math.log2(10), 13);
  });
  it('is invariant to combiner scaling and reduces to the single-stream rate', () => {
    const W = fromRows([
      [[0, 2], 0],
      [0, 2],
    ]);
    expect(spectralEfficiency(H, F, 2, W)).toBeCloseTo(Math.log2(10), 12);
    const f1 = fromRows([[1], [0]]);
    const w1 = fromRows([[[0, 3]], [0]]);
    // one stream on the strong eigenmode: log2(1 + SNR·4)
    expect(spectralEfficiency(H, f1, 2, w1)).toBeCloseTo(Math.log2(9), 12);
    expect(spectralEfficiency(H, f1, 2)).toBeCloseTo(Math.log2(9), 12);
  });
});

describe('effectiveAchievableRate (paper 001 eq. (12))', () => {
  it('applies the training overhead to the mean log rate', () => {
    const factor = 1 - (13 * 8.92e-6) / 20e-3;
    expect(trainingEfficiency({ trainingSymbols: 13 })).toBeCloseTo(factor, 15);
    expect(effectiveAchievableRate([1, 3], { trainingSymbols: 13 })).toBeCloseTo(1.5 * factor, 14);
  });
  it('charges the overhead per user and clips at 0', () => {
    const f100 = 1 - (100 * 24 * 8.92e-6) / 20e-3;
    expect(effectiveAchievableRate([7], { trainingSymbols: 24, users: 100 })).toBeCloseTo(3 * Math.max(0, f100), 14);
    expect(effectiveAchievableRate([7], { trainingSymbols: 24, users: 200 })).toBe(0);
    expect(effectiveAchievableRate([15], { trainingSymbols: 10, symbolDurationS: 1e-3, slotDurationS: 0.1 })).toBeCloseTo(0.9 * 4, 14);
  });
  it('refuses bad input', () => {
    expect(() => effectiveAchievableRate([], { trainingSymbols: 8 })).toThrow(/at least one sample/);
    expect(() => effectiveAchievableRate([-1], { trainingSymbols: 8 })).toThrow(/≥ 0/);
    expect(() => effectiveAchievableRate([1], { trainingSymbols: 8, users: 0 })).toThrow(/users/);
  });
});
