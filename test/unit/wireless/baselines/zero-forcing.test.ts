import { describe, expect, it } from 'vitest';
import { regularizedZeroForcing, zeroForcing } from '../../../../wireless/baselines/zero-forcing.js';
import { cmatrix } from '../../../../wireless/linalg/cmatrix.js';
import { scale, sub } from '../../../../wireless/linalg/elementwise.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm, frobeniusNorm2, maxAbs } from '../../../../wireless/linalg/reductions.js';
import { conjTranspose } from '../../../../wireless/linalg/transpose.js';
import { sumRate, userRates } from '../../../../wireless/metrics/sum-rate.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { gaussianMatrix, mean } from './helpers.js';

describe('ZF and regularized ZF (multi-user MISO, H [K, N_t], row k = h_kᴴ)', () => {
  const rng = new Rng(44);

  it('ZF: no inter-user interference, ‖X‖_F² = P, equal per-user gains', () => {
    const H = gaussianMatrix(rng, 4, 16);
    const P = 10;
    const X = zeroForcing(H, P);
    expect([X.rows, X.cols]).toEqual([16, 4]);
    expect(frobeniusNorm2(X)).toBeCloseTo(P, 12);
    const G = matmul(H, X); // = β I
    const beta = G.data[0];
    for (let k = 0; k < 4; k++) {
      for (let j = 0; j < 4; j++) {
        const g = Math.hypot(G.data[2 * (k * 4 + j)], G.data[2 * (k * 4 + j) + 1]);
        if (j === k) expect(G.data[2 * (k * 4 + j)]).toBeCloseTo(beta, 10);
        else expect(g).toBeLessThan(1e-12 * beta);
      }
    }
    // Interference-free: each user's rate is log2(1 + β²/σ²).
    const rates = userRates(H, X, 1);
    for (const r of rates) expect(r).toBeCloseTo(Math.log2(1 + beta * beta), 10);
  });

  it('RZF tends to ZF as α → 0 and to matched filtering (Hᴴ) as α → ∞', () => {
    const H = gaussianMatrix(rng, 3, 8);
    expect(maxAbs(sub(regularizedZeroForcing(H, 1, 1e-12), zeroForcing(H, 1)))).toBeLessThan(1e-9);
    const mrt = conjTranspose(H);
    const mrtN = scale(mrt, 1 / frobeniusNorm(mrt));
    expect(maxAbs(sub(regularizedZeroForcing(H, 1, 1e9), mrtN))).toBeLessThan(1e-7);
  });

  it('RZF with α = Kσ²/P beats ZF on average at low SNR and matches it at high SNR', () => {
    const K = 4;
    const N = 8;
    for (const [snrDb, expectGain] of [
      [0, true],
      [30, false],
    ] as const) {
      const P = 10 ** (snrDb / 10);
      const zf: number[] = [];
      const rzf: number[] = [];
      for (let c = 0; c < 40; c++) {
        const H = gaussianMatrix(rng, K, N);
        zf.push(sumRate(H, zeroForcing(H, P), 1));
        rzf.push(sumRate(H, regularizedZeroForcing(H, P, K / P), 1));
      }
      if (expectGain) expect(mean(rzf)).toBeGreaterThan(mean(zf));
      else expect(Math.abs(mean(rzf) - mean(zf)) / mean(zf)).toBeLessThan(0.02);
    }
  });

  it('rejects more users than antennas and linearly dependent users; α > 0 still works', () => {
    expect(() => zeroForcing(gaussianMatrix(rng, 5, 4), 1)).toThrow(/expected K ≤ N_t users with linearly independent/);
    const h = gaussianMatrix(rng, 1, 6);
    const twins = cmatrix(2, 6, [...h.data, ...h.data]);
    expect(() => zeroForcing(twins, 1)).toThrow(/H Hᴴ \+ αI is singular/);
    expect(frobeniusNorm2(regularizedZeroForcing(twins, 2, 0.1))).toBeCloseTo(2, 12);
    expect(() => zeroForcing(h, 0)).toThrow(/expected power > 0; got 0/);
  });
});
