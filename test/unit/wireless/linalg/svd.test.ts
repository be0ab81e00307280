import { describe, expect, it } from 'vitest';
import { cmatrix, fromRows } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { qr } from '../../../../wireless/linalg/qr.js';
import { diagMatrix } from '../../../../wireless/linalg/slicing.js';
import { svd } from '../../../../wireless/linalg/svd.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { orthoErr, randomMatrix, relErr } from './helpers.js';

function check(a: ReturnType<typeof cmatrix>) {
  const { U, S, V } = svd(a);
  const k = Math.min(a.rows, a.cols);
  expect([U.rows, U.cols, S.length, V.rows, V.cols]).toEqual([a.rows, k, k, a.cols, k]);
  expect(relErr(matmul(matmul(U, diagMatrix(S)), V, 'N', 'H'), a)).toBeLessThan(1e-12);
  expect(orthoErr(U)).toBeLessThan(1e-12);
  expect(orthoErr(V)).toBeLessThan(1e-12);
  for (let i = 0; i < k; i++) {
    expect(S[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(S[i]).toBeLessThanOrEqual(S[i - 1]);
  }
  return S;
}

describe('svd (one-sided complex Jacobi)', () => {
  const rng = new Rng(50);

  it.each([
    [1, 1],
    [6, 6],
    [16, 64],
    [64, 16],
    [30, 7],
    [7, 30],
    [1, 9],
    [9, 1],
  ])('random %i×%i: A = U diag(S) Vᴴ, orthonormal U and V, S sorted', (m, n) => {
    check(randomMatrix(rng, m, n));
  });

  it('hand example: [[3, 0], [4, 5]] has singular values 3√5 and √5', () => {
    const S = check(
      fromRows([
        [3, 0],
        [4, 5],
      ]),
    );
    expect(S[0]).toBeCloseTo(3 * Math.sqrt(5), 14);
    expect(S[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it('complex diagonal: singular values are the sorted moduli', () => {
    const a = fromRows([
      [[0, -2], 0, 0],
      [0, [3, 4], 0],
      [0, 0, -0.5],
    ]);
    expect(Array.from(check(a))).toEqual([5, 2, 0.5]);
  });

  it('recovers prescribed singular values of U₀ diag(s) V₀ᴴ', () => {
    const s = [10, 3, 1, 1e-3, 1e-8];
    const U0 = qr(randomMatrix(rng, 12, 5)).Q;
    const V0 = qr(randomMatrix(rng, 5, 5)).Q;
    const S = check(matmul(matmul(U0, diagMatrix(s)), V0, 'N', 'H'));
    s.forEach((x, i) => expect(Math.abs(S[i] - x)).toBeLessThan(1e-13 * s[0]));
  });

  it.each([
    [8, 6],
    [6, 8],
    [10, 10],
  ])('rank-2 %i×%i: two nonzero singular values, U and V still orthonormal', (m, n) => {
    const a = matmul(randomMatrix(rng, m, 2), randomMatrix(rng, 2, n));
    const S = check(a);
    expect(S[1]).toBeGreaterThan(1e-3);
    for (let i = 2; i < S.length; i++) expect(S[i]).toBeLessThan(1e-13 * S[0]);
  });

  it('zero matrix: S = 0 with orthonormal U, V', () => {
    expect(Array.from(check(cmatrix(4, 3)))).toEqual([0, 0, 0]);
  });
});

describe('svd convergence on degenerate input (regressions)', () => {
  it('2×2 whose Jacobi pair stalls at a rounding-level inner product', () => {
    const data = [5.737848419007604, -8.676395739798453, 0.6471437125776125, -0.8164018071996928];
    check(cmatrix(2, 2, [...data, 0, 0, 6.286237644279651, -7.740717184927717]));
  });

  it('3×3 integer matrix of rank 2 (a zero column that is pure rounding noise)', () => {
    const S = check(cmatrix(3, 3, [0, 0, 0, -1, 0, -1, -1, 1, 1, 1, 0, -1, 0, 0, 0, -1, 0, -1]));
    expect(S[2]).toBeLessThan(1e-15);
  });

  it('600 small random, low-rank, integer, graded and sparse matrices', () => {
    const rng = new Rng(1234);
    for (let t = 0; t < 600; t++) {
      const m = 1 + rng.int(8);
      const n = 1 + rng.int(8);
      let a = randomMatrix(rng, m, n);
      const kind = t % 5;
      if (kind === 1) {
        const r = 1 + rng.int(3);
        a = matmul(randomMatrix(rng, m, r), randomMatrix(rng, r, n));
      }
      for (let i = 0; i < a.data.length; i++) {
        if (kind === 2) a.data[i] = Math.round(a.data[i]);
        if (kind === 3) a.data[i] *= 10 ** (rng.int(16) - 8);
        if (kind === 4 && rng.uniform() < 0.7) a.data[i] = 0;
      }
      const { U, S, V } = svd(a);
      expect(relErr(matmul(matmul(U, diagMatrix(S)), V, 'N', 'H'), a)).toBeLessThan(1e-12);
      expect(Math.max(orthoErr(U), orthoErr(V))).toBeLessThan(1e-12);
    }
  });
});
