import { qamConstellation, type QamOrder } from './gray-qam.js';

/**
 * Max-log bit log-likelihood ratios for Gray square M-QAM over complex AWGN.
 *
 * Convention: LLR(b) = ln P(b = 0 | y) / P(b = 1 | y) (positive favours 0; P(b = 1 | y) ≈ sigmoid(−LLR)), with the
 * max-log approximation LLR(b) ≈ (min_{x: b=1} |y − x|² − min_{x: b=0} |y − x|²) / N_0, where N_0 is the total
 * complex noise variance (each of re/im has N_0/2). For square QAM with per-axis Gray labels (gray-qam.ts) the
 * distance separates into axes and each bit depends on one axis only, so the minimum runs over the √M levels of that
 * axis. Exact for QPSK: LLR(b_0) = 2√2·Re y / N_0.
 *
 * @param symbols `[n_symbols]` c64 interleaved received samples y (equalized, unit-energy constellation scale)
 * @param noiseVariance N_0 > 0 (per complex sample; a per-symbol array `[n_symbols]` is accepted for equalized
 *        streams whose post-equalization noise differs by symbol)
 * @returns `[n_symbols · k]` LLRs in the bit order of qamModulate
 */
export function qamMaxLogLlr(symbols: ArrayLike<number>, order: QamOrder, noiseVariance: number | ArrayLike<number>): Float64Array {
  const con = qamConstellation(order);
  const k = con.bitsPerSymbol;
  const m = con.bitsPerAxis;
  const side = 1 << m;
  if (symbols.length % 2 !== 0) {
    throw new RangeError(`qamMaxLogLlr: symbols must be interleaved (re, im) pairs; got odd length ${symbols.length}`);
  }
  const n = symbols.length / 2;
  if (typeof noiseVariance !== 'number' && noiseVariance.length !== n) {
    throw new RangeError(`qamMaxLogLlr: per-symbol noise variances must have one entry per symbol; expected ${n}, got ${noiseVariance.length}`);
  }
  const levels = new Float64Array(side); // ascending level values × scale
  const labels = new Int32Array(side);
  for (let i = 0; i < side; i++) {
    levels[i] = (2 * i - (side - 1)) * con.scale;
    labels[i] = con.bitsOfLevelIndex[i];
  }
  const out = new Float64Array(n * k);
  const d0 = new Float64Array(m);
  const d1 = new Float64Array(m);
  const axis = (value: number, n0: number, s: number, offset: number): void => {
    d0.fill(Number.POSITIVE_INFINITY);
    d1.fill(Number.POSITIVE_INFINITY);
    for (let i = 0; i < side; i++) {
      const diff = value - levels[i];
      const dist = diff * diff;
      const label = labels[i];
      for (let j = 0; j < m; j++) {
        if ((label >> (m - 1 - j)) & 1) {
          if (dist < d1[j]) d1[j] = dist;
        } else if (dist < d0[j]) d0[j] = dist;
      }
    }
    for (let j = 0; j < m; j++) out[s * k + 2 * j + offset] = (d1[j] - d0[j]) / n0;
  };
  for (let s = 0; s < n; s++) {
    const n0 = typeof noiseVariance === 'number' ? noiseVariance : noiseVariance[s];
    if (!(n0 > 0)) throw new RangeError(`qamMaxLogLlr: noise variance must be > 0; got ${n0} for symbol ${s}`);
    axis(symbols[2 * s], n0, s, 0);
    axis(symbols[2 * s + 1], n0, s, 1);
  }
  return out;
}

/** Hard decisions from LLRs under the convention above: bit = 1 where LLR < 0. */
export function hardDecisionFromLlr(llr: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(llr.length);
  for (let i = 0; i < llr.length; i++) out[i] = llr[i] < 0 ? 1 : 0;
  return out;
}
