/** Element access, sub-blocks, column selection, stacking and diagonal matrices for CMatrix. */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgArgumentError, LinalgShapeError, shapeOf } from './errors.js';

/** a_rc as [re, im]. */
export function entry(a: CMatrix, r: number, c: number): [number, number] {
  checkIndex('entry', a, r, c);
  const i = 2 * (r * a.cols + c);
  return [a.data[i], a.data[i + 1]];
}

/** Sets a_rc in place. */
export function setEntry(a: CMatrix, r: number, c: number, re: number, im = 0): void {
  checkIndex('setEntry', a, r, c);
  const i = 2 * (r * a.cols + c);
  a.data[i] = re;
  a.data[i + 1] = im;
}

/** Rows [r0, r1) × columns [c0, c1) (half-open ranges, like Array.slice). */
export function submatrix(a: CMatrix, r0: number, r1: number, c0: number, c1: number): CMatrix {
  if (!(0 <= r0 && r0 <= r1 && r1 <= a.rows && 0 <= c0 && c0 <= c1 && c1 <= a.cols)) {
    throw new LinalgArgumentError(`submatrix: expected 0 ≤ r0 ≤ r1 ≤ ${a.rows} and 0 ≤ c0 ≤ c1 ≤ ${a.cols}; ` + `got rows [${r0}, ${r1}), cols [${c0}, ${c1})`);
  }
  const out = cmatrix(r1 - r0, c1 - c0);
  const w = 2 * (c1 - c0);
  for (let r = r0; r < r1; r++) {
    out.data.set(a.data.subarray(2 * (r * a.cols + c0), 2 * (r * a.cols + c0) + w), (r - r0) * w);
  }
  return out;
}

/** Columns idx (in the given order, repeats allowed): [rows, idx.length]. */
export function columns(a: CMatrix, idx: readonly number[]): CMatrix {
  for (const c of idx) {
    if (!Number.isInteger(c) || c < 0 || c >= a.cols) {
      throw new LinalgArgumentError(`columns: index must be an integer in [0, ${a.cols}); got ${c}`);
    }
  }
  const out = cmatrix(a.rows, idx.length);
  for (let r = 0; r < a.rows; r++) {
    idx.forEach((c, j) => {
      out.data[2 * (r * idx.length + j)] = a.data[2 * (r * a.cols + c)];
      out.data[2 * (r * idx.length + j) + 1] = a.data[2 * (r * a.cols + c) + 1];
    });
  }
  return out;
}

/** Column c as a [rows, 1] matrix. */
export function column(a: CMatrix, c: number): CMatrix {
  return columns(a, [c]);
}

/** [A₁ A₂ …]: side by side; all parts need the same row count. */
export function hstack(parts: readonly CMatrix[]): CMatrix {
  if (parts.length === 0) throw new LinalgArgumentError('hstack: expected at least one matrix; got none');
  const rows = parts[0].rows;
  for (const p of parts) {
    if (p.rows !== rows) {
      throw new LinalgShapeError(`hstack: all parts need ${rows} rows; got ${shapeOf(p)}`);
    }
  }
  const cols = parts.reduce((s, p) => s + p.cols, 0);
  const out = cmatrix(rows, cols);
  let c0 = 0;
  for (const p of parts) {
    for (let r = 0; r < rows; r++) {
      out.data.set(p.data.subarray(2 * r * p.cols, 2 * (r + 1) * p.cols), 2 * (r * cols + c0));
    }
    c0 += p.cols;
  }
  return out;
}

/** [A₁; A₂; …]: stacked vertically; all parts need the same column count. */
export function vstack(parts: readonly CMatrix[]): CMatrix {
  if (parts.length === 0) throw new LinalgArgumentError('vstack: expected at least one matrix; got none');
  const cols = parts[0].cols;
  for (const p of parts) {
    if (p.cols !== cols) {
      throw new LinalgShapeError(`vstack: all parts need ${cols} columns; got ${shapeOf(p)}`);
    }
  }
  const out = cmatrix(
    parts.reduce((s, p) => s + p.rows, 0),
    cols,
  );
  let offset = 0;
  for (const p of parts) {
    out.data.set(p.data, offset);
    offset += p.data.length;
  }
  return out;
}

/** Square (or rows×cols) matrix with real diagonal d (rows = cols = d.length unless given). */
export function diagMatrix(d: ArrayLike<number>, rows = d.length, cols = d.length): CMatrix {
  if (d.length > Math.min(rows, cols)) {
    throw new LinalgShapeError(`diagMatrix: ${d.length} diagonal entries do not fit a ${rows}×${cols} matrix`);
  }
  const out = cmatrix(rows, cols);
  for (let i = 0; i < d.length; i++) out.data[2 * (i * cols + i)] = d[i];
  return out;
}

function checkIndex(op: string, a: CMatrix, r: number, c: number): void {
  if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= a.rows || c >= a.cols) {
    throw new LinalgArgumentError(`${op}: index (${r}, ${c}) is outside a ${shapeOf(a)} matrix`);
  }
}
