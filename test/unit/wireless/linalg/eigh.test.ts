import { describe, expect, it } from 'vitest';
import { cmatrix, fromRows, identity } from '../../../../wireless/linalg/cmatrix.js';
import { add } from '../../../../wireless/linalg/elementwise.js';
import { LinalgArgumentError } from '../../../../wireless/linalg/errors.js';
import { eigh } from '../../../../wireless/linalg/eigh.js';
import { hermitianFunction, inverseSqrtHermitian } from '../../../../wireless/linalg/hermitian-function.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { conjTranspose } from '../../../../wireless/linalg/transpose.js';
import { diagMatrix } from '../../../../wireless/linalg/slicing.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { orthoErr, randomHermitianPD, randomMatrix, relErr } from './helpers.js';

function reconstruct(values: Float64Array, V: ReturnType<typeof eigh>['vectors']) {
  return matmul(matmul(V, diagMatrix(values)), V, 'N', 'H');
}

describe('eigh (complex Jacobi)', () => {
  const rng = new Rng(40);

  it.each([1, 2, 5, 16, 48])('random Hermitian n = %i: A = V Λ Vᴴ, V unitary, λ ascending', (n) => {
    const b = randomMatrix(rng, n, n);
    const a = add(b, conjTranspose(b)); // indefinite Hermitian
    const { values, vectors } = eigh(a);
    expect(relErr(reconstruct(values, vectors), a)).toBeLessThan(1e-12);
    expect(orthoErr(vectors)).toBeLessThan(1e-12);
    for (let i = 1; i < n; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
  });

  it('hand example: [[2, 1−j], [1+j, 3]] has eigenvalues 1 and 4', () => {
    const { values } = eigh(
      fromRows([
        [2, [1, -1]],
        [[1, 1], 3],
      ]),
    );
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(4, 14);
  });

  it('repeated eigenvalues and the zero matrix', () => {
    const u = randomMatrix(rng, 6, 1);
    const a = add(identity(6), matmul(u, u, 'N', 'H')); // eigenvalues 1 (×5) and 1 + ‖u‖²
    const { values, vectors } = eigh(a);
    for (let i = 0; i < 5; i++) expect(values[i]).toBeCloseTo(1, 13);
    expect(relErr(reconstruct(values, vectors), a)).toBeLessThan(1e-13);
    expect(orthoErr(vectors)).toBeLessThan(1e-13);
    expect(Array.from(eigh(cmatrix(3, 3)).values)).toEqual([0, 0, 0]);
  });

  it('rejects a non-Hermitian matrix', () => {
    expect(() =>
      eigh(
        fromRows([
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toThrow(LinalgArgumentError);
    expect(() =>
      eigh(
        fromRows([
          [1, 2],
          [0, 1],
        ]),
      ),
    ).toThrow(/eigh: expected a Hermitian matrix/);
  });

  it('hermitianFunction: A^{−1/2} A A^{−1/2} = I; f = x² squares', () => {
    const a = randomHermitianPD(rng, 7);
    const s = inverseSqrtHermitian(a);
    expect(relErr(matmul(matmul(s, a), s), identity(7))).toBeLessThan(1e-12);
    expect(
      relErr(
        hermitianFunction(a, (x) => x * x),
        matmul(a, a),
      ),
    ).toBeLessThan(1e-12);
    expect(() =>
      inverseSqrtHermitian(
        fromRows([
          [1, 0],
          [0, -1],
        ]),
      ),
    ).toThrow(/found eigenvalue -1/);
  });
});
