/**
 * The search baselines of paper 001 §IV-D on the test drops, with the wireless layer's tree search
 * (wireless/baselines/hierarchical-search.ts) over UPA codebooks whose last level is the 128-beam DFT codebook:
 *   hierarchical: K_w wide beams (16 = 4 × 4 by default), then the N/K_w = 8 narrow beams under the best one: 24
 *                 measurements; wide beams are the normalized sums of the narrow beams they cover ('sum' in
 *                 wireless/codebook/hierarchical.ts: flat gain over the covered cells, not constant modulus);
 *   binary:       7 levels of two-beam comparisons (2, 4, …, 128 beams: the horizontal axis splits first, then the
 *                 vertical), 2·log2 128 = 14 measurements (the paper writes "log2 128 = 8 rounds").
 * Each measurement is |a·hᴴw + ν|² with ν ~ CN(0, 1) (the probes' noise; reports not quantized to 1 dB).
 */
import { binarySearch, hierarchicalSearch, type BeamTree } from '../../../wireless/baselines/hierarchical-search.js';
import { upaHierarchicalCodebook } from '../../../wireless/codebook/hierarchical.js';
import { cmatrix } from '../../../wireless/linalg/cmatrix.js';
import { Rng } from '../../../wireless/random/rng.js';
import type { BeamSet } from '../data.js';
import { uniformGrid, type ProbeGeometry } from '../probes.js';

export interface SearchResult {
  name: string;
  /** measurements per user */
  measurements: number;
  accuracy: number;
  /** [n] a²·|a_{i*}ᴴh|² of the selected beam */
  snr: Float64Array;
}

/** Level sizes 2, 4, …, N_h on the horizontal axis, then the vertical axis doubling: a binary tree of the N beams. */
export function binaryLevels(g: Pick<ProbeGeometry, 'horizontal' | 'vertical'>): { h: number[]; v: number[] } {
  const h: number[] = [];
  const v: number[] = [];
  for (let s = 2; s <= g.horizontal; s *= 2) {
    h.push(s);
    v.push(1);
  }
  for (let s = 2; s <= g.vertical; s *= 2) {
    h.push(g.horizontal);
    v.push(s);
  }
  if (h.at(-1) !== g.horizontal || v.at(-1) !== g.vertical) {
    throw new RangeError(`binaryLevels: N_h and N_v must be powers of two; got ${g.horizontal} × ${g.vertical}`);
  }
  return { h, v };
}

/** The two trees: hierarchical (K_w wide + N/K_w narrow) and binary. */
export function searchTrees(g: Pick<ProbeGeometry, 'horizontal' | 'vertical'>, wideBeams: number): { hierarchical: BeamTree; binary: BeamTree } {
  const { lh, lv } = uniformGrid({ horizontal: g.horizontal, vertical: g.vertical, probes: wideBeams });
  const hierarchical = upaHierarchicalCodebook(g.horizontal, g.vertical, { levelSizesH: [lh, g.horizontal], levelSizesV: [lv, g.vertical] });
  const { h, v } = binaryLevels(g);
  const binary = upaHierarchicalCodebook(g.horizontal, g.vertical, { levelSizesH: h, levelSizesV: v });
  return { hierarchical, binary };
}

/** Runs both searches on every drop of `set`. */
export function runSearches(set: BeamSet, g: ProbeGeometry, wideBeams: number, amplitude: number, seed: number): SearchResult[] {
  const trees = searchTrees(g, wideBeams);
  const N = set.N;
  const a2 = amplitude * amplitude;
  const out: SearchResult[] = [];
  for (const [name, tree, search] of [
    ['hierarchical search', trees.hierarchical, hierarchicalSearch],
    ['binary search', trees.binary, binarySearch],
  ] as const) {
    const rng = new Rng(seed).fork(name);
    const snr = new Float64Array(set.count);
    let hits = 0;
    let measurements = 0;
    const h = cmatrix(N, 1);
    for (let b = 0; b < set.count; b++) {
      // h = a·conj(row): the set's rows are hᴴ
      for (let k = 0; k < N; k++) {
        h.data[2 * k] = amplitude * set.h[2 * (b * N + k)];
        h.data[2 * k + 1] = -amplitude * set.h[2 * (b * N + k) + 1];
      }
      const r = search(tree, h, { noiseVariance: 1, rng });
      measurements = Math.max(measurements, r.measurements);
      hits += Number(r.index === set.bestBeam[b]);
      snr[b] = a2 * set.beamPower[b * N + r.index];
    }
    out.push({ name, measurements, accuracy: hits / set.count, snr });
  }
  return out;
}
