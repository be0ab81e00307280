/**
 * Conventional projected gradient ascent for problem (5) (paper 002 §III-A; the authors' released code): updates (6)–(9) with
 * fixed step sizes μ = λ = 0.01, J = 1 (the paper's baseline), or J > 1 inner F steps per W step as in (14)–(15).
 * The same iteration UPGANet unfolds (unfold.ts), so the two differ only in their step sizes.
 */
import type { Complex } from '../../engine/index.js';
import { unfoldedAscent, type AscentImpl, type UnfoldResult, type WGradient } from './unfold.js';
import type { PrecoderProblem } from './problem.js';

export interface PgaOptions {
  /** outer iterations I */
  iterations: number;
  /** J: inner F steps per outer iteration (default 1: (6)–(9)) */
  innerSteps?: number;
  /** μ (default 0.01, the paper's fixed step) */
  mu?: number;
  /** λ (default 0.01) */
  lambda?: number;
  /** default 'fused' */
  impl?: AscentImpl;
  /** ∇_W R variant (default 'simplified', the authors' code) */
  variant?: WGradient;
  /** record R − ωτ per iteration: result.trace [iterations + 1, B] */
  trace?: boolean;
}

export const PGA_STEP = 0.01;

/** PGA from (F0, W0) [B, N, N_RF], [B, N_RF, K] c64; inference only (no gradients recorded). */
export function pga(p: PrecoderProblem, F0: Complex, W0: Complex, o: PgaOptions): UnfoldResult {
  const mu = o.mu ?? PGA_STEP;
  const lambda = o.lambda ?? PGA_STEP;
  for (const [key, v] of [
    ['mu', mu],
    ['lambda', lambda],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`pga: ${key} must be a finite number ≥ 0; got ${v}`);
  }
  return unfoldedAscent(
    p,
    F0,
    W0,
    { mu: () => mu, lambda: () => lambda },
    {
      outer: o.iterations,
      inner: o.innerSteps ?? 1,
      impl: o.impl ?? 'fused',
      variant: o.variant ?? 'simplified',
      trace: o.trace,
    },
  );
}
