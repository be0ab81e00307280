import { describe, expect, it } from 'vitest';
import { cmatrix, fromRows, identity } from '../../../../wireless/linalg/cmatrix.js';
import { abs2, add, conj, scale, sub, unitModulus } from '../../../../wireless/linalg/elementwise.js';
import { LinalgArgumentError, LinalgShapeError } from '../../../../wireless/linalg/errors.js';
import { matmul, type MatOp } from '../../../../wireless/linalg/matmul.js';
import { frobeniusNorm, frobeniusNorm2, maxAbs, trace } from '../../../../wireless/linalg/reductions.js';
import { column, columns, diagMatrix, entry, hstack, submatrix, vstack } from '../../../../wireless/linalg/slicing.js';
import { conjTranspose, transpose } from '../../../../wireless/linalg/transpose.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { randomMatrix, relErr } from './helpers.js';

describe('basic ops', () => {
  const a = fromRows([
    [
      [1, 2],
      [3, -1],
    ],
    [0, [0, 1]],
  ]);
  const b = fromRows([
    [
      [2, 0],
      [1, 1],
    ],
    [[-1, 1], 4],
  ]);

  it('add, sub, scale, conj entry-wise', () => {
    expect(entry(add(a, b), 0, 1)).toEqual([4, 0]);
    expect(entry(sub(a, b), 1, 0)).toEqual([1, -1]);
    // (1 + 2j)(0 + 1j) = −2 + j
    expect(entry(scale(a, [0, 1]), 0, 0)).toEqual([-2, 1]);
    expect(entry(scale(a, 2), 1, 1)).toEqual([0, 2]);
    expect(entry(conj(a), 0, 0)).toEqual([1, -2]);
    expect(Array.from(abs2(a))).toEqual([5, 10, 0, 1]);
  });

  it('matmul matches a hand product', () => {
    // row 0: (1+2j)·2 + (3−j)(−1+j) = 2+4j + (−3+3j+j+1) = 0 + 8j
    expect(entry(matmul(a, b), 0, 0)).toEqual([0, 8]);
    // row 1, col 1: 0·(1+j) + j·4 = 4j
    expect(entry(matmul(a, b), 1, 1)).toEqual([0, 4]);
  });

  it('matmul op flags equal products of materialized transposes', () => {
    const rng = new Rng(1);
    const A = randomMatrix(rng, 4, 3);
    const B = randomMatrix(rng, 3, 5);
    const ref = matmul(A, B);
    // X with op(X) = A, so matmul(X, Y, opA, opB) must reproduce A·B for every flag pair.
    const undo = (m: typeof A, op: MatOp) => (op === 'N' ? m : op === 'T' ? transpose(m) : conjTranspose(m));
    const ops: MatOp[] = ['N', 'T', 'H'];
    for (const opA of ops) {
      for (const opB of ops) {
        expect(relErr(matmul(undo(A, opA), undo(B, opB), opA, opB), ref)).toBeLessThan(1e-15);
      }
    }
  });

  it('matmul rejects mismatched inner dimensions with both shapes in the message', () => {
    expect(() => matmul(cmatrix(2, 3), cmatrix(2, 3))).toThrow(LinalgShapeError);
    expect(() => matmul(cmatrix(2, 3), cmatrix(2, 3))).toThrow(/2×3 and opN\(B\) is 2×3/);
    expect(matmul(cmatrix(2, 3), cmatrix(2, 3), 'N', 'H').rows).toBe(2);
  });

  it('transposes, norms, trace', () => {
    expect(entry(transpose(a), 1, 0)).toEqual([3, -1]);
    expect(entry(conjTranspose(a), 1, 0)).toEqual([3, 1]);
    expect(frobeniusNorm2(a)).toBe(16);
    expect(frobeniusNorm(a)).toBeCloseTo(4, 15);
    expect(frobeniusNorm(scale(a, 1e200))).toBeCloseTo(4e200, -186); // no overflow
    expect(trace(a)).toEqual([1, 3]);
    expect(() => trace(cmatrix(2, 3))).toThrow(/expected a square matrix, got 2×3/);
    expect(maxAbs(a)).toBeCloseTo(Math.sqrt(10), 15);
  });

  it('submatrix, columns, stacking, diagonal', () => {
    const rng = new Rng(2);
    const m = randomMatrix(rng, 4, 5);
    const s = submatrix(m, 1, 3, 2, 5);
    expect([s.rows, s.cols]).toEqual([2, 3]);
    expect(entry(s, 1, 2)).toEqual(entry(m, 2, 4));
    const c = columns(m, [4, 0, 4]);
    expect(entry(c, 3, 0)).toEqual(entry(m, 3, 4));
    expect(entry(c, 3, 1)).toEqual(entry(m, 3, 0));
    expect(column(m, 2).cols).toBe(1);
    const h = hstack([submatrix(m, 0, 4, 0, 2), submatrix(m, 0, 4, 2, 5)]);
    expect(relErr(h, m)).toBe(0);
    const v = vstack([submatrix(m, 0, 1, 0, 5), submatrix(m, 1, 4, 0, 5)]);
    expect(relErr(v, m)).toBe(0);
    expect(relErr(diagMatrix([1, 1, 1]), identity(3))).toBe(0);
    expect(() => columns(m, [5])).toThrow(LinalgArgumentError);
    expect(() => hstack([cmatrix(2, 1), cmatrix(3, 1)])).toThrow(/all parts need 2 rows; got 3×1/);
    expect(() => submatrix(m, 0, 5, 0, 1)).toThrow(LinalgArgumentError);
  });

  it('unitModulus keeps the phase and sets |x| = 1', () => {
    const u = unitModulus(fromRows([[[3, 4], 0, [0, -2]]]));
    expect(entry(u, 0, 0)[0]).toBeCloseTo(0.6, 15);
    expect(entry(u, 0, 0)[1]).toBeCloseTo(0.8, 15);
    expect(entry(u, 0, 1)).toEqual([1, 0]);
    expect(entry(u, 0, 2)).toEqual([0, -1]);
  });
});
