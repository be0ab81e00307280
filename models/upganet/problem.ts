/**
 * One batch of problem (5) at one SNR: channels, benchmark covariance and weights, plus the power budget P_BS that
 * the projections (9) and the rescaling in (14) need (as in the authors' released code).
 *
 *   H    [B, K, N] c64, row k = h_kᴴ (wireless/channel/multiuser-miso.ts)
 *   Psi  [1, N, N] c64, Ψ = P_BS·Ψ₁ (Ψ₁: the benchmark covariance (4) for P_BS = 1, shared by every channel)
 *   σ_n² = 1, P_BS = 10^{SNR/10} (wireless/modulation upganetSnr), η = 1/N, ω given (default 0.3)
 */
import { scale, type Complex } from '../../engine/index.js';
import { upganetSnr } from '../../wireless/modulation/awgn.js';
import type { JcasProblem } from './closed-form/index.js';

export interface PrecoderProblem extends JcasProblem {
  /** P_BS: ‖F W‖_F² after every projection (5c) */
  readonly power: number;
}

/**
 * The problem at `snrDb` for channels H. The returned Psi is a new tensor (P_BS·Ψ₁) owned by the caller's scope;
 * H and psi1 are referenced, not copied.
 */
export function precoderProblem(H: Complex, psi1: Complex, snrDb: number, omega: number): PrecoderProblem {
  if (H.rank !== 3) throw new RangeError(`precoderProblem: H must be [B, K, N] c64; got rank ${H.rank}`);
  const N = H.shape[2];
  if (psi1.shape.at(-1) !== N || psi1.shape.at(-2) !== N) {
    throw new RangeError(`precoderProblem: Ψ₁ must be [1, ${N}, ${N}] for N = ${N}; got [${psi1.shape.join(', ')}]`);
  }
  if (!(omega >= 0)) throw new RangeError(`precoderProblem: expected ω ≥ 0; got ${omega}`);
  const { transmitPower, noiseVariance } = upganetSnr(snrDb);
  return { H, Psi: scale(psi1, transmitPower), noiseVariance, omega, eta: 1 / N, power: transmitPower };
}
