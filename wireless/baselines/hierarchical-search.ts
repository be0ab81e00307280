/**
 * Tree-structured beam search (paper 001 baselines) over a multi-level codebook:
 * levels[0] is probed in full; at each next level only the children of the chosen beam are probed.
 *   hierarchical: two levels, K_w wide beams then the N/K_w narrow beams under the best one:
 *                 K_w + N/K_w measurements (paper 001: 16 + 8 = 24 for the 128-beam UPA codebook)
 *   binary:       log2 N levels of two-beam comparisons (each level splits the previous beam's sector in two):
 *                 2·log2 N measurements (paper 001 writes "log2 128 = 8 rounds"; log2 128 is 7)
 * The codebooks are supplied by the caller (wide-beam design belongs to the codebook module); each level is a
 * CMatrix [N, B_l] with beams as columns, and children[l][p] lists the columns of levels[l + 1] under column p of
 * levels[l]. Measurement noise follows beam-search.ts.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { argmax, measureBeams, type BeamMeasurementOptions, type BeamSearchResult } from './beam-search.js';
import { BaselineArgumentError } from './errors.js';

export interface BeamTree {
  /** [L] codebooks, coarse to fine, each [N, B_l] */
  readonly levels: readonly CMatrix[];
  /** [L − 1]: children[l][p] = indices into levels[l + 1] refining beam p of levels[l] */
  readonly children: readonly (readonly (readonly number[])[])[];
}

export interface TreeSearchResult extends BeamSearchResult {
  /** [L] chosen beam at each level; path[L − 1] = index */
  readonly path: number[];
}

/** Greedy descent through the tree; measurements = B_0 + Σ_l |children of the chosen beam|. */
export function treeSearch(tree: BeamTree, h: CMatrix, options: BeamMeasurementOptions = {}): TreeSearchResult {
  validateTree('treeSearch', tree);
  let candidates = Array.from({ length: tree.levels[0].cols }, (_, i) => i);
  const path: number[] = [];
  let measurements = 0;
  let measuredPower = 0;
  tree.levels.forEach((level, l) => {
    const p = measureBeams(level, h, options, candidates);
    measurements += candidates.length;
    const k = argmax(p);
    path.push(candidates[k]);
    measuredPower = p[k];
    if (l + 1 < tree.levels.length) candidates = [...tree.children[l][candidates[k]]];
  });
  return { index: path[path.length - 1], path, measurements, measuredPower };
}

/** Two-level wide→narrow search (any tree works; two levels give K_w + N/K_w measurements). */
export function hierarchicalSearch(tree: BeamTree, h: CMatrix, options: BeamMeasurementOptions = {}): TreeSearchResult {
  return treeSearch(tree, h, options);
}

/** Binary search: requires 2 beams at the top and exactly 2 children per beam. */
export function binarySearch(tree: BeamTree, h: CMatrix, options: BeamMeasurementOptions = {}): TreeSearchResult {
  if (tree.levels[0]?.cols !== 2 || tree.children.some((lvl) => lvl.some((c) => c.length !== 2))) {
    throw new BaselineArgumentError('binarySearch: expected a binary tree (2 top-level beams, 2 children per beam); use treeSearch for other trees');
  }
  return treeSearch(tree, h, options);
}

/** K_w + N/K_w (K_w must divide N). */
export function hierarchicalMeasurementCount(n: number, wideBeams: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(wideBeams) || wideBeams < 1 || n % wideBeams !== 0) {
    throw new BaselineArgumentError(`hierarchicalMeasurementCount: expected integers with K_w dividing N; got N = ${n}, K_w = ${wideBeams}`);
  }
  return wideBeams + n / wideBeams;
}

/** 2·log2 N (N a power of two ≥ 2). */
export function binarySearchMeasurementCount(n: number): number {
  const rounds = Math.log2(n);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new BaselineArgumentError(`binarySearchMeasurementCount: expected N a power of two ≥ 2; got ${n}`);
  }
  return 2 * rounds;
}

function validateTree(op: string, tree: BeamTree): void {
  const L = tree.levels.length;
  if (L === 0) throw new BaselineArgumentError(`${op}: expected at least one codebook level; got none`);
  if (tree.children.length !== L - 1) {
    throw new BaselineArgumentError(`${op}: expected ${L - 1} child maps for ${L} levels; got ${tree.children.length}`);
  }
  tree.children.forEach((map, l) => {
    if (map.length !== tree.levels[l].cols) {
      throw new BaselineArgumentError(`${op}: children[${l}] needs one entry per beam of level ${l} (${tree.levels[l].cols}); got ${map.length}`);
    }
    for (const kids of map) {
      for (const c of kids) {
        if (!Number.isInteger(c) || c < 0 || c >= tree.levels[l + 1].cols) {
          throw new BaselineArgumentError(`${op}: children[${l}] holds ${c}; expected indices in [0, ${tree.levels[l + 1].cols}) of level ${l + 1}`);
        }
      }
      if (kids.length === 0) throw new BaselineArgumentError(`${op}: children[${l}] has a beam without children`);
    }
  });
}
