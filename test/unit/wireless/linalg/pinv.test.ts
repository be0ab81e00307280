import { describe, expect, it } from 'vitest';
import { fromRows } from '../../../../wireless/linalg/cmatrix.js';
import { conjTranspose } from '../../../../wireless/linalg/transpose.js';
import { inverse } from '../../../../wireless/linalg/lu.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { pinv } from '../../../../wireless/linalg/pinv.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { randomMatrix, relErr } from './helpers.js';

describe('pinv', () => {
  const rng = new Rng(60);
  const cases: Array<[string, () => ReturnType<typeof randomMatrix>]> = [
    ['tall 9×4', () => randomMatrix(rng, 9, 4)],
    ['wide 3×8', () => randomMatrix(rng, 3, 8)],
    ['rank-2 7×6', () => matmul(randomMatrix(rng, 7, 2), randomMatrix(rng, 2, 6))],
    ['rank-1 5×5', () => matmul(randomMatrix(rng, 5, 1), randomMatrix(rng, 1, 5))],
  ];

  it.each(cases)('%s satisfies the four Moore–Penrose conditions', (_, make) => {
    const a = make();
    const p = pinv(a);
    expect([p.rows, p.cols]).toEqual([a.cols, a.rows]);
    const ap = matmul(a, p);
    const pa = matmul(p, a);
    expect(relErr(matmul(ap, a), a)).toBeLessThan(1e-11); // A A⁺ A = A
    expect(relErr(matmul(pa, p), p)).toBeLessThan(1e-11); // A⁺ A A⁺ = A⁺
    expect(relErr(conjTranspose(ap), ap)).toBeLessThan(1e-11); // (A A⁺)ᴴ = A A⁺
    expect(relErr(conjTranspose(pa), pa)).toBeLessThan(1e-11); // (A⁺ A)ᴴ = A⁺ A
  });

  it('equals the inverse for a nonsingular square matrix', () => {
    const a = randomMatrix(rng, 6, 6);
    expect(relErr(pinv(a), inverse(a))).toBeLessThan(1e-10);
  });

  it('tolerance truncates small singular values; a negative tolerance throws', () => {
    const a = fromRows([
      [2, 0],
      [0, 1e-6],
    ]);
    expect(
      relErr(
        pinv(a, { tolerance: 1e-3 }),
        fromRows([
          [0.5, 0],
          [0, 0],
        ]),
      ),
    ).toBeLessThan(1e-15);
    expect(() => pinv(a, { tolerance: -1 })).toThrow(/pinv: expected tolerance ≥ 0; got -1/);
  });
});
