/**
 * Gray-mapped square M-QAM (QPSK = 4-QAM, 16-QAM, 64-QAM) with unit average symbol energy, mapping as in
 * 3GPP TS 38.211 §5.1.3–5.1.5.
 *
 * Bit order: a symbol carries k = log2 M bits b_0 … b_{k−1}. Even-indexed bits (b_0, b_2, …) drive the in-phase axis,
 * odd-indexed bits (b_1, b_3, …) the quadrature axis. Per axis, the m = k/2 bits c_0 … c_{m−1} select the level
 *   ℓ(c) = (1 − 2c_0)·[2^{m−1} − (1 − 2c_1)·[2^{m−2} − (1 − 2c_2)·[…]]]   (TS 38.211 eqs. in §5.1.3–5.1.5)
 * in {±1, ±3, …, ±(√M − 1)}, which is a Gray code along the axis (neighbouring levels differ in one bit). The symbol
 * is (ℓ_I + j ℓ_Q) / √(2(M − 1)/3), so E|x|² = 1 over equiprobable bits:
 *   QPSK  x = ((1 − 2b_0) + j(1 − 2b_1)) / √2
 *   16QAM x = ((1 − 2b_0)(2 − (1 − 2b_2)) + j(1 − 2b_1)(2 − (1 − 2b_3))) / √10
 *   64QAM  … / √42
 *
 * Layouts: bits are a Uint8Array of 0/1 values, k bits per symbol, symbol after symbol; symbols are interleaved
 * (re, im) pairs (the engine's c64 layout), `[n_symbols]` c64 as a Float64Array of length 2·n_symbols.
 */
export type QamOrder = 4 | 16 | 64;

export const QAM_ORDERS: readonly QamOrder[] = [4, 16, 64];

/** A square Gray QAM constellation with its per-axis tables. */
export interface QamConstellation {
  readonly order: QamOrder;
  /** bits per symbol k = log2 M */
  readonly bitsPerSymbol: number;
  /** bits per axis m = k / 2 */
  readonly bitsPerAxis: number;
  /** 1/√(2(M−1)/3): multiplies the odd-integer levels to give unit average energy */
  readonly scale: number;
  /** levelOfBits[c] = ℓ(c) for the axis bit pattern c = Σ c_i 2^{m−1−i} (c_0 is the most significant) */
  readonly levelOfBits: Int32Array;
  /** bitsOfLevelIndex[i] = the axis pattern whose level is 2i − (√M − 1), i = 0 … √M − 1 (ascending levels) */
  readonly bitsOfLevelIndex: Int32Array;
  /** all M points as interleaved (re, im), indexed by the symbol's bit pattern b_0 … b_{k−1} (b_0 most significant) */
  readonly points: Float64Array;
}

const cache = new Map<QamOrder, QamConstellation>();

/** The constellation for M ∈ {4, 16, 64}. */
export function qamConstellation(order: QamOrder): QamConstellation {
  const hit = cache.get(order);
  if (hit) return hit;
  if (!QAM_ORDERS.includes(order)) {
    throw new RangeError(`qamConstellation: order must be one of ${QAM_ORDERS.join(', ')}; got ${order}`);
  }
  const k = Math.round(Math.log2(order));
  const m = k / 2;
  const side = 1 << m;
  const levelOfBits = new Int32Array(side);
  const bitsOfLevelIndex = new Int32Array(side);
  for (let c = 0; c < side; c++) {
    // Evaluate ℓ(c) from the innermost bracket outwards.
    let inner = 1; // innermost magnitude 2^0
    for (let i = m - 1; i >= 1; i--) {
      const ci = (c >> (m - 1 - i)) & 1;
      inner = (1 << (m - i)) - (1 - 2 * ci) * inner;
    }
    const c0 = (c >> (m - 1)) & 1;
    const level = (1 - 2 * c0) * inner;
    levelOfBits[c] = level;
    bitsOfLevelIndex[(level + side - 1) / 2] = c;
  }
  const scale = 1 / Math.sqrt((2 * (order - 1)) / 3);
  const points = new Float64Array(2 * order);
  for (let s = 0; s < order; s++) {
    const [cI, cQ] = splitAxes(s, k);
    points[2 * s] = levelOfBits[cI] * scale;
    points[2 * s + 1] = levelOfBits[cQ] * scale;
  }
  const constellation: QamConstellation = { order, bitsPerSymbol: k, bitsPerAxis: m, scale, levelOfBits, bitsOfLevelIndex, points };
  cache.set(order, constellation);
  return constellation;
}

/** Splits a k-bit symbol pattern (b_0 most significant) into its in-phase (even bits) and quadrature (odd bits) patterns. */
function splitAxes(pattern: number, k: number): [number, number] {
  let cI = 0;
  let cQ = 0;
  for (let i = 0; i < k; i++) {
    const bit = (pattern >> (k - 1 - i)) & 1;
    if (i % 2 === 0) cI = (cI << 1) | bit;
    else cQ = (cQ << 1) | bit;
  }
  return [cI, cQ];
}

/**
 * Maps bits to symbols.
 * @param bits `[n_symbols · k]` 0/1 values
 * @returns `[n_symbols]` c64 interleaved (re, im), unit average energy
 */
export function qamModulate(bits: ArrayLike<number>, order: QamOrder): Float64Array {
  const con = qamConstellation(order);
  const k = con.bitsPerSymbol;
  if (bits.length % k !== 0) {
    throw new RangeError(`qamModulate: bit count must be a multiple of log2(M) = ${k}; got ${bits.length}`);
  }
  const n = bits.length / k;
  const out = new Float64Array(2 * n);
  for (let s = 0; s < n; s++) {
    let pattern = 0;
    for (let i = 0; i < k; i++) {
      const b = bits[s * k + i];
      if (b !== 0 && b !== 1) throw new RangeError(`qamModulate: bits must be 0 or 1; got ${b} at index ${s * k + i}`);
      pattern = (pattern << 1) | b;
    }
    out[2 * s] = con.points[2 * pattern];
    out[2 * s + 1] = con.points[2 * pattern + 1];
  }
  return out;
}

/**
 * Hard (minimum-distance) demapping: for square Gray QAM the nearest point is found per axis by rounding to the
 * nearest odd level and clipping to the outermost level.
 * @param symbols `[n_symbols]` c64 interleaved received samples (already equalized, unit-energy scale)
 * @returns `[n_symbols · k]` 0/1 bits
 */
export function qamDemodulateHard(symbols: ArrayLike<number>, order: QamOrder): Uint8Array {
  const con = qamConstellation(order);
  const k = con.bitsPerSymbol;
  const m = con.bitsPerAxis;
  const side = 1 << m;
  if (symbols.length % 2 !== 0) {
    throw new RangeError(`qamDemodulateHard: symbols must be interleaved (re, im) pairs; got odd length ${symbols.length}`);
  }
  const n = symbols.length / 2;
  const out = new Uint8Array(n * k);
  const axisPattern = (value: number): number => {
    // level index i ↔ level 2i − (side − 1); nearest index = round((v/scale + side − 1)/2), clipped.
    let i = Math.round((value / con.scale + side - 1) / 2);
    if (i < 0) i = 0;
    if (i > side - 1) i = side - 1;
    if (Number.isNaN(i)) i = 0;
    return con.bitsOfLevelIndex[i];
  };
  for (let s = 0; s < n; s++) {
    const cI = axisPattern(symbols[2 * s]);
    const cQ = axisPattern(symbols[2 * s + 1]);
    for (let j = 0; j < m; j++) {
      out[s * k + 2 * j] = (cI >> (m - 1 - j)) & 1;
      out[s * k + 2 * j + 1] = (cQ >> (m - 1 - j)) & 1;
    }
  }
  return out;
}

/** Bits per symbol, log2 M. */
export function bitsPerSymbol(order: QamOrder): number {
  return qamConstellation(order).bitsPerSymbol;
}
