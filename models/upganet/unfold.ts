/**
 * The projected-gradient-ascent iteration shared by conventional PGA (fixed step sizes) and UPGANet (learned ones),
 * paper 002 §III, equations as the authors' released code implements them (the paper's extracted text lost them). Outer iteration / layer i = 0 … I−1:
 *
 *   F̂ ← F^(i);  for j = 0 … J−1:  F̂ ← F̂ + μ^(i,j) (∇_F R − ω ∇_F τ)(F̂, W^(i))          Eq. (14a)–(14c)
 *                                   F̂ ← √P_BS · F̂ / ‖F̂ W^(i)‖_F                         (rescale, as in the authors' code for (14))
 *   F^(i+1) = e^{j∠F̂}                                                                    Eq. (7)
 *   W ← W^(i) + λ^(i) (∇_W R − ω η ∇_W τ)(F^(i+1), W^(i))                                 Eq. (15)
 *   W^(i+1) = √P_BS · W / ‖F^(i+1) W‖_F                                                   Eq. (9)
 *
 * Gradients are the paper's ∂/∂X* (models/upganet/closed-form). With J = 1 the rescale before (7) changes nothing
 * (a positive scale keeps the phases), so J = 1 is exactly (6)–(9).
 *
 * Shapes: F [B, N, N_RF] c64, W [B, N_RF, K] c64 (problem.ts for the rest). Objective trace: R − ωτ per channel,
 * [I + 1, B] f32 (row 0 at the initial point), stacked on the device and read by the caller once.
 */
import { add, angle, div, frobeniusNorm, matmul, mul, noGrad, scale, stack, sub, tidy, unitModulus, type Complex, type Real } from '../../engine/index.js';
import { ascentF, ascentW, radarMismatch, sumRate, type GradientImpl, type JcasProblem, type RateGradientVariant } from './closed-form/index.js';
import type { PowerBudget, PrecoderProblem } from './problem.js';

/** A step size: a number (conventional PGA) or a one-element f32 tensor (UPGANet's learned μ, λ). */
export type StepSize = number | Real;

export interface StepSizes {
  /** μ^(i,j) of Eq. (14) */
  mu(i: number, j: number): StepSize;
  /** λ^(i) of Eq. (15) */
  lambda(i: number): StepSize;
}

/** 'composite': engine ops (twice differentiable); 'fused': WGSL kernels with closed-form backward passes. */
export type AscentImpl = GradientImpl;
/** ∇_W R as the exact (11) or the authors' simplification (the authors' released code, Eq. (11)). */
export type WGradient = RateGradientVariant;

export interface UnfoldOptions {
  /** I: outer iterations / layers */
  outer: number;
  /** J: inner F updates per outer iteration */
  inner: number;
  impl: AscentImpl;
  variant: WGradient;
  /** record R − ωτ after every outer iteration (and at the start) */
  trace?: boolean;
  /**
   * true: keep every intermediate so that a loss on the output can be differentiated w.r.t. step-size tensors
   * (training). false (default): run under noGrad and free each outer iteration's intermediates (inference).
   */
  differentiable?: boolean;
}

export interface UnfoldResult {
  F: Complex;
  W: Complex;
  /** [I + 1, B] f32: R − ωτ at the start and after each outer iteration; null unless `trace` */
  trace: Real | null;
}

/** R − ωτ per channel, [B] f32: the objective (5a). */
export function objective(p: JcasProblem, F: Complex, W: Complex): Real {
  return sub(sumRate(p, F, W), scale(radarMismatch(p, F, W), p.omega));
}

/** x + s·d for a number or tensor step size. */
function ascend(x: Complex, d: Complex, s: StepSize): Complex {
  return add(x, typeof s === 'number' ? scale(d, s) : mul(d, s));
}

/** √P · X / ‖F W‖_F per channel: the projection (9) for X = W, the rescale of (14) for X = F̂. */
function normalizePower(X: Complex, F: Complex, W: Complex, power: PowerBudget): Complex {
  const norm = frobeniusNorm(matmul(F, W)); // [B]
  const scaled = typeof power === 'number' ? scale(norm, 1 / Math.sqrt(power)) : mul(norm, power.invSqrtP);
  return div(X, scaled.reshape([norm.shape[0], 1, 1]));
}

/** Eq. (7): [F]_nm / |[F]_nm|. */
function projectUnitModulus(F: Complex): Complex {
  return unitModulus(angle(F));
}

/** One outer iteration (14a)–(15) with projections (7) and (9). */
function outerIteration(p: PrecoderProblem<PowerBudget>, F: Complex, W: Complex, i: number, steps: StepSizes, o: UnfoldOptions): { F: Complex; W: Complex } {
  let Fh = F;
  for (let j = 0; j < o.inner; j++) {
    Fh = ascend(Fh, ascentF(p, Fh, W, { impl: o.impl }), steps.mu(i, j));
    Fh = normalizePower(Fh, Fh, W, p.power);
  }
  const Fn = projectUnitModulus(Fh);
  const Wh = ascend(W, ascentW(p, Fn, W, { impl: o.impl, variant: o.variant }), steps.lambda(i));
  return { F: Fn, W: normalizePower(Wh, Fn, Wh, p.power) };
}

/**
 * Runs I outer iterations from (F0, W0) (which stay the caller's). See the file comment for the update and
 * UnfoldOptions for the differentiable / inference modes.
 */
export function unfoldedAscent(p: PrecoderProblem<PowerBudget>, F0: Complex, W0: Complex, steps: StepSizes, o: UnfoldOptions): UnfoldResult {
  checkShapes(p, F0, W0, o);
  if (o.differentiable) {
    let F = F0;
    let W = W0;
    const rows: Real[] = o.trace ? [objective(p, F, W)] : [];
    for (let i = 0; i < o.outer; i++) {
      ({ F, W } = outerIteration(p, F, W, i, steps, o));
      if (o.trace) rows.push(objective(p, F, W));
    }
    return { F, W, trace: o.trace ? stack(rows, 0) : null };
  }
  return noGrad(() => {
    let F = F0;
    let W = W0;
    const rows: Real[] = o.trace ? [objective(p, F, W)] : [];
    for (let i = 0; i < o.outer; i++) {
      const next = tidy(() => {
        const r = outerIteration(p, F, W, i, steps, o);
        return { ...r, obj: o.trace ? objective(p, r.F, r.W) : null };
      });
      if (F !== F0) F.dispose();
      if (W !== W0) W.dispose();
      ({ F, W } = next);
      if (next.obj) rows.push(next.obj);
    }
    const trace = o.trace ? stack(rows, 0) : null;
    for (const r of rows) r.dispose();
    if (F === F0) F = F0.reshape(F0.shape);
    if (W === W0) W = W0.reshape(W0.shape);
    return { F, W, trace };
  });
}

function checkShapes(p: PrecoderProblem<PowerBudget>, F: Complex, W: Complex, o: UnfoldOptions): void {
  const [B, K, N] = p.H.shape;
  const ok = F.rank === 3 && W.rank === 3 && F.shape[0] === B && F.shape[1] === N && W.shape[0] === B && W.shape[1] === F.shape[2] && W.shape[2] === K;
  if (!ok) {
    throw new RangeError(
      `unfoldedAscent: expected F [${B}, ${N}, N_RF] and W [${B}, N_RF, ${K}] for H [${B}, ${K}, ${N}]; got F [${F.shape.join(', ')}], W [${W.shape.join(', ')}]`,
    );
  }
  for (const [key, v] of [
    ['outer', o.outer],
    ['inner', o.inner],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`unfoldedAscent: ${key} must be a non-negative integer; got ${v}`);
  }
}
