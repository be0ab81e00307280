/**
 * Joint digital design for a fixed analog stage (the "joint digital beamforming" of paper 000's DCJDB baseline,
 * in the El Ayach et al. 2014 form). With Kt = (F_RFᴴ F_RF)^{−1/2} and Kr = (W_RFᴴ W_RF)^{−1/2} (whitening, so that
 * non-orthogonal analog beams are handled exactly) and the whitened effective channel
 *   H̃ = Kr W_RFᴴ H F_RF Kt = Ũ diag(S̃) Ṽᴴ   [N_RF^r, N_RF^t],
 *   F_BB = Kt Ṽ[:, 1:N_s],  W_BB = Kr Ũ[:, 1:N_s]
 * Then (F_RF F_BB)ᴴ(F_RF F_BB) = I_Ns, so ‖F_RF F_BB‖_F² = N_s holds without rescaling, and
 * R = Σ_i log2(1 + (SNR/N_s) S̃_i²), the largest equal-power rate reachable through this analog stage.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { inverseSqrtHermitian } from '../linalg/hermitian-function.js';
import { matmul } from '../linalg/matmul.js';
import { submatrix } from '../linalg/slicing.js';
import { svd } from '../linalg/svd.js';
import { BaselineArgumentError, checkCount } from './errors.js';

export interface DigitalStage {
  /** [N_RF^t, N_s] */
  readonly F_BB: CMatrix;
  /** [N_RF^r, N_s] */
  readonly W_BB: CMatrix;
  /** singular values of the whitened effective channel H̃, descending */
  readonly singularValues: Float64Array;
}

export function digitalForAnalog(H: CMatrix, F_RF: CMatrix, W_RF: CMatrix, ns: number): DigitalStage {
  if (F_RF.rows !== H.cols || W_RF.rows !== H.rows) {
    throw new BaselineArgumentError(
      `digitalForAnalog: expected F_RF with N_t = ${H.cols} rows and W_RF with N_r = ${H.rows} rows; ` +
        `got F_RF ${F_RF.rows}×${F_RF.cols}, W_RF ${W_RF.rows}×${W_RF.cols}`,
    );
  }
  checkCount('digitalForAnalog', 'N_s', ns, 1, Math.min(F_RF.cols, W_RF.cols));
  const Kt = inverseSqrtHermitian(matmul(F_RF, F_RF, 'H', 'N'));
  const Kr = inverseSqrtHermitian(matmul(W_RF, W_RF, 'H', 'N'));
  const Heff = matmul(W_RF, matmul(H, F_RF), 'H', 'N');
  const { U, S, V } = svd(matmul(matmul(Kr, Heff), Kt));
  return {
    F_BB: matmul(Kt, submatrix(V, 0, V.rows, 0, ns)),
    W_BB: matmul(Kr, submatrix(U, 0, U.rows, 0, ns)),
    singularValues: S,
  };
}
