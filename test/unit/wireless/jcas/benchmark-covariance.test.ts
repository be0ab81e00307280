import { describe, expect, it } from 'vitest';
import { columnFft } from '../../../../wireless/jcas/column-fft.js';
import { resolveBenchmarkSetting, scaledPsi, solveBenchmarkCovariance } from '../../../../wireless/jcas/benchmark-covariance.js';
import { JcasArgumentError } from '../../../../wireless/jcas/errors.js';
import type { CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { eigh } from '../../../../wireless/linalg/eigh.js';
import { hermitianDefect } from '../../../../wireless/linalg/hermitian.js';
import { frobeniusNorm } from '../../../../wireless/linalg/reductions.js';
import { beampattern, beampatternGridDeg, desiredBeampattern } from '../../../../wireless/metrics/beampattern.js';
import { Rng } from '../../../../wireless/random/rng.js';

const GRID = Array.from(beampatternGridDeg());
const GRID_RAD = GRID.map((g) => (g * Math.PI) / 180);

/** Σ_t |α P_d − ā_tᴴ Ψ ā_t|² with the optimal α ≥ 0, from beampattern() (an independent evaluation). */
function objectiveOf(Psi: CMatrix, targetsDeg = [-60, 0, 60], halfWidthDeg = 2): { objective: number; alpha: number } {
  const p = beampattern(Psi, GRID_RAD);
  const pd = desiredBeampattern(GRID, targetsDeg, halfWidthDeg);
  let num = 0;
  let den = 0;
  for (let t = 0; t < p.length; t++) {
    num += pd[t] * p[t];
    den += pd[t] * pd[t];
  }
  const alpha = Math.max(0, num / den);
  let objective = 0;
  for (let t = 0; t < p.length; t++) objective += (alpha * pd[t] - p[t]) ** 2;
  return { objective, alpha };
}

/** The same projected-gradient iteration written directly with ā_t (no FFT), paper-details §1 (4). */
function directSolver(N: number, iterations: number, step: number): Float64Array {
  const T = GRID.length;
  const pd = desiredBeampattern(GRID);
  const pd2 = pd.reduce((s, v) => s + v * v, 0);
  const ar = GRID.map((g) => Float64Array.from({ length: N }, (_, n) => Math.cos(Math.PI * n * Math.sin((g * Math.PI) / 180))));
  const ai = GRID.map((g) => Float64Array.from({ length: N }, (_, n) => Math.sin(Math.PI * n * Math.sin((g * Math.PI) / 180))));
  const U = new Float64Array(2 * N * N);
  for (let n = 0; n < N; n++) U[2 * (n * N + n)] = Math.sqrt(1 / N);
  for (let it = 0; it < iterations; it++) {
    const b = GRID.map((_, t) => {
      const out = new Float64Array(2 * N); // ā_tᴴ U
      for (let k = 0; k < N; k++) {
        for (let n = 0; n < N; n++) {
          const ur = U[2 * (n * N + k)];
          const ui = U[2 * (n * N + k) + 1];
          out[2 * k] += ar[t][n] * ur + ai[t][n] * ui;
          out[2 * k + 1] += ar[t][n] * ui - ai[t][n] * ur;
        }
      }
      return out;
    });
    const p = b.map((v) => v.reduce((s, x) => s + x * x, 0));
    const alpha = Math.max(0, p.reduce((s, v, t) => s + pd[t] * v, 0) / pd2);
    const grad = new Float64Array(2 * N * N); // Σ_t e_t ā_t (ā_tᴴ U) = M U
    for (let t = 0; t < T; t++) {
      const e = alpha * pd[t] - p[t];
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < N; k++) {
          grad[2 * (n * N + k)] += e * (ar[t][n] * b[t][2 * k] - ai[t][n] * b[t][2 * k + 1]);
          grad[2 * (n * N + k) + 1] += e * (ar[t][n] * b[t][2 * k + 1] + ai[t][n] * b[t][2 * k]);
        }
      }
    }
    for (let i = 0; i < U.length; i++) U[i] += 2 * step * grad[i];
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let i = 0; i < 2 * N; i++) s += U[2 * n * N + i] ** 2;
      for (let i = 0; i < 2 * N; i++) U[2 * n * N + i] *= Math.sqrt(1 / N / s);
    }
  }
  // Ψ = U Uᴴ
  const Psi = new Float64Array(2 * N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < N; k++) {
        const [xr, xi, yr, yi] = [U[2 * (i * N + k)], U[2 * (i * N + k) + 1], U[2 * (j * N + k)], U[2 * (j * N + k) + 1]];
        Psi[2 * (i * N + j)] += xr * yr + xi * yi;
        Psi[2 * (i * N + j) + 1] += xi * yr - xr * yi;
      }
    }
  }
  return Psi;
}

function checkConstraints(Psi: CMatrix, N: number): void {
  for (let n = 0; n < N; n++) {
    expect(Math.abs(Psi.data[2 * (n * N + n)] * N - 1)).toBeLessThan(1e-5); // [Ψ]_nn = 1/N (relative)
    expect(Math.abs(Psi.data[2 * (n * N + n) + 1])).toBeLessThan(1e-12);
  }
  expect(hermitianDefect(Psi)).toBeLessThan(1e-12);
  const { values } = eigh(Psi);
  expect(values[0]).toBeGreaterThanOrEqual(-1e-5 * frobeniusNorm(Psi)); // Ψ ⪰ 0
}

describe('columnFft', () => {
  it('forward = DFT in bit-reversed order, inverse(forward(x)) = L·x', () => {
    const L = 16;
    const C = 3;
    const rng = new Rng(5);
    const x = Float64Array.from({ length: 2 * L * C }, () => rng.normal());
    const y = Float64Array.from(x);
    const fft = columnFft(L, C);
    fft.forward(y);
    for (let p = 0; p < L; p++) {
      const w = fft.bitReversal[p];
      for (let c = 0; c < C; c++) {
        let re = 0;
        let im = 0;
        for (let n = 0; n < L; n++) {
          const ang = (-2 * Math.PI * w * n) / L;
          const [xr, xi] = [x[2 * (n * C + c)], x[2 * (n * C + c) + 1]];
          re += xr * Math.cos(ang) - xi * Math.sin(ang);
          im += xr * Math.sin(ang) + xi * Math.cos(ang);
        }
        expect(y[2 * (p * C + c)]).toBeCloseTo(re, 11);
        expect(y[2 * (p * C + c) + 1]).toBeCloseTo(im, 11);
      }
    }
    fft.inverse(y);
    for (let i = 0; i < x.length; i++) expect(y[i] / L).toBeCloseTo(x[i], 12);
  });

  it('rejects a size that is not a power of two', () => {
    expect(() => columnFft(12, 2)).toThrow(/power of two; got 12/);
  });
});

describe('solveBenchmarkCovariance (eq. (4), P_BS = 1)', () => {
  it('equals the same projected-gradient iteration written directly with ā_t (FFT path is exact)', () => {
    const N = 6;
    const r = solveBenchmarkCovariance({ N, iterations: 40, step: 2e-3 });
    const ref = directSolver(N, 40, 2e-3);
    let err = 0;
    let scale = 0;
    for (let i = 0; i < ref.length; i++) {
      err = Math.max(err, Math.abs(r.Psi1.data[i] - ref[i]));
      scale = Math.max(scale, Math.abs(ref[i]));
    }
    expect(err).toBeLessThan(1e-11 * scale);
    const { objective, alpha } = objectiveOf(r.Psi1);
    expect(r.objective).toBeCloseTo(objective, 8);
    expect(r.alpha).toBeCloseTo(alpha, 10);
  });

  it('meets the constraints of (4) and lowers the objective from the isotropic start Ψ = I/N', () => {
    const N = 16;
    const start = solveBenchmarkCovariance({ N, iterations: 0 });
    const early = solveBenchmarkCovariance({ N, iterations: 300 });
    const r = solveBenchmarkCovariance({ N, iterations: 3000 });
    checkConstraints(r.Psi1, N);
    expect(r.alpha).toBeGreaterThanOrEqual(0);
    expect(r.iterations).toBe(3000);
    // 166 → 117.38 (N = 16 beams are ~7° wide, so the ±2° mainlobes cannot be met closely)
    expect(r.objective).toBeLessThan(0.75 * start.objective);
    expect(r.objective).toBeLessThan(early.objective);
    // Ψ = I/N has p_t = 1 everywhere.
    expect(start.objective).toBeCloseTo(objectiveOf(start.Psi1).objective, 10);
  });

  it('defaults (N = 64, 20 000 steps): constraints to 1e−5, the optimum, and a beampattern peaking at the targets', () => {
    const r = solveBenchmarkCovariance({ N: 64 });
    checkConstraints(r.Psi1, 64);
    // The optimum of this (convex) problem, from an independent L-BFGS solve over U with torch in float64: 57.5698,
    // α = 6.5799. (The CVX figure 56.27 of paper-details is for the authors' P_d, checked in the next test.)
    expect(r.objective).toBeGreaterThan(57.5698 - 1e-3);
    expect(r.objective).toBeLessThan(57.5698 * 1.0002);
    expect(r.alpha).toBeCloseTo(6.58, 2);
    const p = beampattern(r.Psi1, GRID_RAD);
    for (const target of [-60, 0, 60]) {
      const t = GRID.indexOf(target);
      // a local maximum over ±10° sits at the target (within the ±2° mainlobe) and reaches about α
      let best = t;
      for (let d = -10; d <= 10; d++) if (p[t + d] > p[best]) best = t + d;
      expect(Math.abs(GRID[best] - target)).toBeLessThanOrEqual(2);
      expect(p[t]).toBeGreaterThan(0.8 * r.alpha);
    }
    // away from the targets the pattern stays low
    let side = 0;
    GRID.forEach((g, t) => {
      if (Math.min(...[-60, 0, 60].map((x) => Math.abs(g - x))) > 10) side = Math.max(side, p[t]);
    });
    expect(side).toBeLessThan(0.25 * r.alpha);
  });

  it("reproduces the CVX optimum 56.27 (P_BS = 1) on the authors' desired pattern (targets −59°, 0°, 60°)", () => {
    // The authors' radar_data.mat has P_d = 1 on −61..−57°, −2..2°, 58..62° (an off-by-one on the left target) and
    // its Ψ at P_BS = 1 gives objective 56.2736, α = 6.6218 (scaling as P_BS², P_BS for the other SNRs).
    // 5 000 steps keep the test short (56.307); the default 20 000 reach 56.2846 (measured).
    const targetsDeg = [-59, 0, 60];
    const r = solveBenchmarkCovariance({ N: 64, targetsDeg, iterations: 5000 });
    expect(r.objective).toBeGreaterThan(56.2736);
    expect(r.objective).toBeLessThan(56.2736 * 1.001);
    expect(r.alpha).toBeCloseTo(6.62, 1);
    expect(objectiveOf(r.Psi1, targetsDeg).objective).toBeCloseTo(r.objective, 6);
  });

  it('Ψ = P_BS·Ψ₁ scales the objective by P_BS² and α by P_BS', () => {
    const r = solveBenchmarkCovariance({ N: 8, iterations: 500 });
    const P = 3.5;
    const scaled = objectiveOf(scaledPsi(r.Psi1, P));
    expect(scaled.objective).toBeCloseTo(P * P * r.objective, 8);
    expect(scaled.alpha).toBeCloseTo(P * r.alpha, 10);
    expect(() => scaledPsi(r.Psi1, 0)).toThrow(/expected P_BS > 0; got 0/);
  });

  it('fills the defaults and rejects bad settings', () => {
    const s = resolveBenchmarkSetting({ N: 4 });
    expect(s.gridDeg.length).toBe(181);
    expect(s.targetsDeg).toEqual([-60, 0, 60]);
    expect([s.halfWidthDeg, s.iterations, s.step]).toEqual([2, 20_000, 2e-4]);
    expect(() => solveBenchmarkCovariance({ N: 0 })).toThrow(JcasArgumentError);
    expect(() => solveBenchmarkCovariance({ N: 4, step: -1 })).toThrow(/step must be > 0; got -1/);
    expect(() => solveBenchmarkCovariance({ N: 4, gridDeg: [10, 20], iterations: 1 })).toThrow(/P_d is zero/);
  });
});
