/**
 * SCA-ManOpt, the JCAS hybrid-beamforming baseline of paper 002 (§IV (ii); paper-details §1 "Baselines"):
 *   1. a fully digital JCAS precoder X [N, K] maximizing R(X) − ω‖X Xᴴ − Ψ‖_F² s.t. ‖X‖_F² = P_BS by successive
 *      convex approximation (wireless/jcas/sca-precoder.ts: minorize–maximize with closed-form surrogate solves, a
 *      reconstruction of the paper's ref. [32] without a conic solver; starts from ZF);
 *   2. X ≈ F W by manifold-optimization alternating minimization (wireless/jcas/manopt-factorization.ts: MO-AltMin of
 *      Yu et al. 2016, the paper's ref. [25]; F from random phases);
 *   3. W ← √P_BS W / ‖F W‖_F (5c).
 * H [K, N] with row k = h_kᴴ; Ψ [N, N] the benchmark covariance at this P_BS (P_BS·Ψ₁). rate and tau are those of the
 * hybrid precoder F W (what the paper's figures plot); the digital stage's figures are in `digital`.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { scale } from '../linalg/elementwise.js';
import { matmul } from '../linalg/matmul.js';
import { frobeniusNorm } from '../linalg/reductions.js';
import { covarianceMismatch } from '../metrics/beampattern.js';
import { sumRate } from '../metrics/sum-rate.js';
import { manoptFactorization } from '../jcas/manopt-factorization.js';
import { scaJcasPrecoder, type ScaPrecoderResult } from '../jcas/sca-precoder.js';
import { Rng } from '../random/rng.js';
import { BaselineArgumentError } from './errors.js';

export interface ScaManOptOptions {
  /** P_BS (linear; σ_n² units) */
  readonly power: number;
  /** σ_n²; default 1 */
  readonly noiseVariance?: number;
  /** ω; default 0.3 */
  readonly omega?: number;
  /** N_RF, K ≤ N_RF ≤ N */
  readonly nRF: number;
  /** random initial phases of the factorization; default a fixed stream (new Rng(0)), so a call is reproducible */
  readonly rng?: Rng;
  /** SCA iteration cap; default 2000 */
  readonly scaIterations?: number;
  /** SCA stop: relative objective change; default 1e−6 */
  readonly scaTolerance?: number;
  /** MO-AltMin outer rounds; default 100 */
  readonly altMinIterations?: number;
  /** conjugate-gradient iterations per F-step; default 50 */
  readonly manoptIterations?: number;
  /** MO-AltMin stop (relative); default 1e−6 */
  readonly manoptTolerance?: number;
}

export interface ScaManOptResult {
  /** [N, N_RF], unit modulus */
  readonly F: CMatrix;
  /** [N_RF, K], ‖F W‖_F² = P_BS */
  readonly W: CMatrix;
  /** [N, K] the fully digital JCAS precoder of stage 1 */
  readonly X: CMatrix;
  /** R(F W), bit/s/Hz */
  readonly rate: number;
  /** ‖F W Wᴴ Fᴴ − Ψ‖_F² */
  readonly tau: number;
  /** stage 1: R, τ, R − ωτ of X, R − ωτ at its ZF start, iterations */
  readonly digital: ScaPrecoderResult;
  /** ‖X − F W‖_F² before the power rescaling */
  readonly factorizationError: number;
}

export function scaManOpt(H: CMatrix, Psi: CMatrix, options: ScaManOptOptions): ScaManOptResult {
  const { power, noiseVariance = 1, omega = 0.3, nRF, rng = new Rng(0) } = options;
  const K = H.rows;
  const N = H.cols;
  if (!Number.isInteger(nRF) || nRF < K || nRF > N) {
    throw new BaselineArgumentError(`scaManOpt: N_RF must be an integer in [K, N] = [${K}, ${N}]; got ${nRF}`);
  }
  const digital = scaJcasPrecoder(H, Psi, {
    power,
    noiseVariance,
    omega,
    maxIterations: options.scaIterations,
    tolerance: options.scaTolerance,
  });
  const fac = manoptFactorization(digital.X, {
    nRF,
    rng,
    tolerance: options.manoptTolerance,
    maxOuter: options.altMinIterations,
    maxInner: options.manoptIterations,
  });
  const W = scale(fac.W, Math.sqrt(power) / frobeniusNorm(matmul(fac.F, fac.W)));
  const FW = matmul(fac.F, W);
  return {
    F: fac.F,
    W,
    X: digital.X,
    rate: sumRate(H, FW, noiseVariance),
    tau: covarianceMismatch(FW, Psi),
    digital,
    factorizationError: fac.error,
  };
}
