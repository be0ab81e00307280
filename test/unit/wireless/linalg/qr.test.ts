import { describe, expect, it } from 'vitest';
import { cmatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { qr } from '../../../../wireless/linalg/qr.js';
import { columns } from '../../../../wireless/linalg/slicing.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { belowDiagonal, orthoErr, randomMatrix, relErr } from './helpers.js';

describe('qr (complex Householder)', () => {
  const rng = new Rng(10);
  const shapes: Array<[number, number]> = [
    [1, 1],
    [5, 5],
    [9, 4],
    [4, 9],
    [40, 12],
    [3, 1],
  ];

  it.each(shapes)('economy %i×%i: A = QR, QᴴQ = I, R upper', (m, n) => {
    const a = randomMatrix(rng, m, n);
    const { Q, R } = qr(a);
    const k = Math.min(m, n);
    expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([m, k, k, n]);
    expect(relErr(matmul(Q, R), a)).toBeLessThan(1e-13);
    expect(orthoErr(Q)).toBeLessThan(1e-13);
    expect(belowDiagonal(R)).toBe(0);
  });

  it.each(shapes)('complete %i×%i: Q square unitary', (m, n) => {
    const a = randomMatrix(rng, m, n);
    const { Q, R } = qr(a, 'complete');
    expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([m, m, m, n]);
    expect(relErr(matmul(Q, R), a)).toBeLessThan(1e-13);
    expect(orthoErr(Q)).toBeLessThan(1e-13);
  });

  it('rank-deficient input (zero and repeated columns) still factors exactly', () => {
    const base = randomMatrix(rng, 6, 2);
    const a = columns(base, [0, 1, 0, 1]);
    for (let i = 0; i < 6; i++) a.data.fill(0, 2 * (i * 4 + 1), 2 * (i * 4 + 2)); // zero column 1
    const z = cmatrix(6, 3);
    for (const m of [a, z]) {
      const { Q, R } = qr(m);
      expect(relErr(matmul(Q, R), m)).toBeLessThan(1e-13);
      expect(orthoErr(Q)).toBeLessThan(1e-13);
    }
  });
});
