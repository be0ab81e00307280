/**
 * The ascent directions of UPGANet (Eqs. (10)–(13), as in the authors' released code) in the paper's convention ∂f/∂X* (half the engine's autodiff
 * gradient ∂f/∂Re X + j ∂f/∂Im X), batched over channels:
 *   ascentF = ∇_F R − ω ∇_F τ       Eqs. (6), (10), (12)   [B, N, N_RF] c64
 *   ascentW = ∇_W R − ω η ∇_W τ     Eqs. (8), (11), (13)   [B, N_RF, K] c64
 * and the four pieces rateGradF, rateGradW, tauGradF, tauGradW. Shapes and scalars: ./problem.ts.
 *
 * impl 'composite' (default) builds them from engine ops (./composite.ts), differentiable to any order: the UPGANet
 * training differentiates unrolled steps through them. impl 'fused' runs one WGSL kernel per call (./fused.ts), for
 * inference; it is differentiable too (its backward recomputes the composite), but costs that recomputation.
 */
import type { Tensor } from '../../../engine/index.js';
import { compositeDirection, type Weights } from './composite.js';
import { fusedDirection } from './fused.js';
import { problemDims, type GradientOptions, type JcasProblem, type RateGradientOptions, type RateGradientVariant } from './problem.js';

/**
 * The ∇_W R variant used when none is given: 'simplified', the authors' code, because it is the algorithm whose
 * numbers the paper reports. Measured (scratch run, 100 channels of wireless/channel/multiuser-miso.ts, N = 64,
 * N_RF = K = 4, ω = 0.3, η = 1/N, Ψ = P_BS·Ψ₁ from wireless/jcas; conventional PGA (6)–(9), J = 1, μ = 0.01, 120
 * iterations from the ZF-based init (17)); mean R (bit/s/Hz) / R − ωτ:
 *
 *   SNR    init (17)      simplified λ=0.01   exact λ=0.01    exact λ=1e-3    exact λ=3e-4    exact λ=1e-4
 *   0 dB   13.92 / 13.82   8.74 /   8.61       4.35 /   4.19    9.49 /  9.37   13.61 / 13.50   14.40 / 14.30
 *   6 dB   20.51 / 18.78  11.00 /   8.97       6.19 /   3.52   16.09 / 14.36   20.70 / 19.04   21.96 / 20.29
 *   12 dB  25.81 / −1.74  15.76 / −11.31       9.35 / −24.53  22.60 / −4.15   27.95 /  1.46   29.62 /  2.81
 *   (W frozen, λ = 0: 14.06 / 13.95, 21.48 / 19.73, 28.24 / 1.22; simplified λ = 3e-4: 8.74, 11.31, 18.63 R)
 *
 * At the paper's fixed λ = 0.01 the simplified variant is close to the paper's conventional-PGA figure (15.76 here,
 * R ≈ 17.4 at 12 dB on 10 channels when the authors' code is re-run), and the exact Eq. (11) collapses the ZF start
 * (‖∇_W R‖ ≈ 47 vs ‖W‖ ≈ 0.13 there). The exact gradient is the true ascent direction: with λ ≈ 1e-4 it is
 * the best of all (it raises R − ωτ above the init and above a frozen W), while the simplified one drifts below the
 * init at every λ tried, since it ignores interference. So: 'simplified' for the paper's PGA and UPGANet (learned λ
 * initialized to 0.01); pass { variant: 'exact' } with λ ≈ 1e-4 (or a learned λ starting there) for the better
 * optimizer.
 */
export const DEFAULT_RATE_GRADIENT_VARIANT: RateGradientVariant = 'simplified';

function direction(op: string, p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, target: 'F' | 'W', w: Weights, impl = 'composite'): Tensor<'c64'> {
  const dims = problemDims(op, p, F, W);
  if (impl === 'composite') return compositeDirection(p, F, W, target, w);
  if (impl === 'fused') return fusedDirection(p, F, W, target, w, dims);
  throw new RangeError(`${op}: unknown impl; expected 'composite' or 'fused', got ${JSON.stringify(impl)}`);
}

function variantOf(op: string, o: RateGradientOptions): RateGradientVariant {
  const v = o.variant ?? DEFAULT_RATE_GRADIENT_VARIANT;
  if (v !== 'exact' && v !== 'simplified') throw new RangeError(`${op}: unknown ∇_W R variant; expected 'exact' or 'simplified', got ${JSON.stringify(v)}`);
  return v;
}

/** ∇_F R − ω ∇_F τ [B, N, N_RF] (Eqs. (10), (12)). */
export function ascentF(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: GradientOptions = {}): Tensor<'c64'> {
  return direction('ascentF', p, F, W, 'F', { rate: 1, tau: -p.omega, variant: 'exact' }, o.impl);
}

/** ∇_W R − ω η ∇_W τ [B, N_RF, K] (Eqs. (11), (13)); ∇_W R exact or simplified (o.variant). */
export function ascentW(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: RateGradientOptions = {}): Tensor<'c64'> {
  return direction('ascentW', p, F, W, 'W', { rate: 1, tau: -p.omega * p.eta, variant: variantOf('ascentW', o) }, o.impl);
}

/** ∇_F R [B, N, N_RF], Eq. (10). */
export function rateGradF(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: GradientOptions = {}): Tensor<'c64'> {
  return direction('rateGradF', p, F, W, 'F', { rate: 1, tau: 0, variant: 'exact' }, o.impl);
}

/** ∇_W R [B, N_RF, K], Eq. (11) exact or the authors' simplified variant (o.variant). */
export function rateGradW(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: RateGradientOptions = {}): Tensor<'c64'> {
  return direction('rateGradW', p, F, W, 'W', { rate: 1, tau: 0, variant: variantOf('rateGradW', o) }, o.impl);
}

/** ∇_F τ = 2 (F W Wᴴ Fᴴ − Ψ) F W Wᴴ [B, N, N_RF], Eq. (12). */
export function tauGradF(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: GradientOptions = {}): Tensor<'c64'> {
  return direction('tauGradF', p, F, W, 'F', { rate: 0, tau: 1, variant: 'exact' }, o.impl);
}

/** ∇_W τ = 2 Fᴴ (F W Wᴴ Fᴴ − Ψ) F W [B, N_RF, K], Eq. (13). */
export function tauGradW(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, o: GradientOptions = {}): Tensor<'c64'> {
  return direction('tauGradW', p, F, W, 'W', { rate: 0, tau: 1, variant: 'exact' }, o.impl);
}
