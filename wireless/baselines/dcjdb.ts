/**
 * DCJDB-like baseline (paper 000 §IV, baseline 3: "DFT codebook based joint digital beamforming"): the analog
 * precoder and combiner are N_RF columns of DFT codebooks chosen by greedy successive beam-pair selection
 * (beam-pairs.ts), then the digital stage is the joint SVD design on the effective channel W_RFᴴ H F_RF
 * (digital-for-analog.ts). Paper 000 takes the analog search from its ref. [33]; the greedy pair rule used here is a
 * stated substitute. Codebook columns are used as given (DFT columns have modulus 1/√N, i.e. unit-modulus phase
 * shifters up to the constant 1/√N, which the digital stage absorbs).
 */
import type { CMatrix } from '../linalg/cmatrix.js';
import { columns } from '../linalg/slicing.js';
import { greedyBeamPairs } from './beam-pairs.js';
import { digitalForAnalog } from './digital-for-analog.js';
import { checkCount } from './errors.js';
import type { HybridTransceiver } from './hybrid-transceiver.js';

export interface CodebookBaselineOptions {
  /** [N_t, B_t], beams as columns */
  readonly txCodebook: CMatrix;
  /** [N_r, B_r] */
  readonly rxCodebook: CMatrix;
  /** RF chains at each end (one beam pair per chain) */
  readonly nRF: number;
  /** streams, N_s ≤ N_RF */
  readonly ns: number;
}

export interface CodebookBaselineResult extends HybridTransceiver {
  /** selected transmit / receive codebook columns, one per RF chain */
  readonly txBeams: number[];
  readonly rxBeams: number[];
  /** beam-pair measurements of the analog search */
  readonly measurements: number;
}

export function dcjdb(H: CMatrix, options: CodebookBaselineOptions): CodebookBaselineResult {
  const { txCodebook, rxCodebook, nRF, ns } = options;
  checkCount('dcjdb', 'N_s', ns, 1, nRF);
  const pairs = greedyBeamPairs(H, txCodebook, rxCodebook, nRF);
  const F_RF = columns(txCodebook, pairs.tx);
  const W_RF = columns(rxCodebook, pairs.rx);
  const { F_BB, W_BB } = digitalForAnalog(H, F_RF, W_RF, ns);
  return { F_RF, F_BB, W_RF, W_BB, txBeams: pairs.tx, rxBeams: pairs.rx, measurements: pairs.measurements };
}
