/**
 * Greedy successive beam-pair selection over transmit and receive codebooks (the analog stage of the DCJDB and BeS
 * baselines). All |C_r,iᴴ H C_t,j|² are measured once (an exhaustive sweep of |C_r|·|C_t| pairs, the beamspace
 * channel G = C_rᴴ H C_t); RF chain m then takes the strongest pair whose transmit beam and receive beam are both
 * still unused, so the N_RF chains get distinct beams at each end.
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { matmul } from '../linalg/matmul.js';
import { BaselineArgumentError, checkCount } from './errors.js';

export interface BeamPairs {
  /** [N_RF] selected transmit codebook columns, strongest pair first */
  readonly tx: number[];
  /** [N_RF] selected receive codebook columns */
  readonly rx: number[];
  /** [N_RF] |w_rxᴴ H f_tx|² of each selected pair */
  readonly gains: number[];
  /** beam-pair measurements used: |C_t|·|C_r| */
  readonly measurements: number;
}

/**
 * H [N_r, N_t]; txCodebook [N_t, B_t] and rxCodebook [N_r, B_r] with beams as columns; nPairs ≤ min(B_t, B_r).
 * Ties are broken by the lowest index (row-major over (rx, tx)).
 */
export function greedyBeamPairs(H: CMatrix, txCodebook: CMatrix, rxCodebook: CMatrix, nPairs: number): BeamPairs {
  if (txCodebook.rows !== H.cols || rxCodebook.rows !== H.rows) {
    throw new BaselineArgumentError(
      `greedyBeamPairs: expected codebooks with N_t = ${H.cols} (tx) and N_r = ${H.rows} (rx) rows; ` +
        `got tx ${txCodebook.rows}×${txCodebook.cols}, rx ${rxCodebook.rows}×${rxCodebook.cols}`,
    );
  }
  const bt = txCodebook.cols;
  const br = rxCodebook.cols;
  checkCount('greedyBeamPairs', 'number of pairs', nPairs, 1, Math.min(bt, br));
  const G = matmul(rxCodebook, matmul(H, txCodebook), 'H', 'N'); // [B_r, B_t]
  const usedTx = new Uint8Array(bt);
  const usedRx = new Uint8Array(br);
  const tx: number[] = [];
  const rx: number[] = [];
  const gains: number[] = [];
  for (let m = 0; m < nPairs; m++) {
    let best = -1;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < br; i++) {
      if (usedRx[i]) continue;
      for (let j = 0; j < bt; j++) {
        if (usedTx[j]) continue;
        const g = G.data[2 * (i * bt + j)] ** 2 + G.data[2 * (i * bt + j) + 1] ** 2;
        if (g > best) {
          best = g;
          bi = i;
          bj = j;
        }
      }
    }
    usedRx[bi] = 1;
    usedTx[bj] = 1;
    rx.push(bi);
    tx.push(bj);
    gains.push(best);
  }
  return { tx, rx, gains, measurements: bt * br };
}
