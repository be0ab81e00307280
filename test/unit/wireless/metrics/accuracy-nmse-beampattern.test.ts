import { describe, expect, it } from 'vitest';
import { argmaxRows, topKAccuracy, topKHits } from '../../../../wireless/metrics/top-k-accuracy.js';
import { nmse, nmseDb } from '../../../../wireless/metrics/nmse.js';
import {
  beampattern,
  beampatternGridDeg,
  beampatternMseDb,
  covarianceMismatch,
  desiredBeampattern,
  meanBeampattern,
  precoderBeampattern,
} from '../../../../wireless/metrics/beampattern.js';

import { cmatrix, fromRows } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { Rng } from '../../../../wireless/random/rng.js';

describe('topKAccuracy', () => {
  const scores = [
    // sample 0: label 2 ranks 1st
    0.1, 0.2, 0.9, 0.0,
    // sample 1: label 0 ranks 3rd (0.5, 0.4 above)
    0.3, 0.5, 0.4, 0.1,
    // sample 2: label 3 ranks 4th
    0.4, 0.3, 0.2, 0.1,
    // sample 3: ties: label 1 equals beam 0, stable order puts beam 0 first → rank 2nd
    0.7, 0.7, 0.1, 0.1,
  ];
  const labels = [2, 0, 3, 1];
  it('counts hits by hand', () => {
    expect(Array.from(topKHits(scores, labels, 4, 1))).toEqual([1, 0, 0, 0]);
    expect(topKAccuracy(scores, labels, 4, 1)).toBe(0.25);
    expect(topKAccuracy(scores, labels, 4, 2)).toBe(0.5);
    expect(topKAccuracy(scores, labels, 4, 3)).toBe(0.75);
    expect(topKAccuracy(scores, labels, 4, 4)).toBe(1);
  });
  it('argmax picks the first maximum', () => {
    expect(Array.from(argmaxRows(scores, 4))).toEqual([2, 1, 0, 0]);
  });
  it('refuses inconsistent shapes and labels', () => {
    expect(() => topKAccuracy(scores, labels, 5, 1)).toThrow(/\[batch, 5\]/);
    expect(() => topKAccuracy(scores, [0, 0, 0, 4], 4, 1)).toThrow(/label 3/);
    expect(() => topKAccuracy(scores, labels, 4, 0)).toThrow(/K must be/);
  });
});

describe('nmse', () => {
  it('mean of per-sample ratios vs ratio of sums by hand', () => {
    const truth = [1, 0, 0, 0, /**/ 0, 2, 0, 0];
    const est = [1, 1, 0, 0, /**/ 0, 2, 1, 0];
    // sample 0: err 1, ref 1 → 1; sample 1: err 1, ref 4 → 0.25
    expect(nmse(est, truth, 2)).toBeCloseTo(0.625, 15);
    expect(nmse(est, truth, 2, 'ratio-of-sums')).toBeCloseTo(2 / 5, 15);
    expect(nmseDb(est, truth, 2)).toBeCloseTo(10 * Math.log10(0.625), 13);
  });
  it('refuses bad shapes and zero references', () => {
    expect(() => nmse([1, 2], [1], 1)).toThrow(/equal length/);
    expect(() => nmse([1, 2, 3], [1, 2, 3], 2)).toThrow(/dividing/);
    expect(() => nmse([1, 0], [0, 0], 1)).toThrow(/zero reference/);
  });
});

describe('beampattern (UPGANet)', () => {
  const N = 8;
  it('a beam steered at θ0 peaks with P(θ0) = N² for R = ā ā ᴴ', () => {
    const theta0 = 0.3;
    // ā(θ0) = [e^{jπ n sin θ0}], written out here as the reference
    const a = Float64Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? Math.cos : Math.sin)(Math.PI * (i >> 1) * Math.sin(theta0)));
    const x = cmatrix(N, 1, a);
    const R = matmul(x, x, 'N', 'H');
    const grid = [theta0, -0.7, 0.1];
    const p = beampattern(R, grid);
    expect(p[0]).toBeCloseTo(N * N, 10);
    expect(p[1]).toBeLessThan(N * N);
    const q = precoderBeampattern(x, grid);
    for (let t = 0; t < grid.length; t++) expect(q[t]).toBeCloseTo(p[t], 9);
  });

  it('precoderBeampattern equals beampattern(X Xᴴ) for a random precoder', () => {
    const rng = new Rng(2);
    const X = cmatrix(
      N,
      3,
      Float64Array.from({ length: 2 * N * 3 }, () => rng.normal()),
    );
    const grid = Array.from(beampatternGridDeg(10), (d) => (d * Math.PI) / 180);
    const p = beampattern(matmul(X, X, 'N', 'H'), grid);
    const q = precoderBeampattern(X, grid);
    for (let t = 0; t < grid.length; t++) expect(q[t]).toBeCloseTo(p[t], 9);
  });

  it('MSE in dB, desired pattern and grid by hand', () => {
    expect(beampatternMseDb([1, 2], [0, 0])).toBeCloseTo(10 * Math.log10(2.5), 14);
    const grid = beampatternGridDeg();
    expect(grid.length).toBe(181);
    const pd = desiredBeampattern(grid);
    expect(pd.reduce((a, b) => a + b, 0)).toBe(15); // 3 targets × 5 grid points (±2°)
    expect(pd[grid.indexOf(-62)]).toBe(1);
    expect(pd[grid.indexOf(-63)]).toBe(0);
    expect(
      Array.from(
        meanBeampattern([
          [1, 2],
          [3, 6],
        ]),
      ),
    ).toEqual([2, 4]);
  });

  it('covariance mismatch τ = ‖X Xᴴ − Ψ‖_F² by hand', () => {
    const X = fromRows([[1], [[0, 1]]]); // X Xᴴ = [[1, −j], [j, 1]]
    const Psi = fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(covarianceMismatch(X, Psi)).toBeCloseTo(2, 14);
  });
});
