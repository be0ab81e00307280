/**
 * The JCAS precoding problem (5) of UPGANet (paper 002; the authors' released code) as the closed-form gradients see it, and the
 * shape checks shared by the objectives, the composite gradients and the fused kernel.
 *
 *   H    [B, K, N]            c64, row k = h_kᴴ (wireless/channel/multiuser-miso.ts)
 *   F    [B, N, N_RF]         c64, analog precoder (unit modulus after projection (7); not required here)
 *   W    [B, N_RF, K]         c64, digital precoder
 *   Psi  [B, N, N] | [1, N, N] c64, the benchmark radar covariance Ψ ([1, N, N] is shared by the batch). It must be
 *        Hermitian, as a covariance is: Eqs. (12)–(13) (Theorem 1) assume it, and the fused kernel reads Ψ X as Ψᴴ X
 *        (contiguous loads). Not checked (that would need a read-back).
 *   noiseVariance σ_n² (linear, same scale as ‖F W‖_F² = P_BS; UPGANet: σ_n² = 1, P_BS = 10^{SNR/10})
 *   omega ω (sensing weight of (5)), eta η (the extra weight of ∇_W τ in (8), η = 1/N)
 */
import { ShapeError, type Tensor } from '../../../engine/index.js';

export interface JcasProblem {
  H: Tensor<'c64'>;
  Psi: Tensor<'c64'>;
  noiseVariance: number;
  omega: number;
  eta: number;
}

/**
 * ∇_W R of Eq. (11): 'exact' (interference terms included) or 'simplified' (the authors' code: column k is
 * ξ H̄_k w_k / (Σ_j |h_kᴴ F w_j|² + σ_n²), the interference term dropped).
 */
export type RateGradientVariant = 'exact' | 'simplified';

/** 'composite': engine ops, differentiable to any order; 'fused': one WGSL kernel per call (../shaders/ascent.wgsl). */
export type GradientImpl = 'composite' | 'fused';

export interface GradientOptions {
  /** default 'composite' */
  impl?: GradientImpl;
}

export interface RateGradientOptions extends GradientOptions {
  /** default DEFAULT_RATE_GRADIENT_VARIANT */
  variant?: RateGradientVariant;
}

/** The sizes of one call, after validation. */
export interface ProblemDims {
  B: number;
  K: number;
  N: number;
  NRF: number;
  /** Ψ is [1, N, N], shared by every channel */
  psiShared: boolean;
}

/** Validates dtypes, shapes and scalars of (p, F, W); `op` names the caller in the error. */
export function problemDims(op: string, p: JcasProblem, F: Tensor, W: Tensor): ProblemDims {
  const { H, Psi } = p;
  for (const [name, t] of [
    ['H', H],
    ['F', F],
    ['W', W],
    ['Psi', Psi],
  ] as const) {
    if (t.dtype !== 'c64' || t.rank !== 3) {
      throw new ShapeError(`${op}: ${name} is not a batch of complex matrices; expected a rank-3 c64 tensor, got [${t.shape.join(', ')}] ${t.dtype}`);
    }
  }
  const [B, K, N] = H.shape;
  const NRF = F.shape[2];
  const expected = `H [B, K, N], F [B, N, N_RF], W [B, N_RF, K], Ψ [B or 1, N, N]`;
  const got = `H [${H.shape.join(', ')}], F [${F.shape.join(', ')}], W [${W.shape.join(', ')}], Ψ [${Psi.shape.join(', ')}]`;
  const fOk = F.shape[0] === B && F.shape[1] === N;
  const wOk = W.shape[0] === B && W.shape[1] === NRF && W.shape[2] === K;
  const psiOk = (Psi.shape[0] === B || Psi.shape[0] === 1) && Psi.shape[1] === N && Psi.shape[2] === N;
  if (!fOk || !wOk || !psiOk || B === 0 || K === 0 || N === 0 || NRF === 0) {
    throw new ShapeError(`${op}: the shapes do not match; expected ${expected} with one B, K, N, N_RF ≥ 1, got ${got}`);
  }
  if (!(p.noiseVariance > 0) || !Number.isFinite(p.noiseVariance)) {
    throw new RangeError(`${op}: invalid noise variance; expected a finite σ_n² > 0, got ${p.noiseVariance}`);
  }
  for (const [name, v] of [
    ['omega', p.omega],
    ['eta', p.eta],
  ] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`${op}: invalid ${name}; expected a finite number, got ${v}`);
  }
  return { B, K, N, NRF, psiShared: Psi.shape[0] === 1 && B !== 1 };
}
