import { describe, expect, it } from 'vitest';
import { cholesky } from '../../../../wireless/linalg/cholesky.js';
import { fromRows, identity } from '../../../../wireless/linalg/cmatrix.js';
import { NotPositiveDefiniteError, SingularMatrixError } from '../../../../wireless/linalg/errors.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { choleskySolve, solveTriangular } from '../../../../wireless/linalg/triangular-solve.js';
import { conjTranspose } from '../../../../wireless/linalg/transpose.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { randomHermitianPD, randomMatrix, relErr } from './helpers.js';

describe('cholesky and triangular solves', () => {
  const rng = new Rng(20);

  it.each([1, 2, 7, 30])('n = %i: A = L Lᴴ, L lower with positive real diagonal', (n) => {
    const a = randomHermitianPD(rng, n);
    const L = cholesky(a);
    expect(relErr(matmul(L, L, 'N', 'H'), a)).toBeLessThan(1e-13);
    for (let i = 0; i < n; i++) {
      expect(L.data[2 * (i * n + i)]).toBeGreaterThan(0);
      expect(L.data[2 * (i * n + i) + 1]).toBe(0);
      for (let j = i + 1; j < n; j++) expect(L.data[2 * (i * n + j)]).toBe(0);
    }
  });

  it('hand example: [[4, 2j], [−2j, 5]] = L Lᴴ with L = [[2, 0], [−j, 2]]', () => {
    const L = cholesky(
      fromRows([
        [4, [0, 2]],
        [[0, -2], 5],
      ]),
    );
    expect(
      relErr(
        L,
        fromRows([
          [2, 0],
          [[0, -1], 2],
        ]),
      ),
    ).toBeLessThan(1e-15);
  });

  it('rejects indefinite and semidefinite matrices', () => {
    expect(() =>
      cholesky(
        fromRows([
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toThrow(NotPositiveDefiniteError);
    expect(() =>
      cholesky(
        fromRows([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toThrow(/pivot 1 is/);
  });

  it('solveTriangular handles lower/upper × N/H; choleskySolve solves A X = B', () => {
    const n = 8;
    const a = randomHermitianPD(rng, n);
    const L = cholesky(a);
    const B = randomMatrix(rng, n, 3);
    const U = conjTranspose(L);
    expect(relErr(matmul(L, solveTriangular(L, B, 'lower')), B)).toBeLessThan(1e-12);
    expect(relErr(matmul(U, solveTriangular(L, B, 'lower', 'H')), B)).toBeLessThan(1e-12);
    expect(relErr(matmul(U, solveTriangular(U, B, 'upper')), B)).toBeLessThan(1e-12);
    expect(relErr(matmul(L, solveTriangular(U, B, 'upper', 'H')), B)).toBeLessThan(1e-12);
    expect(relErr(matmul(a, choleskySolve(L, B)), B)).toBeLessThan(1e-11);
    expect(() =>
      solveTriangular(
        fromRows([
          [1, 0],
          [1, 0],
        ]),
        identity(2),
        'lower',
      ),
    ).toThrow(SingularMatrixError);
  });
});
