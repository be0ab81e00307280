/**
 * The two fixed-step PGA rows of the UPGANet report (paper 002 §IV; the authors' released code):
 *
 *   'conventional PGA'      the paper's benchmark: J = 1, μ = λ = 0.01, ∇_W R as configured (default the authors'
 *                           simplified Eq. (11)). Faithful, and measured to lower R − ωτ from the proposed init (17)
 *                           at 12 dB: the simplified ∇_W R is not an ascent direction of (5a) there (README, "What
 *                           we learned"; experiments/diagnose-pga.ts).
 *   'PGA, exact ∇_W R'      a named variant, not the paper's: the exact Eq. (11) with λ = pga.exactLambda (1e−4, the
 *                           range that keeps the exact gradient ascending from the ZF start, measured with diagnose-pga.ts), μ = 0.01, J = 1. Its W step follows
 *                           ∇_W R − ωη∇_W τ, so R − ωτ rises from the same init.
 */
import type { UpganetConfig } from '../config.js';
import type { PgaOptions } from '../pga.js';
import { PGA_LABEL } from './context.js';

export const PGA_EXACT_LABEL = 'PGA, exact ∇_W R (variant)';
/** λ of the variant when the config leaves pga.exactLambda out (λ ≈ 1e−4 … 3e−4 keeps the exact (11) ascending from the ZF start: README, "What we learned"). */
export const EXACT_LAMBDA_DEFAULT = 1e-4;

export interface PgaScheme {
  label: string;
  /** true for the paper's benchmark, false for a named variant */
  faithful: boolean;
  options(iterations: number, trace?: boolean): PgaOptions;
}

/** The faithful conventional PGA and the named exact-gradient variant, with the config's step sizes and kernels. */
export function pgaSchemes(c: UpganetConfig): { conventional: PgaScheme; exact: PgaScheme } {
  const base = (iterations: number, trace = false) => ({ iterations, mu: c.pga.step, impl: c.unfolding.evalImpl, trace });
  return {
    conventional: { label: PGA_LABEL, faithful: true, options: (n, t) => ({ ...base(n, t), lambda: c.pga.step, variant: c.unfolding.variant }) },
    exact: { label: PGA_EXACT_LABEL, faithful: false, options: (n, t) => ({ ...base(n, t), lambda: exactLambda(c), variant: 'exact' }) },
  };
}

export function exactLambda(c: UpganetConfig): number {
  return c.pga.exactLambda ?? EXACT_LAMBDA_DEFAULT;
}
