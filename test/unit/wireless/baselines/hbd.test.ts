import { describe, expect, it } from 'vitest';
import { digitalForAnalog } from '../../../../wireless/baselines/digital-for-analog.js';
import { fullyDigital } from '../../../../wireless/baselines/fully-digital.js';
import { hbd, hbdAnalog, hbdOfdm } from '../../../../wireless/baselines/hbd.js';
import { hybridProducts, type HybridTransceiver } from '../../../../wireless/baselines/hybrid-transceiver.js';
import { hybridSpectralEfficiency, spectralEfficiency } from '../../../../wireless/baselines/spectral-efficiency.js';
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm2 } from '../../../../wireless/linalg/reductions.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { svChannel } from './fixtures.js';
import { mean, modulusDeviation } from './helpers.js';

const [NT, NR, NRF, NS] = [32, 16, 3, 3];

/** Random analog stage (unit modulus / √N) with the same digital SVD stage: what HBD must clearly beat. */
function randomHybrid(H: CMatrix, rng: Rng): HybridTransceiver {
  const phases = (n: number) => {
    const m = cmatrix(n, NRF);
    for (let i = 0; i < n * NRF; i++) {
      const p = rng.uniformIn(0, 2 * Math.PI);
      m.data[2 * i] = Math.cos(p) / Math.sqrt(n);
      m.data[2 * i + 1] = Math.sin(p) / Math.sqrt(n);
    }
    return m;
  };
  const F_RF = phases(NT);
  const W_RF = phases(NR);
  return { F_RF, W_RF, ...digitalForAnalog(H, F_RF, W_RF, NS) };
}

/**
 * Monte-Carlo QPSK BER of r = √(P/N_s) Wᴴ H F x + Wᴴ n (n ~ CN(0, I)) with the per-stream single-tap equalizer
 * r_i / [Wᴴ H F]_ii and hard Gray decisions (the JHPF baselines' detector).
 */
function qpskBer(H: CMatrix, t: HybridTransceiver, snrDb: number, symbols: number, rng: Rng): number {
  const { F, W } = hybridProducts(t);
  const G = matmul(W, matmul(H, F), 'H', 'N');
  const amp = Math.sqrt(10 ** (snrDb / 10) / NS);
  const s = Math.SQRT1_2;
  let errors = 0;
  for (let n = 0; n < symbols; n++) {
    const x = Array.from({ length: NS }, () => [rng.uniform() < 0.5 ? -s : s, rng.uniform() < 0.5 ? -s : s]);
    const noise = Array.from({ length: NR }, () => rng.complexNormal());
    for (let i = 0; i < NS; i++) {
      let [yr, yi] = [0, 0];
      for (let j = 0; j < NS; j++) {
        const [gr, gi] = [G.data[2 * (i * NS + j)], G.data[2 * (i * NS + j) + 1]];
        yr += amp * (gr * x[j][0] - gi * x[j][1]);
        yi += amp * (gr * x[j][1] + gi * x[j][0]);
      }
      for (let r = 0; r < NR; r++) {
        // (Wᴴ n)_i = Σ_r conj(W_ri) n_r
        const [wr, wi] = [W.data[2 * (r * NS + i)], W.data[2 * (r * NS + i) + 1]];
        yr += wr * noise[r][0] + wi * noise[r][1];
        yi += wr * noise[r][1] - wi * noise[r][0];
      }
      const [dr, di] = [G.data[2 * (i * NS + i)], G.data[2 * (i * NS + i) + 1]];
      const er = yr * dr + yi * di; // r_i · conj(G_ii): the sign of r_i / G_ii
      const ei = yi * dr - yr * di;
      if (er < 0 !== x[i][0] < 0) errors++;
      if (ei < 0 !== x[i][1] < 0) errors++;
    }
  }
  return errors / (2 * NS * symbols);
}

describe('HBD (hybrid block diagonalization, one user)', () => {
  it('analog stages are constant modulus 1/√N with N_RF columns, digital [N_RF, N_s], ‖F_RF F_BB‖_F² = N_s', () => {
    const rng = new Rng(5);
    for (let c = 0; c < 5; c++) {
      const [H] = svChannel(rng, NT, NR);
      const t = hbd(H, { nRF: NRF, ns: NS });
      expect([t.F_RF.rows, t.F_RF.cols, t.W_RF.rows, t.W_RF.cols]).toEqual([NT, NRF, NR, NRF]);
      expect([t.F_BB.rows, t.F_BB.cols, t.W_BB.rows, t.W_BB.cols]).toEqual([NRF, NS, NRF, NS]);
      expect(modulusDeviation(t.F_RF, 1 / Math.sqrt(NT))).toBeLessThan(1e-12);
      expect(modulusDeviation(t.W_RF, 1 / Math.sqrt(NR))).toBeLessThan(1e-12);
      expect(frobeniusNorm2(hybridProducts(t).F)).toBeCloseTo(NS, 10);
    }
  });

  it('F_RF is the phase-only matched filter to W_RFᴴ H: each |w_iᴴ H f_i| is the largest any phase vector reaches', () => {
    const rng = new Rng(6);
    const [H] = svChannel(rng, NT, NR);
    const { F_RF, W_RF } = hbdAnalog(H, NRF);
    const G = matmul(W_RF, matmul(H, F_RF), 'H', 'N');
    const C = matmul(W_RF, H, 'H', 'N'); // [N_RF, N_t]
    for (let i = 0; i < NRF; i++) {
      // max over unit-modulus/√N_t f of |c_iᴴ f| = ‖c_i‖₁ / √N_t, reached by f = e^{j∠c_i*}/√N_t
      let l1 = 0;
      for (let t = 0; t < NT; t++) l1 += Math.hypot(C.data[2 * (i * NT + t)], C.data[2 * (i * NT + t) + 1]);
      expect(Math.hypot(G.data[2 * (i * NRF + i)], G.data[2 * (i * NRF + i) + 1])).toBeCloseTo(l1 / Math.sqrt(NT), 10);
    }
  });

  it('rate close to fully digital, far above a random analog stage; BER at −5 dB low where random analog is near 1/2', () => {
    const rng = new Rng(7);
    const snr = 10 ** (-5 / 10);
    const ratios: number[] = [];
    const randomRatios: number[] = [];
    const bers: number[] = [];
    const randomBers: number[] = [];
    for (let c = 0; c < 6; c++) {
      const [H] = svChannel(rng, NT, NR);
      const fd = fullyDigital(H, NS);
      // rank ≥ 3: the third singular value is not negligible
      expect(fd.singularValues[2] / fd.singularValues[0]).toBeGreaterThan(0.05);
      const full = spectralEfficiency(H, fd.F, snr, fd.W);
      const t = hbd(H, { nRF: NRF, ns: NS });
      const r = randomHybrid(H, rng);
      ratios.push(hybridSpectralEfficiency(H, t, snr) / full);
      randomRatios.push(hybridSpectralEfficiency(H, r, snr) / full);
      bers.push(qpskBer(H, t, -5, 2000, rng));
      randomBers.push(qpskBer(H, r, -5, 2000, rng));
    }
    expect(mean(ratios)).toBeGreaterThan(0.8);
    expect(mean(randomRatios)).toBeLessThan(0.5);
    expect(mean(bers)).toBeLessThan(0.02);
    expect(mean(randomBers)).toBeGreaterThan(0.1);
  });

  it('OFDM: one analog pair for all subcarriers, digital per subcarrier; K = 1 is the narrowband design', () => {
    const rng = new Rng(8);
    const H = svChannel(rng, NT, NR, { subcarriers: 4 });
    const t = hbdOfdm(H, { nRF: NRF, ns: NS });
    expect(t.F_BB).toHaveLength(4);
    expect(modulusDeviation(t.F_RF, 1 / Math.sqrt(NT))).toBeLessThan(1e-12);
    expect(modulusDeviation(t.W_RF, 1 / Math.sqrt(NR))).toBeLessThan(1e-12);
    // the shared analog stage serves every subcarrier far better than a random one with the same digital stage
    const ratios: number[] = [];
    const randomRatios: number[] = [];
    for (let k = 0; k < 4; k++) {
      const fd = fullyDigital(H[k], NS);
      const full = spectralEfficiency(H[k], fd.F, 1, fd.W);
      ratios.push(spectralEfficiency(H[k], matmul(t.F_RF, t.F_BB[k]), 1, matmul(t.W_RF, t.W_BB[k])) / full);
      randomRatios.push(hybridSpectralEfficiency(H[k], randomHybrid(H[k], rng), 1) / full);
    }
    expect(mean(ratios)).toBeGreaterThan(0.5);
    expect(mean(ratios)).toBeGreaterThan(mean(randomRatios) + 0.2);
    const one = hbdOfdm([H[0]], { nRF: NRF, ns: NS });
    const nb = hbd(H[0], { nRF: NRF, ns: NS });
    expect(Array.from(one.F_RF.data)).toEqual(Array.from(nb.F_RF.data));
    expect(() => hbd(H[0], { nRF: NRF, ns: 4 })).toThrow(/N_s must be an integer in \[1, 3\]/);
  });
});
