import { describe, expect, it } from 'vitest';
import { BaselineArgumentError } from '../../../../wireless/baselines/errors.js';
import { scaManOpt } from '../../../../wireless/baselines/sca-manopt.js';
import { zeroForcing } from '../../../../wireless/baselines/zero-forcing.js';
import { MultiuserMisoChannel } from '../../../../wireless/channel/multiuser-miso.js';
import { scaledPsi, solveBenchmarkCovariance } from '../../../../wireless/jcas/benchmark-covariance.js';
import { JcasArgumentError } from '../../../../wireless/jcas/errors.js';
import { manoptFactorization } from '../../../../wireless/jcas/manopt-factorization.js';
import { jcasObjective, scaJcasPrecoder } from '../../../../wireless/jcas/sca-precoder.js';
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { matmul } from '../../../../wireless/linalg/matmul.js';
import { pinv } from '../../../../wireless/linalg/pinv.js';
import { frobeniusNorm2 } from '../../../../wireless/linalg/reductions.js';
import { covarianceMismatch } from '../../../../wireless/metrics/beampattern.js';
import { sumRate } from '../../../../wireless/metrics/sum-rate.js';
import { Rng } from '../../../../wireless/random/rng.js';
import { gaussianMatrix, modulusDeviation } from './helpers.js';

const N = 16;
const K = 2;
const PSI1 = solveBenchmarkCovariance({ N, iterations: 2000 }).Psi1;
const batch = new MultiuserMisoChannel({ numAntennas: N, numUsers: K }).generate(3, 11);
const CHANNELS = Array.from({ length: 3 }, (_, b) => cmatrix(K, N, batch.data.subarray(2 * b * K * N, 2 * (b + 1) * K * N)));

/** f(√P (X + εD)/‖X + εD‖): the objective along a curve on the sphere ‖X‖_F² = P. */
function onSphere(X: CMatrix, D: CMatrix, eps: number, P: number): CMatrix {
  const Y = cmatrix(X.rows, X.cols);
  for (let i = 0; i < Y.data.length; i++) Y.data[i] = X.data[i] + eps * D.data[i];
  const s = Math.sqrt(P / frobeniusNorm2(Y));
  for (let i = 0; i < Y.data.length; i++) Y.data[i] *= s;
  return Y;
}

/** Largest |directional derivative| of f over a few random unit directions tangent to the sphere at X. */
function sphereSlope(H: CMatrix, X: CMatrix, Psi: CMatrix, P: number, omega: number): number {
  const rng = new Rng(21);
  let worst = 0;
  for (let r = 0; r < 4; r++) {
    const D = gaussianMatrix(rng, X.rows, X.cols);
    let dot = 0;
    for (let i = 0; i < D.data.length; i++) dot += D.data[i] * X.data[i];
    for (let i = 0; i < D.data.length; i++) D.data[i] -= (dot / P) * X.data[i];
    const nd = Math.sqrt(frobeniusNorm2(D));
    for (let i = 0; i < D.data.length; i++) D.data[i] *= Math.sqrt(P) / nd;
    const h = 1e-6;
    const f = (e: number) => jcasObjective(H, onSphere(X, D, e, P), Psi, 1, omega);
    worst = Math.max(worst, Math.abs(f(h) - f(-h)) / (2 * h));
  }
  return worst;
}

describe('scaJcasPrecoder (SCA stage: max R − ω‖X Xᴴ − Ψ‖² s.t. ‖X‖² = P_BS)', () => {
  for (const snrDb of [0, 12]) {
    it(`${snrDb} dB: feasible, above its ZF start, lower τ, and stationary on the sphere`, () => {
      const P = 10 ** (snrDb / 10);
      const Psi = scaledPsi(PSI1, P);
      for (const H of CHANNELS) {
        // a tight tolerance: the MM iteration converges linearly, the slope falling like √tolerance (measured)
        const r = scaJcasPrecoder(H, Psi, { power: P, tolerance: 1e-12, maxIterations: 5000 });
        expect(frobeniusNorm2(r.X)).toBeCloseTo(P, 10);
        expect(r.objective).toBeCloseTo(jcasObjective(H, r.X, Psi, 1, 0.3), 10);
        const X0 = zeroForcing(H, P);
        expect(r.initialObjective).toBeCloseTo(jcasObjective(H, X0, Psi, 1, 0.3), 10);
        expect(r.objective).toBeGreaterThan(r.initialObjective);
        expect(r.tau).toBeLessThan(covarianceMismatch(X0, Psi));
        expect(sphereSlope(H, r.X, Psi, P, 0.3)).toBeLessThan(1e-4 * Math.max(1, sphereSlope(H, X0, Psi, P, 0.3)));
      }
    });
  }

  it('never decreases the objective from one iteration to the next', () => {
    const P = 10 ** 0.8;
    const Psi = scaledPsi(PSI1, P);
    const values = Array.from({ length: 12 }, (_, m) => scaJcasPrecoder(CHANNELS[0], Psi, { power: P, maxIterations: m, tolerance: 0 }).objective);
    for (let m = 1; m < values.length; m++) expect(values[m]).toBeGreaterThanOrEqual(values[m - 1] - 1e-12);
    expect(values[11]).toBeGreaterThan(values[0]);
  });

  it('with ω = 0 it is a sum-rate maximizer: at least the ZF rate, and stationary', () => {
    const P = 10;
    for (const H of CHANNELS) {
      const r = scaJcasPrecoder(H, PSI1, { power: P, omega: 0, tolerance: 1e-12, maxIterations: 5000 });
      expect(r.rate).toBeGreaterThanOrEqual(sumRate(H, zeroForcing(H, P), 1));
      expect(sphereSlope(H, r.X, PSI1, P, 0)).toBeLessThan(1e-4);
    }
  });

  it('rejects bad arguments', () => {
    expect(() => scaJcasPrecoder(CHANNELS[0], cmatrix(4, 4), { power: 1 })).toThrow(/Ψ must be 16×16; got 4×4/);
    expect(() => scaJcasPrecoder(CHANNELS[0], PSI1, { power: -1 })).toThrow(JcasArgumentError);
    expect(() => scaJcasPrecoder(CHANNELS[0], PSI1, { power: 1, omega: -1 })).toThrow(/expected ω ≥ 0; got -1/);
  });
});

describe('manoptFactorization (MO-AltMin, Riemannian CG on the complex circle manifold)', () => {
  it('recovers an exactly factorizable X = F W (N_RF = 2K) from random phases', () => {
    const rng = new Rng(3);
    const Ftrue = cmatrix(N, 4);
    for (let i = 0; i < N * 4; i++) {
      const t = rng.uniformIn(0, 2 * Math.PI);
      [Ftrue.data[2 * i], Ftrue.data[2 * i + 1]] = [Math.cos(t), Math.sin(t)];
    }
    const X = matmul(Ftrue, gaussianMatrix(rng, 4, K));
    const r = manoptFactorization(X, { nRF: 4, rng: new Rng(4), maxOuter: 300 });
    expect(modulusDeviation(r.F, 1)).toBeLessThan(1e-12);
    expect(r.error).toBeLessThan(1e-4 * frobeniusNorm2(X));
    expect(r.error).toBeLessThan(r.initialError);
    // W is the least-squares W for the final F
    const W = matmul(pinv(r.F), X);
    for (let i = 0; i < W.data.length; i++) expect(r.W.data[i]).toBeCloseTo(W.data[i], 10);
  });

  it('lowers ‖X − F W‖² from its start on a JCAS precoder (N_RF = K), from random phases or a given F0', () => {
    const P = 4;
    const X = scaJcasPrecoder(CHANNELS[1], scaledPsi(PSI1, P), { power: P }).X;
    const a = manoptFactorization(X, { nRF: K, rng: new Rng(8) });
    expect(a.error).toBeLessThan(0.5 * a.initialError);
    const F0 = a.F;
    const b = manoptFactorization(X, { nRF: K, F0 });
    expect(b.error).toBeLessThanOrEqual(a.error * (1 + 1e-9));
    expect(() => manoptFactorization(X, { nRF: K })).toThrow(/expected an rng .* or F0; got neither/);
    expect(() => manoptFactorization(X, { nRF: 0, rng: new Rng(1) })).toThrow(/N_RF must be an integer in \[1, 16\]; got 0/);
  });
});

describe('scaManOpt (SCA digital precoder, then MO-AltMin F W, then the power constraint)', () => {
  it('outputs a feasible hybrid precoder whose objective beats its own random-phase start', () => {
    for (const snrDb of [0, 12]) {
      const P = 10 ** (snrDb / 10);
      const Psi = scaledPsi(PSI1, P);
      for (const [b, H] of CHANNELS.entries()) {
        const r = scaManOpt(H, Psi, { power: P, nRF: 3, rng: new Rng(b) });
        expect([r.F.rows, r.F.cols, r.W.rows, r.W.cols, r.X.rows, r.X.cols]).toEqual([N, 3, 3, K, N, K]);
        expect(modulusDeviation(r.F, 1)).toBeLessThan(1e-12);
        const FW = matmul(r.F, r.W);
        expect(frobeniusNorm2(FW)).toBeCloseTo(P, 10);
        expect(r.rate).toBeCloseTo(sumRate(H, FW, 1), 10);
        expect(r.tau).toBeCloseTo(covarianceMismatch(FW, Psi), 10);
        expect(r.digital.objective).toBeGreaterThan(r.digital.initialObjective);
        // the start of the factorization: the same random phases, least-squares W, power-scaled
        const F0 = cmatrix(N, 3);
        const rng = new Rng(b);
        for (let i = 0; i < N * 3; i++) {
          const t = rng.uniformIn(0, 2 * Math.PI);
          [F0.data[2 * i], F0.data[2 * i + 1]] = [Math.cos(t), Math.sin(t)];
        }
        const X0 = matmul(F0, matmul(pinv(F0), r.X));
        const s = Math.sqrt(P / frobeniusNorm2(X0));
        for (let i = 0; i < X0.data.length; i++) X0.data[i] *= s;
        expect(r.rate - 0.3 * r.tau).toBeGreaterThan(jcasObjective(H, X0, Psi, 1, 0.3));
      }
    }
  });

  it('is reproducible without an rng and rejects N_RF < K', () => {
    const a = scaManOpt(CHANNELS[2], PSI1, { power: 1, nRF: K });
    const b = scaManOpt(CHANNELS[2], PSI1, { power: 1, nRF: K });
    expect(Array.from(a.F.data)).toEqual(Array.from(b.F.data));
    expect(() => scaManOpt(CHANNELS[2], PSI1, { power: 1, nRF: 1 })).toThrow(BaselineArgumentError);
  });
});
