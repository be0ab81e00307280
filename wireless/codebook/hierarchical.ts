/**
 * Hierarchical (multi-level wide → narrow) beam codebooks for hierarchical and binary beam search
 * (the probe-beam paper's hierarchical-search baseline).
 *
 * Levels ℓ = 0 (widest) … L−1 (narrowest). The last level is the DFT codebook of `dft.ts` with B_{L−1} = O·N beams;
 * each level size B_ℓ divides B_{ℓ+1}, and beam p of level ℓ is the parent of beams p·r … p·r + r − 1 of level ℓ+1
 * (r = B_{ℓ+1}/B_ℓ). Since DFT beams are ordered by increasing spatial frequency, a parent covers a contiguous angular
 * range: the cells of narrow beams [p·B_{L−1}/B_ℓ, (p+1)·B_{L−1}/B_ℓ). Equal consecutive sizes (r = 1) are allowed,
 * e.g. an axis that does not split at some UPA level.
 *
 * Wide-beam constructions (every beam has unit norm):
 *  - 'sum' (default): w = Σ_{i ∈ leaves(p)} f_i / ‖Σ f_i‖, the normalized sum of the narrow DFT beams it covers. With
 *    O = 1 the f_i are orthonormal, so |w^H f_i|² = 1/|leaves(p)| for every covered beam and 0 for the others: flat
 *    gain at the covered beam centres. Entries are not constant-modulus (needs amplitude control, or a digital stage).
 *  - 'deactivation': sub-array deactivation: only the first M = min(N, B_ℓ) elements are on, each with amplitude 1/√M,
 *    phased towards the centre of the covered range. A length-M array has a main lobe ≈ 2/M wide in sin θ (half-λ),
 *    which matches the covered width 2/B_ℓ. Constant modulus on the active elements (phase shifters + switches).
 *
 * UPA: Kronecker product per level of the horizontal and vertical ULA hierarchies (same number of levels on both axes),
 * beam index i·B_v + j, children the products of the per-axis children, matching `upaDftCodebook`'s order.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { dftGrid, ulaBeamsAt } from './dft.js';

export type WideBeamMethod = 'sum' | 'deactivation';

export interface HierarchicalCodebook {
  /** level ℓ: [N, B_ℓ] c128, columns = beams, unit norm; the last level is the DFT codebook */
  readonly levels: readonly CMatrix[];
  /** children[ℓ][p]: indices at level ℓ+1 of the beams under beam p of level ℓ (ℓ = 0 … L−2) */
  readonly children: readonly (readonly (readonly number[])[])[];
  /** leaves[ℓ][p]: indices of the last-level (narrow) beams covered by beam p of level ℓ */
  readonly leaves: readonly (readonly (readonly number[])[])[];
}

export interface UlaHierarchicalOptions {
  /** beams per level, non-decreasing, each dividing the next, last = O·N; default [2, 4, …, O·N] (binary tree) */
  levelSizes?: readonly number[];
  method?: WideBeamMethod;
  /** oversampling O of the narrow level; default 1 */
  oversampling?: number;
  /** spacing d/λ; default 0.5 */
  spacing?: number;
  /** steering sign; default −1 (paper 000 eq. (2)) */
  sign?: -1 | 1;
}

export interface UpaHierarchicalOptions {
  /** horizontal level sizes (last = O_1·N_h); default binary */
  levelSizesH?: readonly number[];
  /** vertical level sizes (last = O_2·N_v), same length as levelSizesH; default binary padded with 1s at the top */
  levelSizesV?: readonly number[];
  method?: WideBeamMethod;
  oversamplingH?: number;
  oversamplingV?: number;
  spacingH?: number;
  spacingV?: number;
}

/** Hierarchical codebook for an N-element ULA (sign and spacing conventions of `ulaDftCodebook`). */
export function ulaHierarchicalCodebook(n: number, options: UlaHierarchicalOptions = {}): HierarchicalCodebook {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ulaHierarchicalCodebook: N must be a positive integer; got ${n}`);
  const o = options.oversampling ?? 1;
  if (!Number.isInteger(o) || o < 1) throw new RangeError(`ulaHierarchicalCodebook: oversampling must be an integer ≥ 1; got ${o}`);
  const spacing = options.spacing ?? 0.5;
  const sign = options.sign ?? -1;
  const method = options.method ?? 'sum';
  const sizes = checkLevelSizes('ulaHierarchicalCodebook', options.levelSizes ?? binarySizes(o * n), o * n);
  const total = o * n;
  const leafS = dftGrid(total, spacing);
  const narrow = ulaBeamsAt(n, leafS, spacing, sign);
  const levels: CMatrix[] = [];
  const leaves: number[][][] = [];
  for (const b of sizes) {
    const per = total / b;
    const cover = Array.from({ length: b }, (_, p) => Array.from({ length: per }, (_, i) => p * per + i));
    leaves.push(cover);
    if (b === total) {
      levels.push(narrow);
    } else if (method === 'sum') {
      levels.push(sumBeams(narrow, cover));
    } else if (method === 'deactivation') {
      levels.push(deactivatedBeams(n, Math.min(n, b), cover, leafS, spacing, sign));
    } else {
      throw new RangeError(`ulaHierarchicalCodebook: method must be 'sum' or 'deactivation'; got ${String(method)}`);
    }
  }
  return { levels, children: childMap(sizes), leaves };
}

/** Hierarchical codebook for an N_h × N_v UPA: per-level Kronecker of the two axis hierarchies. */
export function upaHierarchicalCodebook(nH: number, nV: number, options: UpaHierarchicalOptions = {}): HierarchicalCodebook {
  const oH = options.oversamplingH ?? 1;
  const oV = options.oversamplingV ?? 1;
  let sizesH = options.levelSizesH ?? binarySizes(oH * nH);
  let sizesV = options.levelSizesV ?? binarySizes(oV * nV);
  if (options.levelSizesH === undefined || options.levelSizesV === undefined) {
    // Defaults: pad the shorter binary ladder with 1-beam levels at the top so both have the same depth.
    const depth = Math.max(sizesH.length, sizesV.length);
    sizesH = options.levelSizesH ?? [...Array(depth - sizesH.length).fill(1), ...sizesH];
    sizesV = options.levelSizesV ?? [...Array(depth - sizesV.length).fill(1), ...sizesV];
  }
  if (sizesH.length !== sizesV.length) {
    throw new RangeError(`upaHierarchicalCodebook: levelSizesH and levelSizesV must have the same length; got ${sizesH.length} and ${sizesV.length}`);
  }
  const common = { method: options.method };
  const h = ulaHierarchicalCodebook(nH, { ...common, levelSizes: sizesH, oversampling: oH, spacing: options.spacingH, sign: 1 });
  const v = ulaHierarchicalCodebook(nV, { ...common, levelSizes: sizesV, oversampling: oV, spacing: options.spacingV, sign: 1 });
  const levels = h.levels.map((hl, l) => kronColumns(hl, v.levels[l]));
  const pairs = (a: readonly number[], b: readonly number[], bCount: number) => a.flatMap((i) => b.map((j) => i * bCount + j));
  const leafV = v.levels[v.levels.length - 1].cols;
  const leaves = h.leaves.map((hl, l) => hl.flatMap((hCover) => v.leaves[l].map((vCover) => pairs(hCover, vCover, leafV))));
  const children = h.children.map((hc, l) => {
    const nextV = v.levels[l + 1].cols;
    return hc.flatMap((hKids) => v.children[l].map((vKids) => pairs(hKids, vKids, nextV)));
  });
  return { levels, children, leaves };
}

/** Columns (i, j) ↦ i·B_b + j of a[:, i] ⊗ b[:, j]. */
function kronColumns(a: CMatrix, b: CMatrix): CMatrix {
  const out = cmatrix(a.rows * b.rows, a.cols * b.cols);
  const oc = out.cols;
  for (let ra = 0; ra < a.rows; ra++) {
    for (let rb = 0; rb < b.rows; rb++) {
      const row = ra * b.rows + rb;
      for (let i = 0; i < a.cols; i++) {
        const xr = a.data[2 * (ra * a.cols + i)];
        const xi = a.data[2 * (ra * a.cols + i) + 1];
        for (let j = 0; j < b.cols; j++) {
          const yr = b.data[2 * (rb * b.cols + j)];
          const yi = b.data[2 * (rb * b.cols + j) + 1];
          const o = 2 * (row * oc + i * b.cols + j);
          out.data[o] = xr * yr - xi * yi;
          out.data[o + 1] = xr * yi + xi * yr;
        }
      }
    }
  }
  return out;
}

function sumBeams(narrow: CMatrix, cover: number[][]): CMatrix {
  const n = narrow.rows;
  const out = cmatrix(n, cover.length);
  for (let p = 0; p < cover.length; p++) {
    let norm = 0;
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (const i of cover[p]) {
        re += narrow.data[2 * (k * narrow.cols + i)];
        im += narrow.data[2 * (k * narrow.cols + i) + 1];
      }
      out.data[2 * (k * cover.length + p)] = re;
      out.data[2 * (k * cover.length + p) + 1] = im;
      norm += re * re + im * im;
    }
    const s = 1 / Math.sqrt(norm);
    for (let k = 0; k < n; k++) {
      out.data[2 * (k * cover.length + p)] *= s;
      out.data[2 * (k * cover.length + p) + 1] *= s;
    }
  }
  return out;
}

function deactivatedBeams(n: number, active: number, cover: number[][], leafS: Float64Array, spacing: number, sign: -1 | 1): CMatrix {
  const centres = cover.map((c) => 0.5 * (leafS[c[0]] + leafS[c[c.length - 1]]));
  const sub = ulaBeamsAt(active, centres, spacing, sign);
  const out = cmatrix(n, cover.length);
  out.data.set(sub.data); // rows 0..M−1 active (row-major with equal column count), the rest stay 0
  return out;
}

function childMap(sizes: readonly number[]): number[][][] {
  const out: number[][][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const r = sizes[l + 1] / sizes[l];
    out.push(Array.from({ length: sizes[l] }, (_, p) => Array.from({ length: r }, (_, i) => p * r + i)));
  }
  return out;
}

function binarySizes(total: number): number[] {
  const sizes: number[] = [];
  for (let b = 2; b < total; b *= 2) sizes.push(b);
  if (sizes.length > 0 && 2 * sizes[sizes.length - 1] !== total) {
    throw new RangeError(`hierarchical codebook: default binary levels need a power-of-two beam count; got ${total}. Pass levelSizes explicitly.`);
  }
  sizes.push(total);
  return sizes;
}

function checkLevelSizes(op: string, sizes: readonly number[], total: number): number[] {
  if (sizes.length === 0 || sizes[sizes.length - 1] !== total) {
    throw new RangeError(`${op}: levelSizes must end with O·N = ${total}; got [${sizes.join(', ')}]`);
  }
  for (let l = 0; l < sizes.length; l++) {
    const b = sizes[l];
    if (!Number.isInteger(b) || b < 1) throw new RangeError(`${op}: level sizes must be positive integers; got ${b}`);
    if (l > 0 && (b < sizes[l - 1] || b % sizes[l - 1] !== 0)) {
      throw new RangeError(`${op}: each level size must be a multiple of the previous one (≥); got ${sizes[l - 1]} then ${b}`);
    }
  }
  return [...sizes];
}
