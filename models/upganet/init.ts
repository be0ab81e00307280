/**
 * Initial precoders (F0, W0) for a batch of channels (paper 002 §III-C1, Eq. (17), as in the authors' released code):
 *   'zf'      the proposed init: F0 = e^{j∠G}, W0 = F0^† X_ZF power-normalized
 *   'svd'     SVD-based analog init (Fig. 2 comparison), W0 as in (17)
 *   'random'  random phases (Fig. 2 comparison)
 * computed on the CPU in float64 by wireless/jcas `jcasInitialization`, one channel at a time, then uploaded.
 * The random init of channel b draws from its own stream channelRng(seed, b), so a batch's inits do not depend on
 * how the channels are grouped.
 */
import type { Complex } from '../../engine/index.js';
import { channelAt, channelRng, type ChannelBatch } from '../../wireless/channel/types.js';
import { jcasInitialization } from '../../wireless/jcas/index.js';
import { uploadMatrices } from './host.js';

export type InitKind = 'zf' | 'svd' | 'random';
export const INIT_KINDS: readonly InitKind[] = ['zf', 'svd', 'random'];

/**
 * F0 [B, N, N_RF] and W0 [B, N_RF, K] c64 with ‖F0 W0‖_F² = power, for H [B, K, N] (rows h_kᴴ); the N_RF − K analog
 * columns beyond K steer at the first `targetsDeg` (default −60°, 0°, 60°).
 */
export function initialPrecoders(
  H: ChannelBatch,
  nRF: number,
  power: number,
  kind: InitKind,
  seed = 1,
  targetsDeg?: readonly number[],
): { F: Complex; W: Complex } {
  const Fs = [];
  const Ws = [];
  for (let b = 0; b < H.shape[0]; b++) {
    const { F, W } = jcasInitialization(channelAt(H, b), nRF, power, channelRng(seed, b), kind, targetsDeg);
    Fs.push(F);
    Ws.push(W);
  }
  return { F: uploadMatrices(Fs), W: uploadMatrices(Ws) };
}
