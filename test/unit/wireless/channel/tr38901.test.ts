import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../wireless/random/rng.js';
import { ulaGeometry, upaGeometry } from '../../../../wireless/array/geometry.js';
import { channelAt, frobeniusPowers, meanFrobeniusPower } from '../../../../wireless/channel/types.js';
import { cholesky } from '../../../../wireless/channel/tr38901/cholesky.js';
import { clusterDraw, drawClusters } from '../../../../wireless/channel/tr38901/clusters.js';
import { drawLargeScaleParameters, LSP } from '../../../../wireless/channel/tr38901/large-scale.js';
import { lspCorrelation, scenarioParameters } from '../../../../wireless/channel/tr38901/scenario.js';
import { Tr38901Channel } from '../../../../wireless/channel/tr38901/stochastic-channel.js';

const link = { fcGHz: 28, distance2DM: 100, ueHeightM: 1.5, bsHeightM: 10 };

/** |mean − target| in standard errors of the mean. */
function zScore(samples: Float64Array, target: number): number {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const v = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return Math.abs(mean - target) / Math.sqrt(v / n);
}

describe('TR 38.901 scenario tables', () => {
  it('Cholesky factors of the LSP correlations match channel-models.md', () => {
    const umi = [
      [1, 0, 0, 0, 0, 0],
      [-0.7, 0.714143, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0],
      [-0.4, 0.168034, 0, 0.90098, 0, 0],
      [0, -0.70014, 0.5, 0.130577, 0.4927, 0],
      [0, 0, 0.5, 0.221981, -0.566238, 0.616522],
    ];
    const uma = [
      [1, 0, 0, 0, 0, 0],
      [-0.4, 0.916515, 0, 0, 0, 0],
      [-0.6, 0.174574, 0.78072, 0, 0, 0],
      [0, 0.654654, 0.365963, 0.661438, 0, 0],
      [0, -0.545545, 0.762422, 0.118114, 0.327327, 0],
      [-0.4, -0.174574, -0.396459, 0.392138, 0.49099, 0.507445],
    ];
    for (const [scenario, ref] of [
      ['umi-nlos', umi],
      ['uma-nlos', uma],
    ] as const) {
      const L = cholesky(lspCorrelation(scenario), 6);
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(L[i * 6 + j]).toBeCloseTo(ref[i][j], 5);
    }
  });

  it('LSP medians at 28 GHz match Table 7.5-6 (UMi DS 65.9 ns, UMa DS 265.9 ns, ASD, ASA, ZSA)', () => {
    const medians = {
      'umi-nlos': { DS: 65.9e-9, ASD: 15.6, ASA: 49.3, ZSA: 7.27 },
      'uma-nlos': { DS: 265.9e-9, ASD: 21.6, ASA: 48.9, ZSA: 11.1 },
    } as const;
    const n = 20000;
    for (const scenario of ['umi-nlos', 'uma-nlos'] as const) {
      const p = scenarioParameters(scenario, { ...link, bsHeightM: scenario === 'umi-nlos' ? 10 : 25 });
      const rng = new Rng(11);
      const draws = { DS: new Float64Array(n), ASD: new Float64Array(n), ASA: new Float64Array(n), ZSA: new Float64Array(n) };
      const out = new Float64Array(6);
      for (let i = 0; i < n; i++) {
        drawLargeScaleParameters(p, rng, out);
        draws.DS[i] = Math.log10(out[LSP.DS]);
        draws.ASD[i] = Math.log10(out[LSP.ASD]);
        draws.ASA[i] = Math.log10(out[LSP.ASA]);
        draws.ZSA[i] = Math.log10(out[LSP.ZSA]);
      }
      for (const key of ['DS', 'ASD', 'ASA', 'ZSA'] as const) {
        const sorted = draws[key].sort();
        const median = 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        // SE of a normal sample median: 1.2533·σ/√n; the table value is rounded to 3 significant digits (±0.0005 rel).
        const sigma = p.sigma[LSP[key]];
        const se = (1.2533 * sigma) / Math.sqrt(n);
        expect(Math.abs(median - Math.log10(medians[scenario][key]))).toBeLessThan(4 * se + 0.0003);
      }
    }
  });

  it('LSP cross-correlations are reproduced (lg DS vs lg ASA: +0.4 UMi, +0.6 UMa)', () => {
    for (const [scenario, rho] of [
      ['umi-nlos', 0.4],
      ['uma-nlos', 0.6],
    ] as const) {
      const p = scenarioParameters(scenario, link);
      const rng = new Rng(5);
      const n = 20000;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      const out = new Float64Array(6);
      for (let i = 0; i < n; i++) {
        drawLargeScaleParameters(p, rng, out);
        x[i] = Math.log10(out[LSP.DS]);
        y[i] = Math.log10(out[LSP.ASA]);
      }
      const mx = x.reduce((a, b) => a + b) / n;
      const my = y.reduce((a, b) => a + b) / n;
      let sxy = 0,
        sxx = 0,
        syy = 0;
      for (let i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) ** 2;
        syy += (y[i] - my) ** 2;
      }
      // ASA clipping at 104° slightly lowers the correlation; SE of ρ̂ ≈ (1 − ρ²)/√n ≈ 0.006.
      expect(Math.abs(sxy / Math.sqrt(sxx * syy) - rho)).toBeLessThan(0.04);
    }
  });
});

describe('TR 38.901 clusters (steps 5–8)', () => {
  it('powers sum to 1, delays start at 0 sorted, no cluster below −25 dB, 20 rays each', () => {
    const p = scenarioParameters('umi-nlos', link);
    const rng = new Rng(3);
    const draw = clusterDraw(p.numClusters);
    const lsp = new Float64Array(6);
    for (let trial = 0; trial < 200; trial++) {
      drawLargeScaleParameters(p, rng, lsp);
      drawClusters(p, lsp, { aodDeg: 0, aoaDeg: 180, zodDeg: 95, zoaDeg: 85 }, rng, draw, {
        maxClusters: 19,
        dropWeak: true,
        subClusters: true,
      });
      const n = draw.clusters;
      const pw = Array.from(draw.power.subarray(0, n));
      expect(pw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Math.min(...pw) / Math.max(...pw)).toBeGreaterThanOrEqual(10 ** -2.5 - 1e-15);
      expect(draw.tau[0]).toBe(0);
      for (let i = 1; i < n; i++) expect(draw.tau[i]).toBeGreaterThanOrEqual(draw.tau[i - 1]);
      expect(draw.rays).toBe(20 * n);
      expect(draw.taps).toBe(n >= 2 ? n + 4 : n + 2);
    }
  });

  it("paper 000's reduced setting keeps the 3 strongest clusters", () => {
    const p = scenarioParameters('uma-nlos', link);
    const rng = new Rng(4);
    const full = clusterDraw(p.numClusters);
    const lsp = drawLargeScaleParameters(p, rng);
    const los = { aodDeg: 10, aoaDeg: 190, zodDeg: 95, zoaDeg: 85 };
    drawClusters(p, lsp, los, new Rng(9), full, { maxClusters: 20, dropWeak: false, subClusters: false });
    const top3 = Array.from(full.power.subarray(0, 20))
      .sort((a, b) => b - a)
      .slice(0, 3);
    const reduced = clusterDraw(p.numClusters);
    drawClusters(p, lsp, los, new Rng(9), reduced, { maxClusters: 3, dropWeak: false, subClusters: false });
    expect(reduced.clusters).toBe(3);
    expect(reduced.rays).toBe(60);
    const kept = Array.from(reduced.power.subarray(0, 3)).sort((a, b) => b - a);
    const s = top3.reduce((a, b) => a + b, 0);
    kept.forEach((v, i) => expect(v).toBeCloseTo(top3[i] / s, 12));
  });
});

describe('Tr38901Channel', () => {
  const cases = [
    { scenario: 'umi-nlos', tx: ulaGeometry(32), rx: ulaGeometry(16) },
    { scenario: 'uma-nlos', tx: upaGeometry(8, 4), rx: ulaGeometry(4) },
    { scenario: 'umi-nlos', tx: upaGeometry(4, 4), rx: upaGeometry(2, 2), numClusters: 3 },
  ] as const;

  it.each(cases)('narrowband E‖H‖_F² = N_t N_r ($scenario, $tx.kind → $rx.kind)', (c) => {
    const ch = new Tr38901Channel(c);
    const batch = ch.generate(3000, 21);
    expect(batch.shape).toEqual([3000, c.rx.numElements, c.tx.numElements]);
    expect(zScore(frobeniusPowers(batch), ch.nt * ch.nr)).toBeLessThan(4);
  });

  it('OFDM E‖H[k]‖_F² = N_t N_r on every subcarrier (UMa, 3 clusters, K = 16)', () => {
    const ch = new Tr38901Channel({ scenario: 'uma-nlos', tx: ulaGeometry(8), rx: ulaGeometry(4), numClusters: 3, numSubcarriers: 16 });
    const b = ch.generateOfdm(2000, 8);
    expect(b.shape).toEqual([2000, 16, 4, 8]);
    const p = frobeniusPowers(b);
    for (const k of [0, 7, 15]) {
      const pk = Float64Array.from({ length: 2000 }, (_, i) => p[i * 16 + k]);
      expect(zScore(pk, 32)).toBeLessThan(4);
    }
  });

  it('narrowband H at frequencyHz = k·Δf equals OFDM subcarrier k (same rays, same seed)', () => {
    const opts = { scenario: 'umi-nlos', tx: ulaGeometry(4), rx: ulaGeometry(2), numSubcarriers: 8 } as const;
    const of = new Tr38901Channel(opts).generateOfdm(5, 3);
    const spacing = 100e6 / 8;
    for (const k of [0, 5]) {
      const nb = new Tr38901Channel({ ...opts, frequencyHz: k * spacing }).generate(5, 3);
      for (let b = 0; b < 5; b++) {
        const x = channelAt(nb, b);
        const y = channelAt(of, b, k);
        for (let i = 0; i < x.data.length; i++) expect(y.data[i]).toBeCloseTo(x.data[i], 4);
      }
    }
    // The channel really is frequency selective: subcarriers 0 and 5 differ.
    expect(channelAt(of, 0, 0).data).not.toEqual(channelAt(of, 0, 5).data);
  });

  it('per-channel normalization gives exactly N_t N_r', () => {
    const ch = new Tr38901Channel({ scenario: 'uma-nlos', tx: ulaGeometry(8), rx: ulaGeometry(2), normalization: 'per-channel' });
    for (const v of frobeniusPowers(ch.generate(20, 1))) expect(v).toBeCloseTo(16, 3);
  });

  it('same seed → identical bytes; chunks reassemble; other seed differs', () => {
    const make = () => new Tr38901Channel({ scenario: 'umi-nlos', tx: ulaGeometry(8), rx: ulaGeometry(4) });
    const a = make().generate(50, 99);
    const b = make().generate(50, 99);
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    const first = make().generate(20, 99, 0);
    const rest = make().generate(30, 99, 20);
    const joined = new Float32Array(a.data.length);
    joined.set(first.data);
    joined.set(rest.data, first.data.length);
    expect(Buffer.from(joined.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    expect(meanFrobeniusPower(make().generate(50, 100))).not.toBe(meanFrobeniusPower(a));
  });

  it('rejects unsupported options', () => {
    expect(() => new Tr38901Channel({ scenario: 'umi-nlos', tx: ulaGeometry(4), rx: ulaGeometry(2), numClusters: 25 })).toThrow(/\[1, 19\]/);
  });
});
