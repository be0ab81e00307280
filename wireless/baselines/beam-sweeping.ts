/**
 * Beam sweeping (BeS) baseline (paper 000 §IV, baseline 2): purely analog beam steering. An exhaustive sweep measures
 * every transmit/receive codebook pair; RF chain m takes the m-th strongest pair with unused beams (greedy successive,
 * beam-pairs.ts). There is no digital processing: stream s is sent and received on pair s,
 *   F_BB = c·[I_Ns; 0] [N_RF, N_s],  W_BB = [I_Ns; 0],  c = √N_s / ‖F_RF[:, 1:N_s]‖_F
 * so the N_s strongest pairs carry the streams and ‖F_RF F_BB‖_F² = N_s. Inter-stream interference is not
 * cancelled, which is what separates it from DCJDB (same analog stage, SVD digital stage).
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import { frobeniusNorm } from '../linalg/reductions.js';
import { columns } from '../linalg/slicing.js';
import { greedyBeamPairs } from './beam-pairs.js';
import type { CodebookBaselineOptions, CodebookBaselineResult } from './dcjdb.js';
import { checkCount } from './errors.js';

export function beamSweeping(H: CMatrix, options: CodebookBaselineOptions): CodebookBaselineResult {
  const { txCodebook, rxCodebook, nRF, ns } = options;
  checkCount('beamSweeping', 'N_s', ns, 1, nRF);
  const pairs = greedyBeamPairs(H, txCodebook, rxCodebook, nRF);
  const F_RF = columns(txCodebook, pairs.tx);
  const W_RF = columns(rxCodebook, pairs.rx);
  const select = cmatrix(nRF, ns);
  for (let s = 0; s < ns; s++) select.data[2 * (s * ns + s)] = 1;
  const c = Math.sqrt(ns) / frobeniusNorm(matmul(F_RF, select));
  const F_BB = cmatrix(nRF, ns);
  for (let s = 0; s < ns; s++) F_BB.data[2 * (s * ns + s)] = c;
  return { F_RF, F_BB, W_RF, W_BB: select, txBeams: pairs.tx, rxBeams: pairs.rx, measurements: pairs.measurements };
}
