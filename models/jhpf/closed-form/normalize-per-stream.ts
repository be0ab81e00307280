/**
 * Per-stream precoder normalization (the Phasor variant of DL-JHPF; the paper's eq. (17) normalizes the whole matrix):
 *
 *   F_BB[:, s] = F̄_BB[:, s] / ‖F_RF F̄_BB[:, s]‖    so that ‖F_RF F_BB[:, s]‖² = 1 for every stream s
 *
 * hence ‖F_RF F_BB‖_F² = N_s (constraint (9) holds) while no stream can be given (almost) no power. Composed from
 * engine ops (autodiff); F̄_BB [B, N_t^RF, N_s], F_RF [B, N_t, N_t^RF] c64 → [B, N_t^RF, N_s] c64.
 */
import { abs2, div, matmul, mul, ones, sqrt, sum, ShapeError, type Complex } from '../../../engine/index.js';

export function normalizePerStream(FbarBB: Complex, F_RF: Complex): Complex {
  if (FbarBB.rank !== 3 || F_RF.rank !== 3 || F_RF.shape[2] !== FbarBB.shape[1] || F_RF.shape[0] !== FbarBB.shape[0]) {
    throw new ShapeError(
      `normalizePerStream: expected F̄_BB [B, N_t^RF, N_s] and F_RF [B, N_t, N_t^RF]; got [${FbarBB.shape.join(', ')}] and [${F_RF.shape.join(', ')}]`,
    );
  }
  const A = matmul(F_RF, FbarBB); // [B, N_t, N_s]
  const power = sum(abs2(A), { axis: 1, keepdims: true }); // [B, 1, N_s]
  const inv = div(ones(power.shape), sqrt(power));
  return mul(FbarBB, inv); // c64 × f32, broadcast over the N_t^RF rows
}
