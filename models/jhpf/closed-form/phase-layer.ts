/**
 * The phase custom layer of DL-JHPF (paper 000 eqs. (10)–(13)): phases φ [B, N·N^RF] from PP-NN or CP-NN become
 * f̄ = e^{jφ}/√N and are reshaped (T_v→m, row-major) to the analog matrix [B, N, N^RF] c64, |entries| = 1/√N
 * (constraints (7)–(8)).
 *
 * Gradient, eq. (31): ∂L/∂φ = −sin φ·∂L/∂f̄_re + cos φ·∂L/∂f̄_im (the paper omits the 1/√N factor of (28) in (31); with
 * it, as here) = Im(g·conj(f̄)) for g = grad_f̄ in the PyTorch convention. The fused path is the engine's one-kernel
 * op (engine/fused/unit-modulus.ts); the autodiff path records unitModulus and differentiates its composed rule.
 */
import { unitModulus, unitModulusFused, ShapeError, type Complex, type Real } from '../../../engine/index.js';

function check(op: string, phi: Real, N: number, NRF: number): number {
  if (phi.dtype !== 'f32' || phi.rank !== 2 || phi.shape[1] !== N * NRF) {
    throw new ShapeError(`${op}: expected phases [B, ${N * NRF}] f32 (N ${N} × N^RF ${NRF}); got [${phi.shape.join(', ')}] ${phi.dtype}`);
  }
  return phi.shape[0];
}

/** Eqs. (10)–(13) with the one-kernel backward (31). */
export function analogFromPhasesFused(phi: Real, N: number, NRF: number): Complex {
  const B = check('analogFromPhasesFused', phi, N, NRF);
  return unitModulusFused(phi, 1 / Math.sqrt(N)).reshape([B, N, NRF]);
}

/** Eqs. (10)–(13) through the recorded unitModulus op (autodiff of its composed rule). */
export function analogFromPhasesComposite(phi: Real, N: number, NRF: number): Complex {
  const B = check('analogFromPhasesComposite', phi, N, NRF);
  return unitModulus(phi, 1 / Math.sqrt(N)).reshape([B, N, NRF]);
}
