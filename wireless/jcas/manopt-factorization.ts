/**
 * MO-AltMin hybrid factorization (Yu, Shen, Zhang & Letaief, "Alternating minimization algorithms for hybrid
 * precoding in millimeter wave MIMO systems", IEEE JSTSP 2016, §III; paper 002's ref. [25]), the second stage of the
 * SCA-ManOpt baseline:
 *   min_{F, W} ‖X − F W‖_F²   s.t. |[F]_nm| = 1,      X [N, K], F [N, N_RF], W [N_RF, K]
 * alternating
 *   W-step: W = F^† X (least squares, exact)
 *   F-step: Riemannian conjugate gradient on the complex circle manifold {F : |F_nm| = 1} for f(F) = ‖X − F W‖²:
 *     Euclidean gradient ∇f = −2 (X − F W) Wᴴ (= 2 ∂f/∂F*),
 *     Riemannian gradient grad f = ∇f − Re(∇f ∘ F*) ∘ F (projection onto the tangent space),
 *     retraction R_F(ξ) = (F + ξ)/|F + ξ| entry-wise, vector transport = tangent projection at the new point,
 *     Polak–Ribière+ conjugate directions (reset to −grad when not a descent direction),
 *     Armijo backtracking (sufficient decrease 1e−4, step halved; the first trial doubles the last accepted step).
 * The outer loop stops when f changes by ≤ tolerance·‖X‖_F² or after maxOuter rounds; an F-step stops when
 * ‖grad f‖_F ≤ tolerance·‖X‖_F·‖W‖_F or after maxInner iterations. W is left unscaled (the caller applies the power
 * constraint).
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import { pinv } from '../linalg/pinv.js';
import { frobeniusNorm2 } from '../linalg/reductions.js';
import type { Rng } from '../random/rng.js';
import { JcasArgumentError } from './errors.js';

export interface ManoptFactorizationOptions {
  /** N_RF, 1 ≤ N_RF ≤ N */
  readonly nRF: number;
  /** initial phases Θ ~ U[0, 2π) of F (Yu et al.'s initialization) unless F0 is given */
  readonly rng?: Rng;
  /** initial F [N, N_RF]; projected to unit modulus */
  readonly F0?: CMatrix;
  /** default 1e−6 (relative, see the file comment) */
  readonly tolerance?: number;
  /** outer AltMin rounds; default 100 */
  readonly maxOuter?: number;
  /** conjugate-gradient iterations per F-step; default 50 */
  readonly maxInner?: number;
}

export interface ManoptFactorizationResult {
  /** [N, N_RF], unit modulus */
  readonly F: CMatrix;
  /** [N_RF, K] = F^† X for the final F */
  readonly W: CMatrix;
  /** ‖X − F W‖_F² */
  readonly error: number;
  /** the same for the initial F with its least-squares W */
  readonly initialError: number;
  readonly outerIterations: number;
}

export function manoptFactorization(X: CMatrix, options: ManoptFactorizationOptions): ManoptFactorizationResult {
  const op = 'manoptFactorization';
  const { nRF, tolerance = 1e-6, maxOuter = 100, maxInner = 50 } = options;
  const N = X.rows;
  if (!Number.isInteger(nRF) || nRF < 1 || nRF > N) throw new JcasArgumentError(`${op}: N_RF must be an integer in [1, ${N}]; got ${nRF}`);
  if (!(tolerance >= 0)) throw new JcasArgumentError(`${op}: expected tolerance ≥ 0; got ${tolerance}`);
  for (const [name, v] of [
    ['maxOuter', maxOuter],
    ['maxInner', maxInner],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new JcasArgumentError(`${op}: ${name} must be an integer ≥ 1; got ${v}`);
  }
  let F: CMatrix;
  if (options.F0) {
    if (options.F0.rows !== N || options.F0.cols !== nRF) {
      throw new JcasArgumentError(`${op}: F0 must be ${N}×${nRF}; got ${options.F0.rows}×${options.F0.cols}`);
    }
    F = projectUnitModulus(options.F0);
  } else if (options.rng) {
    F = cmatrix(N, nRF);
    for (let i = 0; i < N * nRF; i++) {
      const t = options.rng.uniformIn(0, 2 * Math.PI);
      F.data[2 * i] = Math.cos(t);
      F.data[2 * i + 1] = Math.sin(t);
    }
  } else {
    throw new JcasArgumentError(`${op}: expected an rng (random initial phases) or F0; got neither`);
  }
  const scaleX = frobeniusNorm2(X);
  let W = pinv(F);
  W = matmul(W, X);
  let error = residual2(X, F, W);
  const initialError = error;
  let outer = 0;
  while (outer < maxOuter) {
    outer++;
    F = conjugateGradientF(X, F, W, maxInner, tolerance);
    W = matmul(pinv(F), X);
    const next = residual2(X, F, W);
    const change = error - next;
    error = next;
    if (Math.abs(change) <= tolerance * scaleX) break;
  }
  return { F, W, error, initialError, outerIterations: outer };
}

function projectUnitModulus(A: CMatrix): CMatrix {
  const out = cmatrix(A.rows, A.cols);
  for (let i = 0; i < out.data.length; i += 2) {
    const r = Math.hypot(A.data[i], A.data[i + 1]);
    out.data[i] = r === 0 ? 1 : A.data[i] / r;
    out.data[i + 1] = r === 0 ? 0 : A.data[i + 1] / r;
  }
  return out;
}

function residual2(X: CMatrix, F: CMatrix, W: CMatrix): number {
  const FW = matmul(F, W);
  let s = 0;
  for (let i = 0; i < FW.data.length; i++) s += (X.data[i] - FW.data[i]) ** 2;
  return s;
}

/** grad f = ∇f − Re(∇f ∘ F*) ∘ F with ∇f = −2 (X − F W) Wᴴ. */
function riemannianGradient(X: CMatrix, F: CMatrix, W: CMatrix): CMatrix {
  const R = matmul(F, W);
  for (let i = 0; i < R.data.length; i++) R.data[i] = X.data[i] - R.data[i];
  const g = matmul(R, W, 'N', 'H');
  for (let i = 0; i < g.data.length; i++) g.data[i] *= -2;
  return tangentProject(F, g);
}

/** Z − Re(Z ∘ F*) ∘ F: the component of Z tangent to the circle manifold at F. */
function tangentProject(F: CMatrix, Z: CMatrix): CMatrix {
  const out = cmatrix(Z.rows, Z.cols);
  for (let i = 0; i < out.data.length; i += 2) {
    const fr = F.data[i];
    const fi = F.data[i + 1];
    const re = Z.data[i] * fr + Z.data[i + 1] * fi; // Re(z f*)
    out.data[i] = Z.data[i] - re * fr;
    out.data[i + 1] = Z.data[i + 1] - re * fi;
  }
  return out;
}

function inner(a: CMatrix, b: CMatrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * b.data[i];
  return s; // Re⟨a, b⟩
}

function retract(F: CMatrix, d: CMatrix, t: number): CMatrix {
  const out = cmatrix(F.rows, F.cols);
  for (let i = 0; i < out.data.length; i += 2) {
    const re = F.data[i] + t * d.data[i];
    const im = F.data[i + 1] + t * d.data[i + 1];
    const r = Math.hypot(re, im);
    out.data[i] = r === 0 ? 1 : re / r;
    out.data[i + 1] = r === 0 ? 0 : im / r;
  }
  return out;
}

function conjugateGradientF(X: CMatrix, F0: CMatrix, W: CMatrix, maxInner: number, tolerance: number): CMatrix {
  let F = F0;
  let f = residual2(X, F, W);
  let grad = riemannianGradient(X, F, W);
  let dir = cmatrix(grad.rows, grad.cols);
  for (let i = 0; i < dir.data.length; i++) dir.data[i] = -grad.data[i];
  const stop = tolerance * Math.sqrt(frobeniusNorm2(X) * frobeniusNorm2(W));
  // ∇²f ≈ 2 W Wᴴ: the first trial step 1/(2‖W‖_F²) is a safe Lipschitz step.
  let step = 1 / (2 * Math.max(frobeniusNorm2(W), 1e-300));
  for (let it = 0; it < maxInner; it++) {
    const g2 = frobeniusNorm2(grad);
    if (Math.sqrt(g2) <= stop) break;
    let slope = inner(grad, dir);
    if (!(slope < 0)) {
      for (let i = 0; i < dir.data.length; i++) dir.data[i] = -grad.data[i];
      slope = -g2;
    }
    let t = 2 * step;
    let Fn = retract(F, dir, t);
    let fn = residual2(X, Fn, W);
    let tries = 0;
    while (fn > f + 1e-4 * t * slope && tries < 50) {
      t /= 2;
      Fn = retract(F, dir, t);
      fn = residual2(X, Fn, W);
      tries++;
    }
    if (!(fn <= f)) break; // no decrease at any tried step: F is stationary to working precision
    step = t;
    const gradN = riemannianGradient(X, Fn, W);
    const gOld = tangentProject(Fn, grad);
    const dOld = tangentProject(Fn, dir);
    let diff = 0;
    for (let i = 0; i < gradN.data.length; i++) diff += gradN.data[i] * (gradN.data[i] - gOld.data[i]);
    const beta = Math.max(0, diff / g2);
    for (let i = 0; i < dir.data.length; i++) dOld.data[i] = -gradN.data[i] + beta * dOld.data[i];
    dir = dOld;
    F = Fn;
    f = fn;
    grad = gradN;
  }
  return F;
}
