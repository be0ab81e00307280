/**
 * Linear multi-user MISO precoders (the UPGANet paper's ZF benchmark). H [K, N_t] with row k = h_kᴴ,
 * so y = H X s + n (the convention of wireless/channel/multiuser-miso.ts and wireless/metrics/sum-rate.ts, whose
 * `sumRate(H, X, σ²)` evaluates these precoders).
 *   regularized ZF:  X = β Hᴴ (H Hᴴ + α I_K)⁻¹,  β such that ‖X‖_F² = P
 *   ZF:              α = 0, so H X = β I_K (no inter-user interference); needs K ≤ N_t, rank K
 * α = K σ²/P gives the MMSE-like (regularized) precoder of Peel, Hochwald & Swindlehurst 2005.
 * (H Hᴴ + α I) is Hermitian PD, so X = β [(H Hᴴ + α I)⁻¹ H]ᴴ by one Cholesky solve.
 */
import { cholesky } from '../linalg/cholesky.js';
import type { CMatrix } from '../linalg/cmatrix.js';
import { scale } from '../linalg/elementwise.js';
import { NotPositiveDefiniteError } from '../linalg/errors.js';
import { matmul } from '../linalg/matmul.js';
import { frobeniusNorm } from '../linalg/reductions.js';
import { choleskySolve } from '../linalg/triangular-solve.js';
import { conjTranspose } from '../linalg/transpose.js';
import { BaselineArgumentError } from './errors.js';

/** X [N_t, K] = Hᴴ (H Hᴴ)⁻¹ scaled to ‖X‖_F² = power. */
export function zeroForcing(H: CMatrix, power: number): CMatrix {
  return regularizedZeroForcing(H, power, 0);
}

/** X [N_t, K] = Hᴴ (H Hᴴ + α I)⁻¹ scaled to ‖X‖_F² = power, α ≥ 0. */
export function regularizedZeroForcing(H: CMatrix, power: number, alpha: number): CMatrix {
  if (!(power > 0)) throw new BaselineArgumentError(`regularizedZeroForcing: expected power > 0; got ${power}`);
  if (!(alpha >= 0)) throw new BaselineArgumentError(`regularizedZeroForcing: expected α ≥ 0; got ${alpha}`);
  const gram = matmul(H, H, 'N', 'H');
  for (let k = 0; k < H.rows; k++) gram.data[2 * (k * H.rows + k)] += alpha;
  const singular = () =>
    new BaselineArgumentError(
      `zeroForcing: H Hᴴ + αI is singular; expected K ≤ N_t users with linearly independent channels, got K = ${H.rows}, ` +
        `N_t = ${H.cols}, α = ${alpha}. Use α > 0 (regularized ZF)`,
    );
  if (alpha === 0 && H.rows > H.cols) throw singular();
  let L: CMatrix;
  try {
    L = cholesky(gram);
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) throw singular();
    throw e;
  }
  // Rank deficiency rarely gives an exact zero pivot: for dependent channels rounding leaves pivots up to a few hundred
  // K·ε relative to max diag(H Hᴴ) (measured), so anything below 10³·K·N_t·ε is treated as zero.
  let maxDiag = 0;
  let minPivot = Infinity;
  for (let k = 0; k < H.rows; k++) {
    maxDiag = Math.max(maxDiag, gram.data[2 * (k * H.rows + k)]);
    minPivot = Math.min(minPivot, L.data[2 * (k * H.rows + k)] ** 2);
  }
  if (minPivot <= 1e3 * H.rows * H.cols * Number.EPSILON * maxDiag) throw singular();
  const X = conjTranspose(choleskySolve(L, H));
  return scale(X, Math.sqrt(power) / frobeniusNorm(X));
}
