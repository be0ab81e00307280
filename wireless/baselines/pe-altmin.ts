/**
 * PE-AltMin, the phase-extraction alternating minimization of Yu, Shen, Zhang & Letaief, "Alternating minimization
 * algorithms for hybrid precoding in millimeter wave MIMO systems", IEEE JSTSP 2016:
 *   min_{F_RF, F_BB} Σ_k ‖F_opt[k] − F_RF F_BB[k]‖_F²  s.t. |[F_RF]_ij| = 1, F_BB[k] ∝ semi-unitary
 * F_opt[k] [N, N_s] (N_s ≤ N_RF ≤ N), F_RF [N, N_RF] shared by all K subcarriers, F_BB[k] [N_RF, N_s].
 * Narrowband is K = 1.
 *   init   F_RF = e^{jΘ}, Θ_ij ~ U[0, 2π)
 *   repeat F_opt[k]ᴴ F_RF = U_k S_k V_kᴴ (thin SVD);  F_BB[k] = V_k U_kᴴ          (orthogonal Procrustes)
 *          F_RF = e^{j∠(Σ_k F_opt[k] F_BB[k]ᴴ)}                                  (phase extraction)
 *   until  the objective changes by ≤ tolerance (default 1e−3)
 *   final  F_BB[k] ← √N_s F_BB[k] / ‖F_RF F_BB[k]‖_F when `normalize` (the transmit power constraint); the
 *          combiner (the same algorithm on W_opt) is left unscaled, as the rate is invariant to its scale.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { scale, sub, unitModulus } from '../linalg/elementwise.js';
import { matmul } from '../linalg/matmul.js';
import { frobeniusNorm, frobeniusNorm2 } from '../linalg/reductions.js';
import { svd } from '../linalg/svd.js';
import type { Rng } from '../random/rng.js';
import { BaselineArgumentError, checkCount } from './errors.js';

export interface PeAltMinOptions {
  /** N_RF: RF chains (columns of F_RF), N_s ≤ N_RF ≤ N */
  readonly nRF: number;
  /** source of the random initial phases */
  readonly rng: Rng;
  /** stop when |objective change| ≤ tolerance; default 1e−3 */
  readonly tolerance?: number;
  /** iteration cap; default 1000 */
  readonly maxIterations?: number;
  /** scale each F_BB[k] to ‖F_RF F_BB[k]‖_F² = N_s (precoder: true, the default; combiner: false) */
  readonly normalize?: boolean;
}

export interface PeAltMinResult {
  /** [N, N_RF], unit-modulus entries */
  readonly F_RF: CMatrix;
  /** [N_RF, N_s] */
  readonly F_BB: CMatrix;
  readonly iterations: number;
  /** final Σ_k ‖F_opt[k] − F_RF F_BB[k]‖_F² before the power normalization */
  readonly objective: number;
}

export interface PeAltMinOfdmResult {
  readonly F_RF: CMatrix;
  /** [K] of [N_RF, N_s] */
  readonly F_BB: readonly CMatrix[];
  readonly iterations: number;
  readonly objective: number;
}

/** Narrowband PE-AltMin: hybrid approximation of one F_opt [N, N_s]. */
export function peAltMin(Fopt: CMatrix, options: PeAltMinOptions): PeAltMinResult {
  const r = peAltMinOfdm([Fopt], options);
  return { F_RF: r.F_RF, F_BB: r.F_BB[0], iterations: r.iterations, objective: r.objective };
}

/** OFDM PE-AltMin: common F_RF across the K subcarriers' F_opt[k], per-subcarrier F_BB[k]. */
export function peAltMinOfdm(Fopt: readonly CMatrix[], options: PeAltMinOptions): PeAltMinOfdmResult {
  const { nRF, rng, tolerance = 1e-3, maxIterations = 1000, normalize = true } = options;
  if (Fopt.length === 0) throw new BaselineArgumentError('peAltMin: expected at least one F_opt; got none');
  const n = Fopt[0].rows;
  const ns = Fopt[0].cols;
  for (const [k, F] of Fopt.entries()) {
    if (F.rows !== n || F.cols !== ns) {
      throw new BaselineArgumentError(`peAltMin: F_opt[${k}] is ${F.rows}×${F.cols}; expected ${n}×${ns} like F_opt[0]`);
    }
  }
  checkCount('peAltMin', 'N_RF', nRF, ns, n);
  if (!(tolerance >= 0)) throw new BaselineArgumentError(`peAltMin: expected tolerance ≥ 0; got ${tolerance}`);
  checkCount('peAltMin', 'maxIterations', maxIterations, 1, Number.MAX_SAFE_INTEGER);

  let F_RF = cmatrix(n, nRF);
  for (let i = 0; i < n * nRF; i++) {
    const theta = rng.uniformIn(0, 2 * Math.PI);
    F_RF.data[2 * i] = Math.cos(theta);
    F_RF.data[2 * i + 1] = Math.sin(theta);
  }
  let F_BB: CMatrix[] = [];
  let objective = Infinity;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    F_BB = Fopt.map((F) => procrustes(matmul(F, F_RF, 'H', 'N')));
    // Phase extraction from Σ_k F_opt[k] F_BB[k]ᴴ.
    const acc = cmatrix(n, nRF);
    Fopt.forEach((F, k) => {
      const term = matmul(F, F_BB[k], 'N', 'H');
      for (let i = 0; i < acc.data.length; i++) acc.data[i] += term.data[i];
    });
    F_RF = unitModulus(acc);
    let next = 0;
    Fopt.forEach((F, k) => {
      next += frobeniusNorm2(sub(F, matmul(F_RF, F_BB[k])));
    });
    const done = Math.abs(objective - next) <= tolerance;
    objective = next;
    if (done) break;
  }
  // The F_BB of the last iteration was computed for the previous F_RF; refresh it for the final one.
  F_BB = Fopt.map((F) => procrustes(matmul(F, F_RF, 'H', 'N')));
  objective = Fopt.reduce((s, F, k) => s + frobeniusNorm2(sub(F, matmul(F_RF, F_BB[k]))), 0);
  if (normalize) {
    F_BB = F_BB.map((B) => scale(B, Math.sqrt(ns) / frobeniusNorm(matmul(F_RF, B))));
  }
  return { F_RF, F_BB, iterations, objective };
}

/** For C = F_optᴴ F_RF = U S Vᴴ [N_s, N_RF]: the semi-unitary maximizer of Re tr(Xᴴ Cᴴ), X = V Uᴴ [N_RF, N_s]. */
function procrustes(C: CMatrix): CMatrix {
  const { U, V } = svd(C);
  return matmul(V, U, 'N', 'H');
}
