import { describe, expect, it } from 'vitest';
import { fullyDigital } from '../../../../wireless/baselines/fully-digital.js';
import { hybridSpectralEfficiency, spectralEfficiency } from '../../../../wireless/baselines/spectral-efficiency.js';
import { identity } from '../../../../wireless/linalg/cmatrix.js';
import { scale, sub } from '../../../../wireless/linalg/elementwise.js';
import { inverse } from '../../../../wireless/linalg/lu.js';
import { log2DetIPlus } from '../../../../wireless/linalg/logdet.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2, maxAbs } from '../../../../wireless/linalg/reductions.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { svChannel } from './fixtures.js';
import { gaussianMatrix } from './helpers.js';

describe('spectral efficiency and the fully digital SVD transceiver', () => {
  const rng = new Rng(100);
  const [H] = svChannel(rng, 32, 8);
  const snr = 10 ** (5 / 10);

  it('matches log2 det(I + (SNR/N_s) Rn⁻¹ Wᴴ H F Fᴴ Hᴴ W), Rn = WᴴW, for arbitrary F and W', () => {
    const F = gaussianMatrix(rng, 32, 3);
    const W = gaussianMatrix(rng, 8, 3);
    const A = matmul(W, matmul(H, F), 'H', 'N');
    const X = scale(matmul(inverse(matmul(W, W, 'H', 'N')), matmul(A, A, 'N', 'H')), snr / 3);
    expect(spectralEfficiency(H, F, snr, W)).toBeCloseTo(log2DetIPlus(X), 10);
  });

  it('is invariant to W → W M for invertible M (the receiver filter is whitened)', () => {
    const F = gaussianMatrix(rng, 32, 2);
    const W = gaussianMatrix(rng, 8, 2);
    const M = gaussianMatrix(rng, 2, 2);
    expect(spectralEfficiency(H, F, snr, matmul(W, M))).toBeCloseTo(spectralEfficiency(H, F, snr, W), 10);
  });

  it('fully digital: orthonormal F, W; ‖F‖_F² = N_s; R = Σ log2(1 + (SNR/N_s) σ_i²); optimal against random F', () => {
    for (const ns of [1, 2, 4]) {
      const { F, W, singularValues: S } = fullyDigital(H, ns);
      expect(maxAbs(sub(matmul(F, F, 'H', 'N'), identity(ns)))).toBeLessThan(1e-12);
      expect(maxAbs(sub(matmul(W, W, 'H', 'N'), identity(ns)))).toBeLessThan(1e-12);
      expect(frobeniusNorm2(F)).toBeCloseTo(ns, 12);
      let closed = 0;
      for (let i = 0; i < ns; i++) closed += Math.log2(1 + (snr / ns) * S[i] ** 2);
      const R = spectralEfficiency(H, F, snr, W);
      expect(R).toBeCloseTo(closed, 10);
      for (let t = 0; t < 5; t++) {
        const G = gaussianMatrix(rng, 32, ns);
        const Fr = scale(G, Math.sqrt(ns / frobeniusNorm2(G)));
        expect(spectralEfficiency(H, Fr, snr)).toBeLessThanOrEqual(R + 1e-9);
      }
    }
  });

  it('hybridSpectralEfficiency evaluates F_RF F_BB and W_RF W_BB', () => {
    const t = {
      F_RF: gaussianMatrix(rng, 32, 4),
      F_BB: gaussianMatrix(rng, 4, 2),
      W_RF: gaussianMatrix(rng, 8, 4),
      W_BB: gaussianMatrix(rng, 4, 2),
    };
    const ref = spectralEfficiency(H, matmul(t.F_RF, t.F_BB), snr, matmul(t.W_RF, t.W_BB));
    expect(hybridSpectralEfficiency(H, t, snr)).toBeCloseTo(ref, 12);
  });

  it('fullyDigital rejects N_s beyond min(N_r, N_t)', () => {
    expect(() => fullyDigital(H, 9)).toThrow(/fullyDigital: N_s must be an integer in \[1, 8\]; got 9/);
  });
});
