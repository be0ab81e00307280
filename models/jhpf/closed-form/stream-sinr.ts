/**
 * The Phasor variant's stream barrier, used only while the digital networks train alone (before the final end-to-end
 * BCE stage): with the end-to-end matrix E = W_BBᴴ H_eq F_BB [B, N_s, N_s] and single-tap detection of each stream,
 *
 *   SINR_s = c |E_ss|² / (c Σ_{j≠s} |E_sj|² + ‖W_RF w_BB,s‖²),   c = P/N_s,
 *   barrier = mean_b Σ_s −ln(SINR_s + ε)
 *
 * goes to +∞ as any stream loses its own direction, so (unlike the BCE, whose gradient through a stream at BER 0.5 is
 * nearly zero) it cannot be lowered by giving a stream up: the mechanism of the collapse the health checks show.
 * Composed from engine ops (autodiff).
 */
import { abs2, add, clampedLog, div, full, matmul, mean, mul, neg, scale, sub, sum, tensor, type Complex, type Real } from '../../../engine/index.js';

export function streamBarrier(Heq: Complex, F_BB: Complex, W_RF: Complex, W_BB: Complex, c: number, eps = 1e-2): Real {
  const Ns = F_BB.shape[2];
  const E = matmul(W_BB, matmul(Heq, F_BB), { opA: 'H' }); // [B, N_s, N_s]
  const power = abs2(E);
  const eye = new Float32Array(Ns * Ns);
  for (let s = 0; s < Ns; s++) eye[s * Ns + s] = 1;
  const wanted = sum(mul(power, tensor(eye, [1, Ns, Ns], 'f32')), { axis: 2 }); // [B, N_s] |E_ss|²
  const interference = sub(sum(power, { axis: 2 }), wanted);
  const noise = sum(abs2(matmul(W_RF, W_BB)), { axis: 1 }); // [B, N_s] ‖W_RF w_BB,s‖²
  const sinr = div(scale(wanted, c), add(scale(interference, c), noise));
  return neg(mean(sum(clampedLog(add(sinr, full(sinr.shape, eps))), { axis: 1 })));
}
