/**
 * `phasor gradcheck probe-…` (`phasor gradcheck probe` runs both): the probe powers of ./probe-power.ts with the fused
 * closed-form backward of paper 001 eqs. (7)–(11) against autodiff of the same powers composed from engine ops and
 * against central finite differences, and the fused vs autodiff timing at the paper's sizes (N = 16 × 8, L = 8, batch
 * 256). A side-effect module: importing it registers the checks.
 *
 *   probe-angle-domain         ∂/∂(φ, θ), eqs. (7)–(11)
 *   probe-beam-domain          ∂/∂(u, v), §III-C
 *   probe-angle-domain-noise   ∂/∂(φ, θ) with element phase noise ε (noise-adding training, §III-D)
 *
 * The loss is Σ_bl C_bl x_bl for a constant C [B, L], so every (b, l) reaches the parameters with its own weight.
 */
import {
  gradcheckValues,
  mul,
  registerGradcheck,
  sum,
  type Complex,
  type GradcheckInput,
  type GradcheckSpec,
  type Real,
  type Tensor,
} from '../../../engine/index.js';
import { probePowerComposite, probePowerFused, type ProbeDomain, type ProbePowerAttrs } from './probe-power.js';

interface Sizes {
  B: number;
  L: number;
  horizontal: number;
  vertical: number;
}

/** Small enough for finite differences; an array of 4 × 3 keeps the phases π(m u + n v) of order a few radians. */
const SMALL: Sizes = { B: 3, L: 2, horizontal: 4, vertical: 3 };
/** Table I: 16 × 8 UPA, L = 8 probes, a training batch of 256. */
const PAPER: Sizes = { B: 256, L: 8, horizontal: 16, vertical: 8 };

function inputs(s: Sizes, seed: number, domain: ProbeDomain, noise: boolean): GradcheckInput[] {
  const N = s.horizontal * s.vertical;
  const values = (n: number, k: number, amplitude: number) => gradcheckValues(n, seed + k, amplitude);
  // angles away from the poles of (9), (11); beam variables inside (−1, 1)
  const pa = domain === 'angle' ? values(s.L, 1, 1.2) : values(s.L, 1, 0.9);
  const pb = domain === 'angle' ? values(s.L, 2, 0.8).map((x) => x + Math.PI / 2) : values(s.L, 2, 0.9);
  return [
    { name: 'h', shape: [s.B, N], dtype: 'c64', data: values(2 * s.B * N, 3, 1 / Math.sqrt(N)), constant: true },
    { name: domain === 'angle' ? 'phi' : 'u', shape: [s.L], dtype: 'f32', data: pa },
    { name: domain === 'angle' ? 'theta' : 'v', shape: [s.L], dtype: 'f32', data: pb },
    { name: 'nu', shape: [s.B, s.L], dtype: 'c64', data: values(2 * s.B * s.L, 4, 0.5), constant: true },
    { name: 'C', shape: [s.B, s.L], dtype: 'f32', data: values(s.B * s.L, 5, 1), constant: true },
    ...(noise ? [{ name: 'eps', shape: [s.L, N], dtype: 'f32' as const, data: values(s.L * N, 6, Math.PI / 8), constant: true }] : []),
  ];
}

function attrs(xs: Tensor[], domain: ProbeDomain): ProbePowerAttrs {
  const N = xs[0].shape[1];
  // the sizes travel in h's shape: N_v is 3 for SMALL, 8 for PAPER
  const vertical = N === SMALL.horizontal * SMALL.vertical ? SMALL.vertical : PAPER.vertical;
  return { domain, amplitude: 2, horizontal: N / vertical, vertical };
}

type Power = typeof probePowerFused;

function loss(power: Power, xs: Tensor[], domain: ProbeDomain): Real {
  const [h, pa, pb, nu, C, eps] = xs as [Complex, Real, Real, Complex, Real, Real | undefined];
  return sum(mul(power(h, pa, pb, nu, eps ?? null, attrs(xs, domain)), C));
}

function check(name: string, description: string, domain: ProbeDomain, noise: boolean): GradcheckSpec {
  return {
    name,
    description,
    makeInputs: (seed) => inputs(SMALL, seed, domain, noise),
    makeTimingInputs: (seed) => inputs(PAPER, seed, domain, noise),
    fused: (xs) => loss(probePowerFused, xs, domain),
    composite: (xs) => loss(probePowerComposite, xs, domain),
  };
}

registerGradcheck(check('probe-angle-domain', 'Σ C·|a hᴴ ψ(φ, θ) + ν|² w.r.t. (φ, θ): eqs. (7)–(11), fused kernel, vs autodiff', 'angle', false));
registerGradcheck(check('probe-beam-domain', 'Σ C·|a hᴴ ψ(u, v) + ν|² w.r.t. the beam-domain (u, v) of §III-C, fused kernel, vs autodiff', 'beam', false));
registerGradcheck(
  check('probe-angle-domain-noise', 'as probe-angle-domain with element phase noise ε (§III-D noise-adding training), fused vs autodiff', 'angle', true),
);
