import { describe, expect, it } from 'vitest';
import { greedyBeamPairs } from '../../../../wireless/baselines/beam-pairs.js';
import { beamSweeping } from '../../../../wireless/baselines/beam-sweeping.js';
import { dcjdb } from '../../../../wireless/baselines/dcjdb.js';
import { digitalForAnalog } from '../../../../wireless/baselines/digital-for-analog.js';
import { hybridSpectralEfficiency } from '../../../../wireless/baselines/spectral-efficiency.js';
import { cmatrix, identity } from '../../../../wireless/linalg/cmatrix.js';
import { sub } from '../../../../wireless/linalg/elementwise.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2, maxAbs } from '../../../../wireless/linalg/reductions.js';
import { column, columns } from '../../../../wireless/linalg/slicing.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { dftCodebook, svChannel } from './fixtures.js';
import { modulusDeviation } from './helpers.js';

describe('DFT-codebook baselines: DCJDB and beam sweeping', () => {
  const txCodebook = dftCodebook(32);
  const rxCodebook = dftCodebook(8);

  it('two on-grid paths: the greedy pairs are exactly the path beams, strongest first', () => {
    // H = 3 a_r(5) a_t(20)ᴴ + 2j a_r(1) a_t(7)ᴴ with a(i) = DFT column i (orthonormal codebooks).
    const H = cmatrix(8, 32);
    const add = (g: [number, number], r: number, t: number) => {
      const term = matmul(column(rxCodebook, r), column(txCodebook, t), 'N', 'H');
      for (let i = 0; i < H.data.length; i += 2) {
        H.data[i] += g[0] * term.data[i] - g[1] * term.data[i + 1];
        H.data[i + 1] += g[0] * term.data[i + 1] + g[1] * term.data[i];
      }
    };
    add([3, 0], 5, 20);
    add([0, 2], 1, 7);
    const p = greedyBeamPairs(H, txCodebook, rxCodebook, 2);
    expect(p.tx).toEqual([20, 7]);
    expect(p.rx).toEqual([5, 1]);
    expect(p.gains[0]).toBeCloseTo(9, 12);
    expect(p.gains[1]).toBeCloseTo(4, 12);
    expect(p.measurements).toBe(32 * 8);
    // Both baselines reach the rank-2 channel's capacity-achieving beams: R = log2(1 + 9/2·snr) + log2(1 + 4/2·snr).
    const ideal = Math.log2(1 + 4.5) + Math.log2(1 + 2);
    for (const f of [dcjdb, beamSweeping]) {
      expect(hybridSpectralEfficiency(H, f(H, { txCodebook, rxCodebook, nRF: 2, ns: 2 }), 1)).toBeCloseTo(ideal, 10);
    }
  });

  it('analog stages are distinct codebook columns; power ‖F_RF F_BB‖_F² = N_s; DCJDB ≥ BeS on every channel', () => {
    const rng = new Rng(33);
    for (let c = 0; c < 10; c++) {
      const [H] = svChannel(rng, 32, 8);
      const d = dcjdb(H, { txCodebook, rxCodebook, nRF: 3, ns: 2 });
      const b = beamSweeping(H, { txCodebook, rxCodebook, nRF: 3, ns: 2 });
      expect(new Set(d.txBeams).size).toBe(3);
      expect(new Set(d.rxBeams).size).toBe(3);
      expect(maxAbs(sub(d.F_RF, columns(txCodebook, d.txBeams)))).toBe(0);
      expect(modulusDeviation(d.F_RF, 1 / Math.sqrt(32))).toBeLessThan(1e-15);
      expect(b.txBeams).toEqual(d.txBeams); // same analog stage, different digital stage
      for (const t of [d, b]) expect(frobeniusNorm2(matmul(t.F_RF, t.F_BB))).toBeCloseTo(2, 12);
      expect(hybridSpectralEfficiency(H, d, 1)).toBeGreaterThanOrEqual(hybridSpectralEfficiency(H, b, 1) - 1e-9);
    }
  });

  it('digitalForAnalog whitens non-orthogonal analog beams: (F_RF F_BB)ᴴ(F_RF F_BB) = I', () => {
    const rng = new Rng(34);
    const [H] = svChannel(rng, 32, 8);
    const oversampled = dftCodebook(32, 128);
    const F_RF = columns(oversampled, [10, 11, 12, 40]); // adjacent oversampled beams overlap strongly
    const W_RF = columns(dftCodebook(8, 32), [3, 4, 20]);
    const { F_BB, W_BB, singularValues } = digitalForAnalog(H, F_RF, W_RF, 2);
    const F = matmul(F_RF, F_BB);
    expect(maxAbs(sub(matmul(F, F, 'H', 'N'), identity(2)))).toBeLessThan(1e-10);
    const W = matmul(W_RF, W_BB);
    expect(maxAbs(sub(matmul(W, W, 'H', 'N'), identity(2)))).toBeLessThan(1e-10);
    // Wᴴ H F is diagonal with the whitened effective channel's singular values.
    const D = matmul(W, matmul(H, F), 'H', 'N');
    expect(Math.hypot(D.data[2], D.data[3], D.data[4], D.data[5])).toBeLessThan(1e-9 * singularValues[0]);
    expect(Math.hypot(D.data[0], D.data[1])).toBeCloseTo(singularValues[0], 9);
  });

  it('rejects N_s > N_RF and codebooks of the wrong height', () => {
    const [H] = svChannel(new Rng(35), 32, 8);
    expect(() => dcjdb(H, { txCodebook, rxCodebook, nRF: 2, ns: 3 })).toThrow(/dcjdb: N_s must be an integer in \[1, 2\]; got 3/);
    expect(() => beamSweeping(H, { txCodebook: rxCodebook, rxCodebook, nRF: 2, ns: 1 })).toThrow(/N_t = 32 \(tx\)/);
  });
});
