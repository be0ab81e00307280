import { describe, expect, it } from 'vitest';
import { fromRows, identity } from '../../../../wireless/linalg/cmatrix.js';
import { SingularMatrixError } from '../../../../wireless/linalg/errors.js';
import { det, inverse, logAbsDet, solve } from '../../../../wireless/linalg/lu.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { randomMatrix, relErr } from './helpers.js';

describe('lu, solve, inverse, det', () => {
  const rng = new Rng(30);

  it.each([1, 3, 16, 50])('n = %i: A·solve(A, B) = B and A·A⁻¹ = I', (n) => {
    const a = randomMatrix(rng, n, n);
    const b = randomMatrix(rng, n, 4);
    expect(relErr(matmul(a, solve(a, b)), b)).toBeLessThan(1e-10);
    expect(relErr(matmul(a, inverse(a)), identity(n))).toBeLessThan(1e-10);
  });

  it('needs pivoting: zero leading entry', () => {
    const a = fromRows([
      [0, 1],
      [1, 0],
    ]);
    expect(relErr(inverse(a), a)).toBe(0);
    expect(det(a)).toEqual([-1, 0]);
  });

  it('det of a hand matrix; logAbsDet agrees with ln|det|', () => {
    // det [[1+j, 2], [3, 4j]] = (1+j)(4j) − 6 = −4 + 4j − 6 = −10 + 4j
    const a = fromRows([
      [[1, 1], 2],
      [3, [0, 4]],
    ]);
    const [re, im] = det(a);
    expect(re).toBeCloseTo(-10, 13);
    expect(im).toBeCloseTo(4, 13);
    expect(logAbsDet(a)).toBeCloseTo(Math.log(Math.hypot(10, 4)), 13);
  });

  it('singular matrices throw from solve and give det 0', () => {
    const a = fromRows([
      [1, 2],
      [2, 4],
    ]);
    expect(() => solve(a, identity(2))).toThrow(SingularMatrixError);
    expect(() => inverse(a)).toThrow(/pivot 1 is numerically zero/);
    expect(det(a)).toEqual([0, 0]);
    expect(logAbsDet(a)).toBe(-Infinity);
  });
});
