/**
 * Complex float64 matrices for CPU-side radio math (baselines, channel synthesis, references).
 *
 * Layout: row-major, interleaved (re, im) pairs: element (r, c) lives at data[2 * (r * cols + c)] (re) and +1 (im).
 * The same interleaving as the engine's c64 tensors, so a batch of matrices converts to a Float32Array for upload
 * without reordering.
 */
export interface CMatrix {
  readonly rows: number;
  readonly cols: number;
  /** length 2·rows·cols, interleaved re/im, row-major */
  readonly data: Float64Array;
}

export function cmatrix(rows: number, cols: number, data?: ArrayLike<number>): CMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`cmatrix: dimensions must be non-negative integers; got ${rows}×${cols}`);
  }
  const out = new Float64Array(2 * rows * cols);
  if (data) {
    if (data.length !== out.length) {
      throw new RangeError(`cmatrix: data length must be 2·rows·cols = ${out.length}; got ${data.length}`);
    }
    out.set(data);
  }
  return { rows, cols, data: out };
}

/** Builds a matrix from nested [re, im] pairs or real numbers: fromRows([[[1, 0], 2], ...]). */
export function fromRows(rows: ReadonlyArray<ReadonlyArray<number | readonly [number, number]>>): CMatrix {
  const m = cmatrix(rows.length, rows[0]?.length ?? 0);
  rows.forEach((row, r) => {
    if (row.length !== m.cols) throw new RangeError(`fromRows: row ${r} has ${row.length} entries; expected ${m.cols}`);
    row.forEach((v, c) => {
      const [re, im] = typeof v === 'number' ? [v, 0] : v;
      m.data[2 * (r * m.cols + c)] = re;
      m.data[2 * (r * m.cols + c) + 1] = im;
    });
  });
  return m;
}

export function identity(n: number): CMatrix {
  const m = cmatrix(n, n);
  for (let i = 0; i < n; i++) m.data[2 * (i * n + i)] = 1;
  return m;
}
