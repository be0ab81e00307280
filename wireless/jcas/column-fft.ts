/**
 * In-place radix-2 FFTs along the rows of an L × C complex matrix (row-major, interleaved re/im, like CMatrix data):
 * every column is transformed at once, so each butterfly is a tight loop over 2·C contiguous doubles (the form that
 * JS engines compile well; the benchmark-covariance solver runs two of these per iteration, 20 000 times).
 *
 *   forward: X_ω = Σ_n x_n e^{−2πi ωn/L}, natural order in, bit-reversed order out (decimation in frequency)
 *   inverse: x_n = Σ_ω X_ω e^{+2πi ωn/L}, bit-reversed order in, natural order out (decimation in time), NOT scaled
 *            by 1/L
 * Neither pass permutes: a caller that only multiplies spectra point-wise works in the bit-reversed order directly
 * (`bitReversal` gives the frequency held by each row).
 */

export interface ColumnFft {
  /** L, a power of two */
  readonly size: number;
  /** C, columns transformed together */
  readonly columns: number;
  /** row p of a forward output holds frequency bitReversal[p] */
  readonly bitReversal: Int32Array;
  forward(x: Float64Array): void;
  inverse(x: Float64Array): void;
}

export function columnFft(size: number, columns: number): ColumnFft {
  if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
    throw new RangeError(`columnFft: size must be a power of two; got ${size}`);
  }
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columnFft: columns must be ≥ 1; got ${columns}`);
  const L = size;
  const C = columns;
  const bits = Math.round(Math.log2(L));
  const bitReversal = new Int32Array(L);
  for (let p = 0; p < L; p++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((p >> b) & 1) << (bits - 1 - b);
    bitReversal[p] = r;
  }
  // e^{−2πi j/L}, j < L/2; a butterfly span of 2·half uses every (L/(2·half))-th entry.
  const cosT = new Float64Array(Math.max(1, L / 2));
  const sinT = new Float64Array(Math.max(1, L / 2));
  for (let j = 0; j < L / 2; j++) {
    cosT[j] = Math.cos((2 * Math.PI * j) / L);
    sinT[j] = -Math.sin((2 * Math.PI * j) / L);
  }
  const rowLen = 2 * C;

  function check(op: string, x: Float64Array): void {
    if (x.length !== 2 * L * C) throw new RangeError(`columnFft.${op}: expected ${2 * L * C} doubles (${L}×${C} complex); got ${x.length}`);
  }

  return {
    size: L,
    columns: C,
    bitReversal,
    forward(x: Float64Array): void {
      check('forward', x);
      for (let half = L >> 1; half >= 1; half >>= 1) {
        const stride = L / (2 * half);
        for (let start = 0; start < L; start += 2 * half) {
          for (let j = 0; j < half; j++) {
            const wr = cosT[j * stride];
            const wi = sinT[j * stride];
            const a = (start + j) * rowLen;
            const b = a + half * rowLen;
            for (let c = 0; c < rowLen; c += 2) {
              const ar = x[a + c];
              const ai = x[a + c + 1];
              const br = x[b + c];
              const bi = x[b + c + 1];
              x[a + c] = ar + br;
              x[a + c + 1] = ai + bi;
              const dr = ar - br;
              const di = ai - bi;
              x[b + c] = dr * wr - di * wi;
              x[b + c + 1] = dr * wi + di * wr;
            }
          }
        }
      }
    },
    inverse(x: Float64Array): void {
      check('inverse', x);
      for (let half = 1; half < L; half <<= 1) {
        const stride = L / (2 * half);
        for (let start = 0; start < L; start += 2 * half) {
          for (let j = 0; j < half; j++) {
            const wr = cosT[j * stride];
            const wi = -sinT[j * stride]; // e^{+2πi j/(2·half)}
            const a = (start + j) * rowLen;
            const b = a + half * rowLen;
            for (let c = 0; c < rowLen; c += 2) {
              const br = x[b + c];
              const bi = x[b + c + 1];
              const tr = br * wr - bi * wi;
              const ti = br * wi + bi * wr;
              const ar = x[a + c];
              const ai = x[a + c + 1];
              x[a + c] = ar + tr;
              x[a + c + 1] = ai + ti;
              x[b + c] = ar - tr;
              x[b + c + 1] = ai - ti;
            }
          }
        }
      }
    },
  };
}
