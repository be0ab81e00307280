/**
 * The probe schemes and the online inference of paper 001: the uniform probes are the DFT beams the docs name and
 * every trainable scheme starts from them (the same W in the angle, beam and reference parameterizations); the site's
 * labels are the argmax over the DFT codebook; Algorithm 1 never selects a weaker beam than the predictor's top-1
 * when the re-probe is noiseless, and its accuracy is then the top-5 accuracy; the search baselines use 24 and 14
 * measurements.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../../../../engine/index.js';
import { BeamPredictionSite } from '../../../../wireless/channel/beam-prediction-site.js';
import { upaDftCodebook } from '../../../../wireless/codebook/dft.js';
import { topKHits } from '../../../../wireless/metrics/top-k-accuracy.js';
import { Rng } from '../../../../wireless/random/rng.js';
import type { BeamSet } from '../../../../models/probe/data.js';
import { beamsFromPhases, reprobe, topIndices } from '../../../../models/probe/deploy.js';
import { ProbeBeams, SCHEMES, uniformGrid, uniformProbes } from '../../../../models/probe/probes.js';
import { runSearches } from '../../../../models/probe/experiments/search.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const G = { horizontal: 16, vertical: 8, probes: 8 };

function siteSet(count: number, seed: number): BeamSet {
  const b = new BeamPredictionSite().generate(count, seed);
  return { count, N: 128, h: b.H.data as Float32Array, beamPower: b.beamPower, bestBeam: b.bestBeam };
}

describe('probe schemes', () => {
  it('uniform probes: a 4 × 2 grid of DFT beams at the cell centres', () => {
    expect(uniformGrid(G)).toEqual({ lh: 4, lv: 2 });
    const u = uniformProbes(G);
    expect(u.beams).toEqual([18, 22, 50, 54, 82, 86, 114, 118]);
    expect(u.u).toEqual([-0.75, -0.75, -0.25, -0.25, 0.25, 0.25, 0.75, 0.75]);
    expect(u.v).toEqual([-0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5]);
    expect(() => uniformGrid({ horizontal: 2, vertical: 2, probes: 8 })).toThrow(/do not fit/);
  });

  it('every scheme starts from the uniform DFT beams (same W up to 2π in each phase)', async () => {
    const dft = upaDftCodebook(16, 8).beams;
    const beams = uniformProbes(G).beams;
    for (const scheme of SCHEMES) {
      const probes = new ProbeBeams(scheme, G);
      const W = beamsFromPhases(await probes.elementPhases(), 128);
      let worst = 0;
      beams.forEach((i, l) => {
        for (let k = 0; k < 128; k++) {
          const [wr, wi] = [W[2 * (l * 128 + k)], W[2 * (l * 128 + k) + 1]];
          const [ar, ai] = [dft.data[2 * (k * 128 + i)], dft.data[2 * (k * 128 + i) + 1]];
          worst = Math.max(worst, Math.hypot(wr - ar, wi - ai));
        }
      });
      expect(worst, scheme).toBeLessThan(1e-6);
      const trainable = probes.namedParameters().map((p) => p.name);
      expect(trainable).toEqual({ uniform: [], angle: ['phi', 'theta'], beam: ['u', 'v'], reference: ['psi'] }[scheme]);
      probes.dispose();
    }
  });

  it('the power of the fused path equals the reference scheme’s unit-modulus path at the same beams', async () => {
    const set = siteSet(4, 3);
    const h = tensor(set.h, [4, 128], 'c64');
    const nu = tensor(new Float32Array(2 * 4 * 8).fill(0.25), [4, 8], 'c64');
    const [beam, ref] = [new ProbeBeams('beam', G), new ProbeBeams('reference', G)];
    const a = await beam.power(h, nu, null, 3e6).read();
    const b = await ref.power(h, nu, null, 3e6).read();
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(1e-4 * Math.abs(b[i]) + 1e-3));
  });
});

describe('Algorithm 1 (online inference)', () => {
  const set = siteSet(300, 7);

  it('the labels are the strongest DFT beams', () => {
    for (let b = 0; b < set.count; b++) {
      const row = set.beamPower.subarray(b * 128, (b + 1) * 128);
      expect(set.bestBeam[b]).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('never selects a weaker beam than the top-1 when re-probing is noiseless, and then hits whenever the top 5 do', () => {
    const rng = new Rng(5);
    // scores: the true powers scrambled with noise, so the ranking is imperfect
    const scores = Float32Array.from(set.beamPower, (p) => Math.log(p) + 3 * rng.normal());
    // noiseless re-probes, unquantized, with σ² = 0 dBm and a = 1 so that the RSRPs 10 log10 |hᴴa_i|² (−190 … −70 dBm)
    // never reach the −40 dBm cap (the best beam of every drop is above −140 dBm)
    const r = reprobe(set, scores, 1, 0, null, false, 16, 8);
    for (let b = 0; b < set.count; b++) expect(r.snr.algorithm1[b]).toBeGreaterThanOrEqual(r.snr.top1[b]);
    const top5 = topKHits(scores, set.bestBeam, 128, 5);
    expect(r.algorithm1.accuracy).toBeCloseTo(top5.reduce((s, x) => s + x, 0) / set.count, 12);
    const top1 = topKHits(scores, set.bestBeam, 128, 1).reduce((s, x) => s + x, 0) / set.count;
    expect(r.algorithm1.accuracy).toBeGreaterThan(top1);
    r.chosen.forEach((i, b) => expect(topIndices(scores, b, 128, 5)).toContain(i));
  });

  it('with the link of Table I (noisy, 1 dB reports) it still beats the top-1 on average', () => {
    const rng = new Rng(9);
    const scores = Float32Array.from(set.beamPower, (p) => Math.log(p) + 3 * rng.normal());
    const a = 10 ** (124 / 20); // P = 30 dBm over σ² = −94 dBm
    const r = reprobe(set, scores, a, -94, new Rng(2), true, 16, 8);
    const mean = (x: Float64Array) => x.reduce((s, v) => s + Math.log10(v), 0) / x.length;
    expect(mean(r.snr.algorithm1)).toBeGreaterThan(mean(r.snr.top1));
    expect(topIndices([3, 1, 3, 2], 0, 4, 3)).toEqual([0, 2, 3]);
  });

  it('the searches: 24 (hierarchical 16 + 8) and 14 (binary 2·7) measurements, better than chance', () => {
    const s = runSearches(set, G, 16, 10 ** (124 / 20), 3);
    expect(s.map((x) => [x.name, x.measurements])).toEqual([
      ['hierarchical search', 24],
      ['binary search', 14],
    ]);
    for (const x of s) expect(x.accuracy).toBeGreaterThan(0.3);
  });
});
