/**
 * DL-JHPF system dimensions (paper 000 §II, §IV-A): N_T transmit antennas with N_T^RF RF chains, N_R receive antennas
 * with N_R^RF RF chains, N_s streams, QPSK, and K OFDM subcarriers (K = 1: narrowband).
 */

export interface JhpfDims {
  Nt: number;
  NtRF: number;
  Nr: number;
  NrRF: number;
  Ns: number;
  /** K subcarriers; 1 = narrowband */
  subcarriers: number;
  /**
   * OFDM: the q-th subcarrier (0-based) whose channel H̄ drives the unified analog processing (§III-F), or 'mean' for
   * the average over the K subcarriers. Default 0: the paper only says "e.g., the q-th subcarrier".
   */
  analogFrom?: number | 'mean';
}

/** Paper 000 §IV-A: N_T = 32, N_T^RF = 3, N_R = 16, N_R^RF = 3, N_s = 3, narrowband. */
export const JHPF_PAPER_DIMS: JhpfDims = Object.freeze({ Nt: 32, NtRF: 3, Nr: 16, NrRF: 3, Ns: 3, subcarriers: 1 });

/** QPSK (paper 000 §IV-A): log2 M = 2 bits per stream symbol. */
export const JHPF_BITS_PER_SYMBOL = 2;

/** Bits carried by one symbol vector x: N_s·log2 M (the size of X_b, §III-B). */
export function bitsPerVector(d: JhpfDims): number {
  return d.Ns * JHPF_BITS_PER_SYMBOL;
}

/** Throws RangeError naming the field unless the dimensions are consistent (N_s ≤ N^RF ≤ N at both ends). */
export function checkDims(op: string, d: JhpfDims): JhpfDims {
  for (const key of ['Nt', 'NtRF', 'Nr', 'NrRF', 'Ns', 'subcarriers'] as const) {
    const v = d[key];
    if (!(Number.isSafeInteger(v) && v > 0)) throw new RangeError(`${op}: ${key} must be a positive integer; got ${v}`);
  }
  if (d.NtRF > d.Nt || d.NrRF > d.Nr) {
    throw new RangeError(`${op}: expected N_T^RF ≤ N_T and N_R^RF ≤ N_R; got N_T^RF ${d.NtRF}, N_T ${d.Nt}, N_R^RF ${d.NrRF}, N_R ${d.Nr}`);
  }
  if (d.Ns > d.NtRF || d.Ns > d.NrRF) {
    throw new RangeError(`${op}: expected N_s ≤ N_T^RF and N_s ≤ N_R^RF; got N_s ${d.Ns}, N_T^RF ${d.NtRF}, N_R^RF ${d.NrRF}`);
  }
  const q = analogSubcarrier(d);
  // narrowband frameworks ignore analogFrom
  if (d.subcarriers > 1 && q !== 'mean' && !(Number.isSafeInteger(q) && q >= 0 && q < d.subcarriers)) {
    throw new RangeError(`${op}: analogFrom must be 'mean' or a subcarrier index in [0, ${d.subcarriers}); got ${q}`);
  }
  return d;
}

/** The subcarrier that drives the unified analog processing (default 0), or 'mean'. */
export function analogSubcarrier(d: JhpfDims): number | 'mean' {
  return d.analogFrom ?? 0;
}
