import { describe, expect, it } from 'vitest';
import { beamSweeping } from '../../../../wireless/baselines/beam-sweeping.js';
import { dcjdb } from '../../../../wireless/baselines/dcjdb.js';
import { fullyDigital } from '../../../../wireless/baselines/fully-digital.js';
import { jdbAltMin, jdbAltMinOfdm } from '../../../../wireless/baselines/jdb-altmin.js';
import { peAltMin, peAltMinOfdm } from '../../../../wireless/baselines/pe-altmin.js';
import { hybridSpectralEfficiency, ofdmSpectralEfficiency, spectralEfficiency } from '../../../../wireless/baselines/spectral-efficiency.js';
import { identity } from '../../../../wireless/linalg/cmatrix.js';
import { sub } from '../../../../wireless/linalg/elementwise.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2, maxAbs } from '../../../../wireless/linalg/reductions.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { dftCodebook, svChannel } from './fixtures.js';
import { mean, modulusDeviation } from './helpers.js';

describe('PE-AltMin (Yu et al. 2016) and JDB-AltMin', () => {
  it('64×16, N_RF = 4, N_s = 2, SNR 0 dB, 20 SV channels: within 1 bit/s/Hz of fully digital and above BeS', () => {
    const rng = new Rng(2016);
    const txCodebook = dftCodebook(64);
    const rxCodebook = dftCodebook(16);
    const fd: number[] = [];
    const alt: number[] = [];
    const dc: number[] = [];
    const bes: number[] = [];
    for (let c = 0; c < 20; c++) {
      const [H] = svChannel(rng, 64, 16, { clusters: 5, rays: 10, spreadDeg: 10 });
      const d = fullyDigital(H, 2);
      fd.push(spectralEfficiency(H, d.F, 1, d.W));
      const t = jdbAltMin(H, { nRF: 4, ns: 2, rng });
      expect(modulusDeviation(t.F_RF, 1)).toBeLessThan(1e-12);
      expect(modulusDeviation(t.W_RF, 1)).toBeLessThan(1e-12);
      expect(frobeniusNorm2(matmul(t.F_RF, t.F_BB))).toBeCloseTo(2, 10);
      alt.push(hybridSpectralEfficiency(H, t, 1));
      dc.push(hybridSpectralEfficiency(H, dcjdb(H, { txCodebook, rxCodebook, nRF: 4, ns: 2 }), 1));
      bes.push(hybridSpectralEfficiency(H, beamSweeping(H, { txCodebook, rxCodebook, nRF: 4, ns: 2 }), 1));
    }
    // Measured (seed 2016): fully digital 13.87, PE-AltMin 13.18, DCJDB 11.31, BeS 10.31 bit/s/Hz.
    expect(mean(fd) - mean(alt)).toBeGreaterThan(0);
    expect(mean(fd) - mean(alt)).toBeLessThan(1);
    expect(mean(alt)).toBeGreaterThan(mean(bes));
    expect(mean(dc)).toBeGreaterThanOrEqual(mean(bes));
  });

  it('precoder: unit-modulus F_RF, ‖F_RF F_BB‖_F² = N_s; combiner: unscaled semi-unitary W_BB', () => {
    const rng = new Rng(5);
    const [H] = svChannel(rng, 32, 8);
    const { F, W } = fullyDigital(H, 3);
    const p = peAltMin(F, { nRF: 4, rng });
    expect([p.F_RF.rows, p.F_RF.cols, p.F_BB.rows, p.F_BB.cols]).toEqual([32, 4, 4, 3]);
    expect(modulusDeviation(p.F_RF, 1)).toBeLessThan(1e-12);
    expect(frobeniusNorm2(matmul(p.F_RF, p.F_BB))).toBeCloseTo(3, 12);
    expect(p.iterations).toBeGreaterThan(1);
    const w = peAltMin(W, { nRF: 4, rng, normalize: false });
    expect(maxAbs(sub(matmul(w.F_BB, w.F_BB, 'H', 'N'), identity(3)))).toBeLessThan(1e-12);
    expect(modulusDeviation(w.F_RF, 1)).toBeLessThan(1e-12);
  });

  it('a tighter tolerance never leaves a larger objective', () => {
    const rng = new Rng(6);
    const [H] = svChannel(rng, 32, 8);
    const { F } = fullyDigital(H, 2);
    const loose = peAltMin(F, { nRF: 3, rng: new Rng(1), tolerance: 1 });
    const tight = peAltMin(F, { nRF: 3, rng: new Rng(1), tolerance: 1e-9 });
    expect(tight.iterations).toBeGreaterThanOrEqual(loose.iterations);
    expect(tight.objective).toBeLessThanOrEqual(loose.objective + 1e-9);
  });

  it('OFDM: one F_RF for all subcarriers, per-subcarrier power, K = 1 reduces to narrowband', () => {
    const rng = new Rng(7);
    const Hk = svChannel(rng, 32, 8, { subcarriers: 16, maxDelay: 4 });
    const t = jdbAltMinOfdm(Hk, { nRF: 4, ns: 2, rng });
    expect(t.F_BB).toHaveLength(16);
    expect(modulusDeviation(t.F_RF, 1)).toBeLessThan(1e-12);
    for (const B of t.F_BB) expect(frobeniusNorm2(matmul(t.F_RF, B))).toBeCloseTo(2, 10);
    const fdMean = mean(
      Hk.map((H) => {
        const d = fullyDigital(H, 2);
        return spectralEfficiency(H, d.F, 1, d.W);
      }),
    );
    const se = ofdmSpectralEfficiency(Hk, t, 1);
    // Measured (32×8, K = 16): 9.11 vs fully digital 10.11 bit/s/Hz (the shared analog stage costs ~1 bit).
    expect(se).toBeLessThan(fdMean);
    expect(fdMean - se).toBeLessThan(2);

    const F0 = fullyDigital(Hk[0], 2).F;
    const one = peAltMinOfdm([F0], { nRF: 4, rng: new Rng(9) });
    const nb = peAltMin(F0, { nRF: 4, rng: new Rng(9) });
    expect(maxAbs(sub(one.F_RF, nb.F_RF))).toBe(0);
    expect(maxAbs(sub(one.F_BB[0], nb.F_BB))).toBe(0);
  });

  it('rejects N_RF < N_s and mismatched subcarrier shapes', () => {
    const rng = new Rng(8);
    const [H] = svChannel(rng, 16, 4);
    const { F } = fullyDigital(H, 3);
    expect(() => peAltMin(F, { nRF: 2, rng })).toThrow(/peAltMin: N_RF must be an integer in \[3, 16\]; got 2/);
    expect(() => peAltMinOfdm([F, fullyDigital(H, 2).F], { nRF: 4, rng })).toThrow(/F_opt\[1\] is 16×2; expected 16×3/);
  });
});
