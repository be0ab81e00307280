import { describe, expect, it } from 'vitest';
import { argmax, beamGains, exhaustiveSearch, measureBeams } from '../../../../wireless/baselines/beam-search.js';
import {
  binarySearch,
  binarySearchMeasurementCount,
  hierarchicalMeasurementCount,
  hierarchicalSearch,
  treeSearch,
} from '../../../../wireless/baselines/hierarchical-search.js';
import { cmatrix } from '../../../../wireless/linalg/cmatrix.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { channelVector, dftCodebook, kron, sectorTree, ulaResponse, upaDftCodebook } from './fixtures.js';

/** Paper 001's UPA: 16 horizontal × 8 vertical elements, 128-beam DFT codebook. */
const NH = 16;
const NV = 8;
const upa = upaDftCodebook(NH, NV);

/** Single on-grid path along UPA DFT beam b (index i·N_v + j). */
function onGrid(b: number, gain: [number, number] = [0.6, -0.8]) {
  const i = Math.floor(b / NV);
  const j = b % NV;
  return channelVector([{ gain, a: kron(ulaResponse(NH, -1 + (2 * i) / NH), ulaResponse(NV, -1 + (2 * j) / NV)) }]);
}

function randomUpaChannel(rng: Rng, paths: number) {
  return channelVector(
    Array.from({ length: paths }, () => ({
      gain: rng.complexNormal(),
      a: kron(ulaResponse(NH, rng.uniformIn(-1, 1)), ulaResponse(NV, rng.uniformIn(-1, 1))),
    })),
  );
}

describe('beam search for a single-antenna user', () => {
  it('measurement-count formulas: K_w + N/K_w and 2·log2 N (paper 001: 16 + 8 = 24; binary 2·7 = 14)', () => {
    expect(hierarchicalMeasurementCount(128, 16)).toBe(24);
    expect(hierarchicalMeasurementCount(64, 8)).toBe(16);
    expect(binarySearchMeasurementCount(128)).toBe(14);
    expect(binarySearchMeasurementCount(2)).toBe(2);
    expect(() => hierarchicalMeasurementCount(128, 12)).toThrow(/K_w dividing N; got N = 128, K_w = 12/);
    expect(() => binarySearchMeasurementCount(96)).toThrow(/power of two ≥ 2; got 96/);
  });

  it('exhaustive search returns the true best beam with B measurements (UPA 16×8, random multipath)', () => {
    const rng = new Rng(1);
    for (let t = 0; t < 20; t++) {
      const h = randomUpaChannel(rng, 3);
      const g = beamGains(upa, h);
      const r = exhaustiveSearch(upa, h);
      expect(r.index).toBe(argmax(g));
      expect(r.measurements).toBe(128);
      expect(r.measuredPower).toBeCloseTo(g[r.index], 12);
      expect(Math.max(...g)).toBe(g[r.index]);
    }
  });

  it('beamGains = |hᴴ w|²: an on-grid path of gain g gives |g|² on its beam and 0 elsewhere', () => {
    const g = beamGains(upa, onGrid(77, [3, 4]));
    expect(g[77]).toBeCloseTo(25, 12);
    g.forEach((x, i) => i !== 77 && expect(x).toBeLessThan(1e-24));
  });

  it('hierarchical (16 wide → 8 narrow) and binary trees find every on-grid beam in 24 and 14 measurements', () => {
    const hier = sectorTree(upa, [16, 128]);
    const bin = sectorTree(upa, [2, 4, 8, 16, 32, 64, 128]);
    for (let b = 0; b < 128; b++) {
      const h = onGrid(b);
      const rh = hierarchicalSearch(hier, h);
      expect(rh.index).toBe(b);
      expect(rh.measurements).toBe(hierarchicalMeasurementCount(128, 16));
      expect(hier.children[0][rh.path[0]]).toContain(rh.index);
      const rb = binarySearch(bin, h);
      expect(rb.index).toBe(b);
      expect(rb.path).toHaveLength(7);
      expect(rb.measurements).toBe(binarySearchMeasurementCount(128));
    }
  });

  it('off-grid single paths: hierarchical matches exhaustive; binary search loses some (error propagation)', () => {
    const rng = new Rng(3);
    const hier = sectorTree(upa, [16, 128]);
    const bin = sectorTree(upa, [2, 4, 8, 16, 32, 64, 128]);
    let hierHits = 0;
    let binHits = 0;
    const T = 100;
    for (let t = 0; t < T; t++) {
      const h = randomUpaChannel(rng, 1);
      const best = exhaustiveSearch(upa, h).index;
      hierHits += Number(hierarchicalSearch(hier, h).index === best);
      binHits += Number(binarySearch(bin, h).index === best);
    }
    // Measured over 500 paths (seed 3): hierarchical 100 %, binary 63 % (sum-of-DFT wide beams ripple).
    expect(hierHits / T).toBeGreaterThan(0.9);
    expect(binHits / T).toBeGreaterThan(0.3);
    expect(binHits).toBeLessThanOrEqual(hierHits);
  });

  it('ULA 64, K_w = 8: two-level search over a local DFT codebook', () => {
    const ula = dftCodebook(64);
    const tree = sectorTree(ula, [8, 64]);
    const h = channelVector([{ gain: [1, 0], a: ulaResponse(64, -1 + (2 * 45) / 64) }]);
    const r = treeSearch(tree, h);
    expect(r.index).toBe(45);
    expect(r.path).toEqual([5, 45]);
    expect(r.measurements).toBe(16);
  });

  it('noisy measurements: |hᴴw + n|² with n ~ CN(0, σ²); the noise needs an rng', () => {
    const h = onGrid(10, [1, 0]);
    const rng = new Rng(4);
    const p = measureBeams(upa, h, { noiseVariance: 0.01, rng });
    expect(p[10]).not.toBe(1);
    expect(Math.abs(p[10] - 1)).toBeLessThan(0.5);
    expect(exhaustiveSearch(upa, h, { noiseVariance: 0.01, rng }).index).toBe(10);
    // Pure noise: the mean reported power of the 127 empty beams is ≈ σ².
    const empty = Array.from(p).filter((_, i) => i !== 10);
    expect(empty.reduce((s, x) => s + x, 0) / empty.length).toBeGreaterThan(0.005);
    expect(empty.reduce((s, x) => s + x, 0) / empty.length).toBeLessThan(0.02);
    expect(() => measureBeams(upa, h, { noiseVariance: 0.1 })).toThrow(/noiseVariance = 0.1 needs an rng/);
  });

  it('validates shapes and trees', () => {
    expect(() => beamGains(upa, cmatrix(1, 128))).toThrow(/expected h as a 128×1 column .* got 1×128/);
    const hier = sectorTree(upa, [16, 128]);
    expect(() => binarySearch(hier, onGrid(0))).toThrow(/expected a binary tree/);
    const broken = { levels: hier.levels, children: [hier.children[0].map((c) => c.map((x) => x + 200))] };
    expect(() => treeSearch(broken, onGrid(0))).toThrow(/children\[0\] holds 200; expected indices in \[0, 128\)/);
    expect(() => treeSearch({ levels: hier.levels, children: [] }, onGrid(0))).toThrow(/expected 1 child maps for 2 levels/);
  });
});
