/**
 * Initial hybrid precoders for UPGANet and the conventional PGA (paper 002 eq. (17) and the alternatives of its
 * Fig. 2; Eq. (17) as in the authors' released code). H [K, N] c128 with row k = h_kᴴ (wireless/channel/multiuser-miso.ts), so the
 * column h_k is the conjugate of row k; F [N, N_RF] unit modulus, W [N_RF, K], scaled so that ‖F W‖_F² = P_BS (5c).
 *
 *   'zf'     (eq. (17)) F_0 = e^{j∠G}, G = [h_1 … h_K, ā(θ_1) … ā(θ_{N_RF−K})] (ā of the first N_RF − K target
 *            angles); W_0 = F_0^† X_ZF, X_ZF = Hᴴ (H Hᴴ)⁻¹: the least-squares fit of F_0 W to the ZF precoder.
 *   'svd'    as 'zf' with h_k replaced by v_k, the k-th principal right singular vector of H (H = U S Vᴴ; v_k spans
 *            the same subspace as the h_k), following the paper's description of its SVD-based init; W_0 as in (17).
 *            (The authors' code instead takes the first N_RF columns of the N × N matrix Vᴴ, which are not singular
 *            vectors; the paper's definition is used here.)
 *   'random' F_0 = e^{jΘ}, Θ_nm ~ U[0, 2π) from `rng`; W_0 = (H F_0)^†, zero-forcing on the effective channel
 *            (Sohrabi & Yu 2016, the paper's ref. [26], and the authors' code).
 * Every kind then rescales W_0 ← √P_BS W_0 / ‖F_0 W_0‖_F (the intermediate W_0/‖W_0‖_F of (17) cancels in it).
 */
import { zeroForcing } from '../baselines/zero-forcing.js';
import { ulaSteering } from '../array/ula.js';
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { scale, unitModulus } from '../linalg/elementwise.js';
import { matmul } from '../linalg/matmul.js';
import { pinv } from '../linalg/pinv.js';
import { frobeniusNorm } from '../linalg/reductions.js';
import { svd } from '../linalg/svd.js';
import type { Rng } from '../random/rng.js';
import { JCAS_TARGETS_DEG } from './benchmark-covariance.js';
import { JcasArgumentError } from './errors.js';

export type JcasInitKind = 'zf' | 'random' | 'svd';

export interface HybridPrecoder {
  /** [N, N_RF] c128, |[F]_nm| = 1 */
  readonly F: CMatrix;
  /** [N_RF, K] c128, ‖F W‖_F² = P_BS */
  readonly W: CMatrix;
}

/**
 * @param H [K, N], row k = h_kᴴ
 * @param nRF N_RF, K ≤ N_RF ≤ N (for 'zf'/'svd' also N_RF − K ≤ the number of targets)
 * @param power P_BS (linear, σ_n² = 1 units)
 * @param rng needed by 'random'
 * @param targetsDeg the sensing directions whose ā(θ) fill the columns beyond K; default −60°, 0°, 60°
 */
export function jcasInitialization(
  H: CMatrix,
  nRF: number,
  power: number,
  rng?: Rng,
  kind: JcasInitKind = 'zf',
  targetsDeg: readonly number[] = JCAS_TARGETS_DEG,
): HybridPrecoder {
  const op = 'jcasInitialization';
  const K = H.rows;
  const N = H.cols;
  if (K < 1 || N < K) throw new JcasArgumentError(`${op}: H must be K × N with 1 ≤ K ≤ N; got ${K}×${N}`);
  if (!Number.isInteger(nRF) || nRF < K || nRF > N) {
    throw new JcasArgumentError(`${op}: N_RF must be an integer in [K, N] = [${K}, ${N}]; got ${nRF}`);
  }
  if (!(power > 0)) throw new JcasArgumentError(`${op}: expected P_BS > 0; got ${power}`);
  let F: CMatrix;
  let W: CMatrix;
  if (kind === 'random') {
    if (!rng) throw new JcasArgumentError(`${op}: kind 'random' draws phases; expected an rng, got none`);
    F = cmatrix(N, nRF);
    for (let i = 0; i < N * nRF; i++) {
      const theta = rng.uniformIn(0, 2 * Math.PI);
      F.data[2 * i] = Math.cos(theta);
      F.data[2 * i + 1] = Math.sin(theta);
    }
    W = pinv(matmul(H, F));
  } else if (kind === 'zf' || kind === 'svd') {
    if (nRF - K > targetsDeg.length) {
      throw new JcasArgumentError(`${op}: N_RF − K = ${nRF - K} columns need as many target angles; got ${targetsDeg.length}`);
    }
    const G = cmatrix(N, nRF);
    if (kind === 'zf') {
      for (let k = 0; k < K; k++) {
        for (let n = 0; n < N; n++) {
          G.data[2 * (n * nRF + k)] = H.data[2 * (k * N + n)];
          G.data[2 * (n * nRF + k) + 1] = -H.data[2 * (k * N + n) + 1]; // h_k = conj(row k)
        }
      }
    } else {
      const { V } = svd(H); // [N, K], descending singular values
      for (let k = 0; k < K; k++) {
        for (let n = 0; n < N; n++) {
          G.data[2 * (n * nRF + k)] = V.data[2 * (n * K + k)];
          G.data[2 * (n * nRF + k) + 1] = V.data[2 * (n * K + k) + 1];
        }
      }
    }
    for (let t = 0; t < nRF - K; t++) {
      const a = ulaSteering(N, (targetsDeg[t] * Math.PI) / 180, { spacing: 0.5, sign: 1, normalize: false });
      for (let n = 0; n < N; n++) {
        G.data[2 * (n * nRF + K + t)] = a[2 * n];
        G.data[2 * (n * nRF + K + t) + 1] = a[2 * n + 1];
      }
    }
    F = unitModulus(G);
    W = matmul(pinv(F), zeroForcing(H, power));
  } else {
    throw new JcasArgumentError(`${op}: kind must be 'zf', 'random' or 'svd'; got ${JSON.stringify(kind)}`);
  }
  const norm = frobeniusNorm(matmul(F, W));
  if (!(norm > 0)) throw new JcasArgumentError(`${op}: F_0 W_0 is zero for kind '${kind}'; expected a channel of rank K`);
  return { F, W: scale(W, Math.sqrt(power) / norm) };
}
