import { describe, expect, it } from 'vitest';
import type { CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { ulaDftCodebook, upaDftCodebook } from '../../../../wireless/codebook/dft.js';
import { ulaHierarchicalCodebook, upaHierarchicalCodebook } from '../../../../wireless/codebook/hierarchical.js';
import { ulaSteering } from '../../../../wireless/array/ula.js';
import { upaSteeringUV } from '../../../../wireless/array/upa.js';

/** Gram matrix entry |b_i^H b_j|² and b_i^H b_j. */
function inner(m: CMatrix, i: number, j: number): [number, number] {
  let re = 0;
  let im = 0;
  for (let r = 0; r < m.rows; r++) {
    const ar = m.data[2 * (r * m.cols + i)];
    const ai = m.data[2 * (r * m.cols + i) + 1];
    const br = m.data[2 * (r * m.cols + j)];
    const bi = m.data[2 * (r * m.cols + j) + 1];
    re += ar * br + ai * bi;
    im += ar * bi - ai * br;
  }
  return [re, im];
}

function gainOn(beams: CMatrix, col: number, v: Float64Array): number {
  let re = 0;
  let im = 0;
  for (let r = 0; r < beams.rows; r++) {
    const ar = beams.data[2 * (r * beams.cols + col)];
    const ai = beams.data[2 * (r * beams.cols + col) + 1];
    re += ar * v[2 * r] + ai * v[2 * r + 1];
    im += ar * v[2 * r + 1] - ai * v[2 * r];
  }
  return re * re + im * im;
}

function expectOrthonormal(m: CMatrix): void {
  let worst = 0;
  for (let i = 0; i < m.cols; i++) {
    for (let j = 0; j < m.cols; j++) {
      const [re, im] = inner(m, i, j);
      worst = Math.max(worst, Math.abs(re - (i === j ? 1 : 0)), Math.abs(im));
    }
  }
  expect(worst).toBeLessThan(1e-12);
}

describe('DFT codebooks', () => {
  it('ULA: O = 1 is orthonormal and beam i is a(asin s_i)', () => {
    const cb = ulaDftCodebook(32);
    expect([cb.beams.rows, cb.beams.cols]).toEqual([32, 32]);
    expectOrthonormal(cb.beams);
    expect(cb.sinTheta[0]).toBe(-1);
    const a = ulaSteering(32, Math.asin(cb.sinTheta[5]));
    expect(gainOn(cb.beams, 5, a)).toBeCloseTo(1, 12);
  });

  it('ULA: oversampled columns are unit norm, O·N beams, the best beam for a direction is the nearest grid point', () => {
    const cb = ulaDftCodebook(16, { oversampling: 4 });
    expect(cb.beams.cols).toBe(64);
    for (let i = 0; i < 64; i++) expect(inner(cb.beams, i, i)[0]).toBeCloseTo(1, 12);
    const s = 0.33;
    const a = ulaSteering(16, Math.asin(s));
    let best = 0;
    for (let i = 1; i < 64; i++) if (gainOn(cb.beams, i, a) > gainOn(cb.beams, best, a)) best = i;
    expect(Math.abs(cb.sinTheta[best] - s)).toBeLessThanOrEqual(1 / 64 + 1e-12);
  });

  it('UPA 16×8: Kronecker F_h ⊗ F_v is orthonormal with index i·B_v + j (paper 001 grid)', () => {
    const cb = upaDftCodebook(16, 8);
    expect([cb.beams.rows, cb.beams.cols]).toEqual([128, 128]);
    expectOrthonormal(cb.beams);
    const i = 3;
    const j = 6;
    expect(cb.u[i]).toBeCloseTo(-1 + (2 * i) / 16, 15);
    expect(cb.v[j]).toBeCloseTo(-1 + (2 * j) / 8, 15);
    expect(gainOn(cb.beams, i * 8 + j, upaSteeringUV(16, 8, cb.u[i], cb.v[j]))).toBeCloseTo(1, 12);
  });

  it('UPA oversampling gives O_1 N_h · O_2 N_v unit-norm beams', () => {
    const cb = upaDftCodebook(4, 2, { oversamplingH: 4, oversamplingV: 4 });
    expect(cb.beams.cols).toBe(16 * 8);
    for (let i = 0; i < cb.beams.cols; i += 7) expect(inner(cb.beams, i, i)[0]).toBeCloseTo(1, 12);
  });
});

describe('hierarchical codebooks', () => {
  it("binary ULA tree: parent→children map, leaves and flat 'sum' wide beams", () => {
    const n = 16;
    const cb = ulaHierarchicalCodebook(n);
    expect(cb.levels.map((l) => l.cols)).toEqual([2, 4, 8, 16]);
    expect(cb.children[0]).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(cb.children[2][7]).toEqual([14, 15]);
    expect(cb.leaves[1][1]).toEqual([4, 5, 6, 7]);
    const narrow = ulaDftCodebook(n);
    for (let l = 0; l < cb.levels.length; l++) {
      const level = cb.levels[l];
      for (let p = 0; p < level.cols; p++) {
        expect(inner(level, p, p)[0]).toBeCloseTo(1, 12);
        const covered = new Set(cb.leaves[l][p]);
        for (let i = 0; i < n; i++) {
          const a = ulaSteering(n, Math.asin(narrow.sinTheta[i]));
          const g = gainOn(level, p, a);
          expect(g).toBeCloseTo(covered.has(i) ? 1 / covered.size : 0, 12);
        }
      }
    }
  });

  it("'deactivation' beams use M = B_ℓ elements and peak inside their range", () => {
    const n = 32;
    const cb = ulaHierarchicalCodebook(n, { method: 'deactivation', levelSizes: [4, 16, 32] });
    const level = cb.levels[0];
    for (let p = 0; p < 4; p++) {
      expect(inner(level, p, p)[0]).toBeCloseTo(1, 12);
      for (let r = 4; r < n; r++) expect(level.data[2 * (r * 4 + p)]).toBe(0);
    }
    // Sweep directions: the best of the 4 wide beams covers the direction's narrow beam.
    const narrow = ulaDftCodebook(n);
    for (let i = 0; i < n; i++) {
      const a = ulaSteering(n, Math.asin(narrow.sinTheta[i]));
      let best = 0;
      for (let p = 1; p < 4; p++) if (gainOn(level, p, a) > gainOn(level, best, a)) best = p;
      expect(cb.leaves[0][best]).toContain(i);
    }
  });

  it('UPA tree: Kronecker levels with product children; the last level is the DFT codebook', () => {
    const cb = upaHierarchicalCodebook(16, 8);
    const sizes = cb.levels.map((l) => l.cols);
    expect(sizes).toEqual([2 * 1, 4 * 2, 8 * 4, 16 * 8]);
    expect(cb.children[0][0]).toEqual([0, 1, 2, 3]); // (0,0) → (0,0),(0,1),(1,0),(1,1) with B_v = 2
    const last = cb.levels[cb.levels.length - 1];
    const dft = upaDftCodebook(16, 8);
    let worst = 0;
    for (let i = 0; i < last.data.length; i++) worst = Math.max(worst, Math.abs(last.data[i] - dft.beams.data[i]));
    expect(worst).toBeLessThan(1e-12);
    // Every level-0 beam covers 64 of the 128 narrow beams, disjointly.
    const all = cb.leaves[0].flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 128 }, (_, i) => i));
  });

  it('rejects level sizes that do not nest', () => {
    expect(() => ulaHierarchicalCodebook(16, { levelSizes: [3, 16] })).toThrow(/multiple/);
    expect(() => ulaHierarchicalCodebook(12)).toThrow(/power-of-two/);
  });
});
