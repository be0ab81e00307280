/**
 * One batch of problem (5) at one SNR: channels, benchmark covariance and weights, plus the power budget P_BS that
 * the projections (9) and the rescaling in (14) need (as in the authors' released code).
 *
 *   H    [B, K, N] c64, row k = h_kᴴ (wireless/channel/multiuser-miso.ts)
 *   Psi  [1, N, N] c64, Ψ = P_BS·Ψ₁ (Ψ₁: the benchmark covariance (4) for P_BS = 1, shared by every channel)
 *   σ_n² = 1, P_BS = 10^{SNR/10} (wireless/modulation upganetSnr), η = 1/N, ω given (default 0.3)
 */
import { mul, scale, tensor, type Complex, type Real } from '../../engine/index.js';
import { upganetSnr } from '../../wireless/modulation/awgn.js';
import type { JcasProblem } from './closed-form/index.js';

/**
 * P_BS as the projections read it: a number (kernel uniforms), or on the device as [1] f32 tensors of P_BS and
 * 1/√P_BS, both rounded from the host's float64 values exactly as the uniforms are. The device form makes a captured
 * training step independent of the SNR: one recorded program replays every SNR (the power is an input, not a uniform).
 */
export type PowerBudget = number | DevicePower;

export interface DevicePower {
  readonly P: Real;
  readonly invSqrtP: Real;
}

export interface PrecoderProblem<Power extends PowerBudget = number> extends JcasProblem {
  /** P_BS: ‖F W‖_F² after every projection (5c) */
  readonly power: Power;
}

/**
 * The problem at `snrDb` for channels H. The returned Psi is a new tensor (P_BS·Ψ₁) owned by the caller's scope;
 * H and psi1 are referenced, not copied.
 */
export function precoderProblem(H: Complex, psi1: Complex, snrDb: number, omega: number): PrecoderProblem {
  const N = checkProblem('precoderProblem', H, psi1, omega);
  const { transmitPower, noiseVariance } = upganetSnr(snrDb);
  return { H, Psi: scale(psi1, transmitPower), noiseVariance, omega, eta: 1 / N, power: transmitPower };
}

/**
 * The same problem with P_BS on the device (`devicePower`): bit for bit what precoderProblem gives at that SNR, for a
 * captured step that takes the power as an input. σ_n² = 1 at every SNR (upganetSnr), so nothing else depends on it.
 */
export function precoderProblemOnDevice(H: Complex, psi1: Complex, power: DevicePower, omega: number): PrecoderProblem<DevicePower> {
  const N = checkProblem('precoderProblemOnDevice', H, psi1, omega);
  return { H, Psi: mul(psi1, power.P), noiseVariance: upganetSnr(0).noiseVariance, omega, eta: 1 / N, power };
}

/** P_BS and 1/√P_BS at `snrDb` as [1] f32 tensors (the caller's to dispose). */
export function devicePower(snrDb: number): DevicePower {
  const P = upganetSnr(snrDb).transmitPower;
  return { P: tensor(new Float32Array([P]), [1]), invSqrtP: tensor(new Float32Array([1 / Math.sqrt(P)]), [1]) };
}

/** Validates H [B, K, N] and Ψ₁ [1, N, N] and ω ≥ 0; returns N. */
function checkProblem(op: string, H: Complex, psi1: Complex, omega: number): number {
  if (H.rank !== 3) throw new RangeError(`${op}: H must be [B, K, N] c64; got rank ${H.rank}`);
  const N = H.shape[2];
  if (psi1.shape.at(-1) !== N || psi1.shape.at(-2) !== N) {
    throw new RangeError(`${op}: Ψ₁ must be [1, ${N}, ${N}] for N = ${N}; got [${psi1.shape.join(', ')}]`);
  }
  if (!(omega >= 0)) throw new RangeError(`${op}: expected ω ≥ 0; got ${omega}`);
  return N;
}
