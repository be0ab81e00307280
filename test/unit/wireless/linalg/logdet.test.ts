import { describe, expect, it } from 'vitest';
import { fromRows } from '../../../../wireless/linalg/cmatrix.js';
import { NotPositiveDefiniteError } from '../../../../wireless/linalg/errors.js';
import { det } from '../../../../wireless/linalg/lu.js';
import { log2DetIPlus, log2DetIPlusHermitian, logDetHermitianPD } from '../../../../wireless/linalg/logdet.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { randomHermitianPD, randomMatrix } from './helpers.js';

describe('log-determinants', () => {
  const rng = new Rng(70);

  it('logDetHermitianPD matches ln det by LU', () => {
    const a = randomHermitianPD(rng, 9);
    const [re, im] = det(a);
    expect(Math.abs(im / re)).toBeLessThan(1e-12);
    expect(logDetHermitianPD(a)).toBeCloseTo(Math.log(re), 10);
  });

  it('log2 det(I + diag(1, 3)) = 3', () => {
    const x = fromRows([
      [1, 0],
      [0, 3],
    ]);
    expect(log2DetIPlus(x)).toBeCloseTo(3, 14);
    expect(log2DetIPlusHermitian(x)).toBeCloseTo(3, 14);
  });

  it('Sylvester: det(I + G Gᴴ) = det(I + Gᴴ G) and det(I + A B) = det(I + B A) for non-Hermitian A B', () => {
    const g = randomMatrix(rng, 5, 3);
    const big = matmul(g, g, 'N', 'H'); // 5×5 PSD rank 3
    const small = matmul(g, g, 'H', 'N'); // 3×3 PD
    expect(log2DetIPlusHermitian(big)).toBeCloseTo(log2DetIPlusHermitian(small), 11);
    const a = randomHermitianPD(rng, 4);
    const b = randomHermitianPD(rng, 4);
    const ab = matmul(a, b);
    const ba = matmul(b, a);
    expect(log2DetIPlus(ab)).toBeCloseTo(log2DetIPlus(ba), 10);
  });

  it('rejects a Hermitian matrix that is not PD', () => {
    expect(() =>
      logDetHermitianPD(
        fromRows([
          [1, 0],
          [0, -1],
        ]),
      ),
    ).toThrow(NotPositiveDefiniteError);
  });
});
