import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, tensor, type DType } from '../../../engine/index.js';
import { gram, pinv, solve, solveHermitian } from '../../../engine/ops/solve.js';
import { sizeOf } from '../../../engine/tensor/shape.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

// ---- float64 complex reference (interleaved re, im; real data has zero imaginary parts) ----

type CM = { rows: number; cols: number; d: Float64Array };

const cm = (rows: number, cols: number): CM => ({ rows, cols, d: new Float64Array(2 * rows * cols) });

function matmul(a: CM, b: CM): CM {
  const c = cm(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const [ar, ai] = [a.d[2 * (i * a.cols + k)], a.d[2 * (i * a.cols + k) + 1]];
      for (let j = 0; j < b.cols; j++) {
        const [br, bi] = [b.d[2 * (k * b.cols + j)], b.d[2 * (k * b.cols + j) + 1]];
        c.d[2 * (i * b.cols + j)] += ar * br - ai * bi;
        c.d[2 * (i * b.cols + j) + 1] += ar * bi + ai * br;
      }
    }
  }
  return c;
}

function herm(a: CM): CM {
  const h = cm(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      h.d[2 * (j * a.rows + i)] = a.d[2 * (i * a.cols + j)];
      h.d[2 * (j * a.rows + i) + 1] = -a.d[2 * (i * a.cols + j) + 1];
    }
  }
  return h;
}

/** Gaussian elimination with partial pivoting in float64. */
function solveRef(a: CM, b: CM): CM {
  const n = a.rows;
  const A = Float64Array.from(a.d);
  const X = Float64Array.from(b.d);
  const m = b.cols;
  const swap = (M: Float64Array, w: number, r1: number, r2: number) => {
    for (let j = 0; j < 2 * w; j++) [M[2 * w * r1 + j], M[2 * w * r2 + j]] = [M[2 * w * r2 + j], M[2 * w * r1 + j]];
  };
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.hypot(A[2 * (i * n + k)], A[2 * (i * n + k) + 1]) > Math.hypot(A[2 * (p * n + k)], A[2 * (p * n + k) + 1])) p = i;
    swap(A, n, k, p);
    swap(X, m, k, p);
    const [pr, pi] = [A[2 * (k * n + k)], A[2 * (k * n + k) + 1]];
    const den = pr * pr + pi * pi;
    for (let i = k + 1; i < n; i++) {
      const [ar, ai] = [A[2 * (i * n + k)], A[2 * (i * n + k) + 1]];
      const lr = (ar * pr + ai * pi) / den;
      const li = (ai * pr - ar * pi) / den;
      const elim = (M: Float64Array, w: number, from: number) => {
        for (let j = from; j < w; j++) {
          const [ur, ui] = [M[2 * (k * w + j)], M[2 * (k * w + j) + 1]];
          M[2 * (i * w + j)] -= lr * ur - li * ui;
          M[2 * (i * w + j) + 1] -= lr * ui + li * ur;
        }
      };
      elim(A, n, k);
      elim(X, m, 0);
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const [pr, pi] = [A[2 * (i * n + i)], A[2 * (i * n + i) + 1]];
    const den = pr * pr + pi * pi;
    for (let j = 0; j < m; j++) {
      let [sr, si] = [X[2 * (i * m + j)], X[2 * (i * m + j) + 1]];
      for (let k = i + 1; k < n; k++) {
        const [ar, ai] = [A[2 * (i * n + k)], A[2 * (i * n + k) + 1]];
        const [xr, xi] = [X[2 * (k * m + j)], X[2 * (k * m + j) + 1]];
        sr -= ar * xr - ai * xi;
        si -= ar * xi + ai * xr;
      }
      X[2 * (i * m + j)] = (sr * pr + si * pi) / den;
      X[2 * (i * m + j) + 1] = (si * pr - sr * pi) / den;
    }
  }
  return { rows: n, cols: m, d: X };
}

const frob = (a: CM) => Math.sqrt(a.d.reduce((s, v) => s + v * v, 0));
const diff = (a: CM, b: CM): CM => ({ rows: a.rows, cols: a.cols, d: a.d.map((v, i) => v - b.d[i]) });

/** Matrix `index` of a batch read from GPU/host data of the given dtype. */
function matrixAt(data: ArrayLike<number>, dtype: DType, index: number, rows: number, cols: number): CM {
  const out = cm(rows, cols);
  const base = index * rows * cols;
  for (let e = 0; e < rows * cols; e++) {
    if (dtype === 'c64') {
      out.d[2 * e] = data[2 * (base + e)];
      out.d[2 * e + 1] = data[2 * (base + e) + 1];
    } else {
      out.d[2 * e] = data[base + e];
    }
  }
  return out;
}

/** Host batch data: [...batch, rows, cols] of `dtype`, built per matrix in float64 then rounded to float32. */
function batchData(batch: number[], rows: number, cols: number, dtype: DType, make: (b: number) => CM): Float32Array {
  const count = sizeOf(batch);
  const w = dtype === 'c64' ? 2 : 1;
  const out = new Float32Array(count * rows * cols * w);
  for (let b = 0; b < count; b++) {
    const M = make(b);
    for (let e = 0; e < rows * cols; e++) {
      if (w === 2) out.set([M.d[2 * e], M.d[2 * e + 1]], 2 * (b * rows * cols + e));
      else out[b * rows * cols + e] = M.d[2 * e];
    }
  }
  return out;
}

function randomCM(rows: number, cols: number, dtype: DType, seed: number): CM {
  const r = randomData(2 * rows * cols, seed);
  const M = cm(rows, cols);
  for (let e = 0; e < rows * cols; e++) {
    M.d[2 * e] = r[2 * e];
    M.d[2 * e + 1] = dtype === 'c64' ? r[2 * e + 1] : 0;
  }
  return M;
}

/** Hermitian positive definite with moderate conditioning: M Mᴴ / n + ½ I. */
function hpd(n: number, dtype: DType, seed: number): CM {
  const M = randomCM(n, n, dtype, seed);
  const A = matmul(M, herm(M));
  for (let e = 0; e < n * n; e++) {
    A.d[2 * e] /= n;
    A.d[2 * e + 1] /= n;
  }
  for (let i = 0; i < n; i++) A.d[2 * (i * n + i)] += 0.5;
  // exactly Hermitian after rounding to float32
  for (let i = 0; i < n; i++) {
    A.d[2 * (i * n + i) + 1] = 0;
    for (let j = 0; j < i; j++) {
      A.d[2 * (j * n + i)] = A.d[2 * (i * n + j)];
      A.d[2 * (j * n + i) + 1] = -A.d[2 * (i * n + j) + 1];
    }
  }
  return A;
}

/** General square matrix that needs pivoting: rows of (M + √n I) rotated by one. */
function general(n: number, dtype: DType, seed: number): CM {
  const M = randomCM(n, n, dtype, seed);
  for (let i = 0; i < n; i++) M.d[2 * (i * n + i)] += Math.sqrt(n) * (i % 2 ? -1 : 1);
  const P = cm(n, n);
  for (let i = 0; i < n; i++) P.d.set(M.d.subarray(2 * n * ((i + 1) % n), 2 * n * (((i + 1) % n) + 1)), 2 * n * i);
  return P;
}

// ---- tests ----

type Case = { n: number; m: number; aBatch: number[]; bBatch: number[]; outBatch: number[]; ad: DType; bd: DType };

const cases: Case[] = [];
for (const n of [1, 3, 17]) {
  for (const [ad, bd] of [
    ['c64', 'c64'],
    ['f32', 'f32'],
    ['c64', 'f32'],
    ['f32', 'c64'],
  ] as Array<[DType, DType]>) {
    cases.push({ n, m: n === 3 ? 4 : 2, aBatch: [3, 2], bBatch: [3, 2], outBatch: [3, 2], ad, bd });
  }
  // broadcast batch dimensions
  cases.push({ n, m: 3, aBatch: [], bBatch: [2, 3], outBatch: [2, 3], ad: 'c64', bd: 'c64' });
  cases.push({ n, m: 1, aBatch: [2, 1], bBatch: [3], outBatch: [2, 3], ad: 'c64', bd: 'c64' });
}
// the largest size the kernels are meant for
cases.push({ n: 64, m: 2, aBatch: [2], bBatch: [2], outBatch: [2], ad: 'c64', bd: 'c64' });

function flatIndex(idx: number[], shape: number[]): number {
  // broadcast index (right-aligned, size-1 dims map to 0)
  let f = 0;
  const off = idx.length - shape.length;
  shape.forEach((d, k) => (f = f * d + (d === 1 ? 0 : idx[off + k])));
  return f;
}

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

async function checkSolve(kind: 'hermitian' | 'general', c: Case, seed: number) {
  const { n, m, ad, bd } = c;
  const make = kind === 'hermitian' ? hpd : general;
  const aData = batchData(c.aBatch, n, n, ad, (b) => make(n, ad, seed + b));
  const bData = batchData(c.bBatch, n, m, bd, (b) => randomCM(n, m, bd, 1000 + seed + b));
  const A = tensor(aData, [...c.aBatch, n, n], ad);
  const B = tensor(bData, [...c.bBatch, n, m], bd);
  const X = kind === 'hermitian' ? solveHermitian(A, B) : solve(A, B);
  const xd: DType = ad === 'c64' || bd === 'c64' ? 'c64' : 'f32';
  expect(X.shape).toEqual([...c.outBatch, n, m]);
  expect(X.dtype).toBe(xd);
  const xData = await X.read();
  for (let o = 0; o < sizeOf(c.outBatch); o++) {
    const idx = unravel(o, c.outBatch);
    const Am = matrixAt(aData, ad, flatIndex(idx, c.aBatch), n, n);
    const Bm = matrixAt(bData, bd, flatIndex(idx, c.bBatch), n, m);
    const Xm = matrixAt(xData, xd, o, n, m);
    const ref = solveRef(Am, Bm);
    const err = frob(diff(Xm, ref)) / frob(ref);
    const residual = frob(diff(matmul(Am, Xm), Bm)) / (frob(Am) * frob(Xm));
    const what = `${kind} n=${n} m=${m} ${ad}/${bd} batch ${idx}: relative error ${err.toExponential(2)}, residual ${residual.toExponential(2)}`;
    // measured on lavapipe: errors ≤ 4e-7 and residuals ≤ 1e-7 for n ≤ 64 (κ ≲ 10²)
    expect(err, what).toBeLessThan(1e-5 * Math.max(1, n / 8));
    expect(residual, what).toBeLessThan(1e-6);
  }
}

describe('solveHermitian (Cholesky) against float64', () => {
  cases.forEach((c, i) => {
    it(`n=${c.n} m=${c.m} A ${c.ad} [${c.aBatch}] B ${c.bd} [${c.bBatch}]`, () => checkSolve('hermitian', c, 10 * i + 1));
  });

  it('only the lower triangle of A is read', async () => {
    const n = 3;
    const A = hpd(n, 'c64', 5);
    const junk = Float64Array.from(A.d);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) junk[2 * (i * n + j)] = 99;
    const B = randomCM(n, 2, 'c64', 6);
    const X = await solveHermitian(tensor(Float32Array.from(junk), [n, n], 'c64'), tensor(Float32Array.from(B.d), [n, 2], 'c64')).read();
    const err = frob(diff(matrixAt(X, 'c64', 0, n, 2), solveRef(A, B))) / frob(solveRef(A, B));
    expect(err).toBeLessThan(1e-5);
  });

  it('a matrix that is not positive definite gives NaN in its own X only', async () => {
    const n = 3;
    const good = hpd(n, 'f32', 7);
    const bad = hpd(n, 'f32', 8);
    bad.d[2 * (1 * n + 1)] = -1;
    const aData = batchData([2], n, n, 'f32', (b) => (b === 0 ? bad : good));
    const X = await solveHermitian(tensor(aData, [2, n, n]), tensor(new Float32Array(2 * n * 2).fill(1), [2, n, 2])).read();
    expect(Array.from(X.subarray(0, n * 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(X.subarray(n * 2)).every(Number.isFinite)).toBe(true);
  });
});

describe('solve (LU with partial pivoting) against float64', () => {
  cases.forEach((c, i) => {
    it(`n=${c.n} m=${c.m} A ${c.ad} [${c.aBatch}] B ${c.bd} [${c.bBatch}]`, () => checkSolve('general', c, 10 * i + 3));
  });

  it('pivots where elimination without pivoting breaks down', async () => {
    const X = await solve(tensor([0, 1, 1, 0], [2, 2]), tensor([3, 4], [2, 1])).read();
    expect(Array.from(X)).toEqual([4, 3]);
    const Z = await solve(tensor([0, 0, 0, 2, 0, 1, 0, 0], [2, 2], 'c64'), tensor([0, 1, 2, 0], [2, 1], 'c64')).read();
    // [[0, 2j], [j, 0]] x = [j, 2] → x = [-2j, 0.5]
    expect(Array.from(Z)).toEqual([0, -2, 0.5, 0]);
  });

  it('a singular matrix gives NaN in its own X only', async () => {
    const aData = Float32Array.from([1, 2, 2, 4, 1, 2, 3, 4]);
    const X = await solve(tensor(aData, [2, 2, 2]), tensor([1, 1, 1, 1], [2, 2, 1])).read();
    expect(Array.from(X.subarray(0, 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(X.subarray(2))).toEqual([-1, 1]);
  });
});

describe('pinv', () => {
  for (const [batch, rows, cols, dt] of [
    [[4], 6, 3, 'c64'],
    [[2, 3], 3, 5, 'c64'],
    [[2], 4, 4, 'c64'],
    [[3], 17, 4, 'f32'],
    [[], 1, 3, 'c64'],
  ] as Array<[number[], number, number, DType]>) {
    it(`${dt} [${batch}, ${rows}, ${cols}]: Moore–Penrose identities and float64 reference`, async () => {
      const aData = batchData(batch, rows, cols, dt, (b) => randomCM(rows, cols, dt, 50 + b));
      const P = pinv(tensor(aData, [...batch, rows, cols], dt));
      expect(P.shape).toEqual([...batch, cols, rows]);
      const pData = await P.read();
      for (let b = 0; b < Math.max(1, sizeOf(batch)); b++) {
        const A = matrixAt(aData, dt, b, rows, cols);
        const Ap = matrixAt(pData, dt, b, cols, rows);
        const rel = (x: CM, y: CM) => frob(diff(x, y)) / frob(y);
        const what = `batch ${b}`;
        // A A⁺ A = A, A⁺ A A⁺ = A⁺, (A A⁺)ᴴ = A A⁺, (A⁺ A)ᴴ = A⁺ A
        expect(rel(matmul(matmul(A, Ap), A), A), what).toBeLessThan(1e-5);
        expect(rel(matmul(matmul(Ap, A), Ap), Ap), what).toBeLessThan(1e-5);
        expect(rel(herm(matmul(A, Ap)), matmul(A, Ap)), what).toBeLessThan(1e-5);
        expect(rel(herm(matmul(Ap, A)), matmul(Ap, A)), what).toBeLessThan(1e-5);
        const ref = rows >= cols ? solveRef(matmul(herm(A), A), herm(A)) : herm(solveRef(matmul(A, herm(A)), A));
        expect(rel(Ap, ref), what).toBeLessThan(1e-4);
      }
    });
  }

  it('gram matches AᴴA and AAᴴ', async () => {
    const aData = batchData([2], 5, 3, 'c64', (b) => randomCM(5, 3, 'c64', 70 + b));
    const A = tensor(aData, [2, 5, 3], 'c64');
    const [left, right] = [await gram(A, 'AhA').read(), await gram(A, 'AAh').read()];
    for (let b = 0; b < 2; b++) {
      const M = matrixAt(aData, 'c64', b, 5, 3);
      const l = matrixAt(left, 'c64', b, 3, 3);
      const r = matrixAt(right, 'c64', b, 5, 5);
      expect(frob(diff(l, matmul(herm(M), M)))).toBeLessThan(1e-5);
      expect(frob(diff(r, matmul(M, herm(M))))).toBeLessThan(1e-5);
    }
  });
});

describe('bad input', () => {
  const sq = () => tensor(new Float32Array(9), [3, 3]);
  it('non-square A, mismatched rows and batches are ShapeErrors naming op and shapes', () => {
    const rect = tensor(new Float32Array(6), [2, 3]);
    expect(() => solveHermitian(rect, sq())).toThrow(ShapeError);
    expect(() => solveHermitian(rect, sq())).toThrow(/solveHermitian: A must be square matrices \[\.\.\., n, n\]; got A \[2, 3\], B \[3, 3\]/);
    expect(() => solve(sq(), tensor(new Float32Array(8), [4, 2]))).toThrow(
      /solve: B must be \[\.\.\., n, m\] with n = 3 rows to match A; got A \[3, 3\], B \[4, 2\]/,
    );
    expect(() => solve(sq(), tensor(new Float32Array(3), [3]))).toThrow(ShapeError);
    expect(() => solve(tensor(new Float32Array(18), [2, 3, 3]), tensor(new Float32Array(27), [3, 3, 3]))).toThrow(
      /solve: batch dimensions of A and B do not broadcast \(2 vs 3\); got A \[2, 3, 3\], B \[3, 3, 3\]/,
    );
    expect(() => pinv(tensor([1, 2], [2]))).toThrow(/pinv: expected matrices \[\.\.\., m, n\]; got \[2\]/);
  });

  it('empty batches give empty results', async () => {
    expect(solve(tensor([], [0, 3, 3]), tensor([], [0, 3, 1])).shape).toEqual([0, 3, 1]);
    expect(solveHermitian(sq(), tensor([], [3, 0])).shape).toEqual([3, 0]);
  });

  it('wrong dtype is a DTypeError', () => {
    expect(() => solve(sq(), { dtype: 'i32', shape: [3, 1] } as never)).toThrow(DTypeError);
  });
});
