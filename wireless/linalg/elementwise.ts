/** Entry-wise operations on CMatrix (row-major interleaved re/im, see cmatrix.ts). All return new matrices. */
import { cmatrix, type CMatrix } from './cmatrix.js';
import { LinalgShapeError, shapeOf } from './errors.js';

/** A complex scalar as [re, im], or a real number. */
export type Scalar = number | readonly [number, number];

function assertSameShape(op: string, a: CMatrix, b: CMatrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new LinalgShapeError(`${op}: operands must have the same shape; got ${shapeOf(a)} and ${shapeOf(b)}`);
  }
}

export function clone(a: CMatrix): CMatrix {
  return cmatrix(a.rows, a.cols, a.data);
}

/** A + B. */
export function add(a: CMatrix, b: CMatrix): CMatrix {
  assertSameShape('add', a, b);
  const out = cmatrix(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] + b.data[i];
  return out;
}

/** A − B. */
export function sub(a: CMatrix, b: CMatrix): CMatrix {
  assertSameShape('sub', a, b);
  const out = cmatrix(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] - b.data[i];
  return out;
}

/** s·A for a real or complex scalar s. */
export function scale(a: CMatrix, s: Scalar): CMatrix {
  const [sr, si] = typeof s === 'number' ? [s, 0] : s;
  const out = cmatrix(a.rows, a.cols);
  const d = a.data;
  for (let i = 0; i < d.length; i += 2) {
    out.data[i] = sr * d[i] - si * d[i + 1];
    out.data[i + 1] = sr * d[i + 1] + si * d[i];
  }
  return out;
}

/** Entry-wise complex conjugate A*. */
export function conj(a: CMatrix): CMatrix {
  const out = clone(a);
  for (let i = 1; i < out.data.length; i += 2) out.data[i] = -out.data[i];
  return out;
}

/** Entry-wise |a_ij|² as a real array in row-major order (length rows·cols). */
export function abs2(a: CMatrix): Float64Array {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < out.length; i++) out[i] = a.data[2 * i] ** 2 + a.data[2 * i + 1] ** 2;
  return out;
}

/**
 * Unit-modulus projection e^{j∠a_ij} (the analog phase-shifter constraint |[F_RF]_ij| = 1).
 * A zero entry has no phase; it maps to 1 (any unit value is an equally good projection).
 */
export function unitModulus(a: CMatrix): CMatrix {
  const out = cmatrix(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i += 2) {
    const re = a.data[i];
    const im = a.data[i + 1];
    const r = Math.hypot(re, im);
    if (r === 0) {
      out.data[i] = 1;
    } else {
      out.data[i] = re / r;
      out.data[i + 1] = im / r;
    }
  }
  return out;
}
