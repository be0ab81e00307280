/**
 * The closed-form gradients (10)–(13) of the UPGANet paper (as the authors' released code implements them) written with differentiable engine ops ('composite'): autodiff goes
 * through them, to any order (UPGANet trains its step sizes through unrolled steps F + μ·ascentF(F, W), Eq. (14)).
 *
 * Both objectives depend on (F, W) only through X = F W [N, K], so every gradient is Z Wᴴ (for F) or Fᴴ Z (for W)
 * with Z = ∂f/∂X* [N, K] (paper convention ∂f/∂X*, half the engine's):
 *   R, Eq. (2): with G = H X [K, K], g_kj = h_kᴴ F w_j, S_k = Σ_j |g_kj|² + σ_n², I_k = S_k − |g_kk|²,
 *     tr(F V Fᴴ H̃_k) = S_k − σ_n², tr(F V̄_k Fᴴ H̃_k) = I_k − σ_n², H̃_k F V = h_k g_k Wᴴ, H̄_k W = Fᴴ h_k g_k, so
 *     Eq. (10): ∇_F R = ξ Hᴴ D Wᴴ and Eq. (11): ∇_W R = ξ Fᴴ Hᴴ D,  D_kj = g_kj (1/S_k − [j ≠ k]/I_k)   (ξ = 1/ln 2)
 *     the authors' simplified ∇_W R: D_kj = [j = k] g_kk / S_k.
 *   τ, Eq. (3): E = X Xᴴ − Ψ (Hermitian for a Hermitian Ψ), E X = X (Xᴴ X) − Ψ X, so
 *     Eq. (12): ∇_F τ = 2 E X Wᴴ and Eq. (13): ∇_W τ = 2 Fᴴ E X, without forming the N × N matrix E.
 * Cost per channel O(N·K·(N_RF + K)) for R and O(N²·K) for τ (the product Ψ X).
 */
import { abs2, add, div, full, matmul, mul, scale, sub, sum, tensor, type Tensor } from '../../../engine/index.js';
import type { JcasProblem, RateGradientVariant } from './problem.js';

/** ξ = 1/ln 2: log2 x = ξ ln x. */
export const XI = 1 / Math.LN2;

/** f = rate·R + tau·τ (the weights of the two objectives) and the ∇_W R variant used for its R part. */
export interface Weights {
  rate: number;
  tau: number;
  variant: RateGradientVariant;
}

/** [K, K] f32 masks: the identity (diag) and its complement (off). */
function masks(K: number): { diag: Tensor<'f32'>; off: Tensor<'f32'> } {
  const d = new Float32Array(K * K);
  const o = new Float32Array(K * K).fill(1);
  for (let k = 0; k < K; k++) {
    d[k * K + k] = 1;
    o[k * K + k] = 0;
  }
  return { diag: tensor(d, [K, K]), off: tensor(o, [K, K]) };
}

/**
 * The per-user powers of Eq. (2): I_k = Σ_{j≠k} |g_kj|² + σ_n² (interference + noise) and S_k = I_k + |g_kk|²
 * (signal + interference + noise), each [B, K, 1] f32, from G = H X [B, K, K]. I_k is summed, not S_k − |g_kk|²:
 * at high SNR the signal dominates and the difference would lose I_k's leading digits in f32.
 */
export function userPowers(G: Tensor<'c64'>, noiseVariance: number, m = masks(G.shape[2])): { S: Tensor<'f32'>; I: Tensor<'f32'> } {
  const P = abs2(G);
  const I = add(sum(mul(P, m.off), { axis: -1, keepdims: true }), full([], noiseVariance));
  const S = add(I, sum(mul(P, m.diag), { axis: -1, keepdims: true }));
  return { S, I };
}

/** D [B, K, K] of the file comment, for ∇R = ξ … D (exact Eqs. (10)–(11) or the simplified ∇_W R). */
function rateWeights(G: Tensor<'c64'>, noiseVariance: number, variant: RateGradientVariant): Tensor<'c64'> {
  const m = masks(G.shape[2]);
  const { S, I } = userPowers(G, noiseVariance, m);
  const { diag, off } = m;
  const coef = variant === 'exact' ? sub(div(full([], 1), S), div(off, I)) : div(diag, S);
  return mul(G, coef);
}

/** X = F W [B, N, K]. */
export function effectivePrecoder(F: Tensor<'c64'>, W: Tensor<'c64'>): Tensor<'c64'> {
  return matmul(F, W);
}

/** Z = ∂f/∂X* [B, N, K] for f = w.rate·R + w.tau·τ at X = F W (see the file comment). */
export function directionX(p: JcasProblem, X: Tensor<'c64'>, w: Weights): Tensor<'c64'> {
  let Z: Tensor<'c64'> | null = null;
  if (w.rate !== 0) {
    const D = rateWeights(matmul(p.H, X), p.noiseVariance, w.variant);
    Z = scale(matmul(p.H, D, { opA: 'H' }), XI * w.rate); // ξ Hᴴ D
  }
  if (w.tau !== 0) {
    const EX = sub(matmul(X, matmul(X, X, { opA: 'H' })), matmul(p.Psi, X)); // X (Xᴴ X) − Ψ X = E X
    const t = scale(EX, 2 * w.tau);
    Z = Z ? add(Z, t) : t;
  }
  return Z ?? scale(X, 0);
}

/** The ascent direction of f = w.rate·R + w.tau·τ for F (target 'F': Z Wᴴ, [B, N, N_RF]) or W (target 'W': Fᴴ Z, [B, N_RF, K]). */
export function compositeDirection(p: JcasProblem, F: Tensor<'c64'>, W: Tensor<'c64'>, target: 'F' | 'W', w: Weights): Tensor<'c64'> {
  const Z = directionX(p, effectivePrecoder(F, W), w);
  return target === 'F' ? matmul(Z, W, { opB: 'H' }) : matmul(F, Z, { opA: 'H' });
}
