/**
 * UPGANet (paper 002 §III-B, Fig. 1, Eqs. (14)–(16); the authors' released code): the PGA iteration of unfold.ts unrolled into I outer
 * layers of J inner layers each, with learned step sizes
 *   μ^(i,j)  [I, J] f32 (parameter 'mu'),   λ^(i)  [I] f32 (parameter 'lambda'),   all initialized to 0.01.
 *
 *   const net = new UPGANet({ outer: 120, inner: 20 });
 *   const { F, W } = net.forward(problem, F0, W0);                       // inference: fused kernels, no graph
 *   const { F, W } = net.forward(problem, F0, W0, { differentiable: true, impl: 'composite' });  // training
 *   const loss = upganetLoss(problem, F, W);                              // Eq. (16)
 */
import { mean, Module, scale, slice, tensor, type Complex, type Real } from '../../engine/index.js';
import { objective, unfoldedAscent, type AscentImpl, type UnfoldResult, type WGradient } from './unfold.js';
import type { PowerBudget, PrecoderProblem } from './problem.js';

export interface UpganetOptions {
  /** I: outer layers */
  outer: number;
  /** J: inner layers per outer layer */
  inner: number;
  /** ∇_W R variant (default 'simplified', the authors' released code's Eq. (11)) */
  variant?: WGradient;
  /** initial μ and λ (default 0.01, the paper's) */
  initialStep?: number;
  /** initial μ^(i,j) and λ^(i) when they differ (default initialStep); a named variant's, not the paper's */
  initialMu?: number;
  initialLambda?: number;
}

export interface UpganetForwardOptions {
  /** default 'fused' */
  impl?: AscentImpl;
  /** keep the graph for a loss on the output (training); default false (inference under noGrad) */
  differentiable?: boolean;
  /** record R − ωτ after every outer layer: result.trace [I + 1, B] */
  trace?: boolean;
}

export class UPGANet extends Module {
  readonly outer: number;
  readonly inner: number;
  readonly variant: WGradient;

  constructor(o: UpganetOptions) {
    super();
    for (const [key, v] of [
      ['outer', o.outer],
      ['inner', o.inner],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`UPGANet: ${key} must be a positive integer; got ${v}`);
    }
    const init = o.initialStep ?? 0.01;
    const initMu = o.initialMu ?? init;
    const initLambda = o.initialLambda ?? init;
    for (const [key, v] of [
      ['initialStep', init],
      ['initialMu', initMu],
      ['initialLambda', initLambda],
    ] as const) {
      if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(`UPGANet: ${key} must be a finite number ≥ 0; got ${v}`);
    }
    this.outer = o.outer;
    this.inner = o.inner;
    this.variant = o.variant ?? 'simplified';
    this.registerParameter('mu', tensor(new Float32Array(o.outer * o.inner).fill(initMu), [o.outer, o.inner]));
    this.registerParameter('lambda', tensor(new Float32Array(o.outer).fill(initLambda), [o.outer]));
  }

  /** μ^(i,j), [I, J] f32 (the module's own tensor). */
  get mu(): Real {
    return this.param('mu', 'f32');
  }

  /** λ^(i), [I] f32. */
  get lambda(): Real {
    return this.param('lambda', 'f32');
  }

  /** The I outer layers from (F0, W0): F [B, N, N_RF], W [B, N_RF, K] c64 (F0, W0 stay the caller's). */
  forward(p: PrecoderProblem<PowerBudget>, F0: Complex, W0: Complex, o: UpganetForwardOptions = {}): UnfoldResult {
    const mu = this.mu;
    const lambda = this.lambda;
    return unfoldedAscent(
      p,
      F0,
      W0,
      { mu: (i, j) => slice(mu, [i, j], [1, 1]), lambda: (i) => slice(lambda, [i], [1]) },
      { outer: this.outer, inner: this.inner, impl: o.impl ?? 'fused', variant: this.variant, trace: o.trace, differentiable: o.differentiable },
    );
  }
}

/** Eq. (16): −(mean_b R − ω mean_b τ) at the last layer's output; a scalar f32. */
export function upganetLoss(p: PrecoderProblem<PowerBudget>, F: Complex, W: Complex): Real {
  return scale(mean(objective(p, F, W)), -1);
}
