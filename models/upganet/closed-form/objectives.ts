/**
 * UPGANet's two objectives per channel (Eqs. (2), (3), (5a), as in the authors' released code), composed from differentiable engine ops:
 *   sumRate       R = Σ_k log2(1 + |h_kᴴ F w_k|² / (Σ_{j≠k} |h_kᴴ F w_j|² + σ_n²)) = Σ_k log2 S_k − log2 I_k, Eq. (2)
 *   radarMismatch τ = ‖F W Wᴴ Fᴴ − Ψ‖_F², Eq. (3) (no normalization)
 * Shapes as in ./problem.ts; both return [B] f32. R is in bit/s/Hz with σ_n² unnormalized (P_BS = ‖F W‖_F²).
 */
import { abs2, clampedLog, matmul, scale, sub, sum, type Tensor } from '../../../engine/index.js';
import { effectivePrecoder, userPowers, XI } from './composite.js';
import { problemDims, type JcasProblem } from './problem.js';

/** R [B] f32, Eq. (2). */
export function sumRate(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>): Tensor<'f32'> {
  const { B } = problemDims('sumRate', p, F, W);
  const { S, I } = userPowers(matmul(p.H, effectivePrecoder(F, W)), p.noiseVariance);
  // log2(S_k / I_k) as a difference of logarithms: both are ≥ σ_n² > 0, so the clamp of clampedLog never acts
  return scale(sum(sub(clampedLog(S), clampedLog(I)), { axis: 1 }), XI).reshape([B]);
}

/** τ [B] f32, Eq. (3). */
export function radarMismatch(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>): Tensor<'f32'> {
  const { B, N } = problemDims('radarMismatch', p, F, W);
  const X = effectivePrecoder(F, W);
  const E = sub(matmul(X, X, { opB: 'H' }), p.Psi); // [B, N, N]
  return sum(abs2(E).reshape([B, N * N]), { axis: -1 });
}
