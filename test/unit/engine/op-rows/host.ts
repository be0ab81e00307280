/** Float64 host arithmetic for the op references: complex scalars, indexing, broadcasting, small matrices, Philox. */
import type { DType, Shape } from '../../../../engine/index.js';
import type { HostInput, OutputSpec } from './types.js';

export type C = [number, number];

export const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Element i of a host input as a complex number (imaginary part 0 for f32). */
export function at(x: HostInput, i: number): C {
  return x.dtype === 'c64' ? [x.data[2 * i], x.data[2 * i + 1]] : [x.data[i], 0];
}

/** Values of `n` output elements as the device lays them out: interleaved for c64, real parts for f32. */
export function emit(n: number, dtype: DType, value: (i: number) => C): Float64Array {
  const out = new Float64Array(dtype === 'c64' ? 2 * n : n);
  for (let i = 0; i < n; i++) {
    const v = value(i);
    if (dtype === 'c64') out.set(v, 2 * i);
    else out[i] = v[0];
  }
  return out;
}

export const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
export const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
export const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
export const cconj = (a: C): C => [a[0], -a[1]];
export const cabs2 = (a: C): number => a[0] * a[0] + a[1] * a[1];
export function cdiv(a: C, b: C): C {
  const d = cabs2(b);
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
}

/** Row-major multi-index of flat index i in `shape`. */
export function unravel(i: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

/** Flat index in `shape` of an output multi-index, NumPy broadcasting (trailing alignment, size-1 axes repeat). */
export function broadcastIndex(idx: readonly number[], shape: Shape): number {
  let flat = 0;
  const lead = idx.length - shape.length;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] === 1 ? 0 : idx[lead + d]);
  return flat;
}

/** An element-wise function of one input. */
export function pointwise(f: (z: C) => C) {
  return ([x]: HostInput[], _attrs: unknown, out: OutputSpec) => emit(size(out.shape), out.dtype, (i) => f(at(x, i)));
}

/** An element-wise function of two broadcast inputs. */
export function binary(f: (a: C, b: C) => C) {
  return ([a, b]: HostInput[], _attrs: unknown, out: OutputSpec) =>
    emit(size(out.shape), out.dtype, (i) => {
      const idx = unravel(i, out.shape);
      return f(at(a, broadcastIndex(idx, a.shape)), at(b, broadcastIndex(idx, b.shape)));
    });
}

/** A complex matrix [rows, cols] in float64. */
export interface HostMatrix {
  rows: number;
  cols: number;
  d: C[];
}

/** Matrix `b` of a batch [..., rows, cols] (batch index in the input's own batch shape). */
export function matrixOf(x: HostInput, b: number): HostMatrix {
  const [rows, cols] = x.shape.slice(-2);
  return { rows, cols, d: Array.from({ length: rows * cols }, (_, e) => at(x, b * rows * cols + e)) };
}

export function matmul(a: HostMatrix, b: HostMatrix): HostMatrix {
  const d: C[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let acc: C = [0, 0];
      for (let k = 0; k < a.cols; k++) acc = cadd(acc, cmul(a.d[i * a.cols + k], b.d[k * b.cols + j]));
      d.push(acc);
    }
  }
  return { rows: a.rows, cols: b.cols, d };
}

/** Transpose, conjugated when asked. */
export function transposed(a: HostMatrix, conjugate = false): HostMatrix {
  const d: C[] = [];
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) d.push(conjugate ? cconj(a.d[i * a.cols + j]) : a.d[i * a.cols + j]);
  return { rows: a.cols, cols: a.rows, d };
}

/** A⁻¹B by Gaussian elimination with partial pivoting. */
export function solve(a: HostMatrix, b: HostMatrix): HostMatrix {
  const n = a.rows;
  const A = a.d.map((v) => [...v] as C);
  const X = b.d.map((v) => [...v] as C);
  const m = b.cols;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (cabs2(A[i * n + k]) > cabs2(A[p * n + k])) p = i;
    for (let j = 0; j < n; j++) [A[k * n + j], A[p * n + j]] = [A[p * n + j], A[k * n + j]];
    for (let j = 0; j < m; j++) [X[k * m + j], X[p * m + j]] = [X[p * m + j], X[k * m + j]];
    for (let i = k + 1; i < n; i++) {
      const l = cdiv(A[i * n + k], A[k * n + k]);
      for (let j = k; j < n; j++) A[i * n + j] = csub(A[i * n + j], cmul(l, A[k * n + j]));
      for (let j = 0; j < m; j++) X[i * m + j] = csub(X[i * m + j], cmul(l, X[k * m + j]));
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < m; j++) {
      let s = X[i * m + j];
      for (let k = i + 1; k < n; k++) s = csub(s, cmul(A[i * n + k], X[k * m + j]));
      X[i * m + j] = cdiv(s, A[i * n + i]);
    }
  }
  return { rows: n, cols: m, d: X };
}

/** Concatenated matrices as device output (interleaved for c64). */
export function emitMatrices(ms: HostMatrix[], dtype: DType): Float64Array {
  const all = ms.flatMap((m) => m.d);
  return emit(all.length, dtype, (i) => all[i]);
}

// ---- Philox4x32-10 (Random123 philox.h), in BigInt-exact arithmetic ------------------------------------------------

export function philox(counter: readonly number[], key: readonly number[]): number[] {
  const mulhilo = (a: number, b: number): [number, number] => {
    const p = BigInt(a) * BigInt(b);
    return [Number(p >> 32n), Number(p & 0xffffffffn)];
  };
  let c = [...counter];
  const k = [...key];
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k[0] = (k[0] + 0x9e3779b9) >>> 0;
      k[1] = (k[1] + 0xbb67ae85) >>> 0;
    }
    const [hi0, lo0] = mulhilo(0xd2511f53, c[0]);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c[2]);
    c = [(hi1 ^ c[1] ^ k[0]) >>> 0, lo1, (hi0 ^ c[3] ^ k[1]) >>> 0, lo0];
  }
  return c;
}

/** `n` words of the stream from 128-bit `counter` (4 words per block, carries propagated) under `key`. */
export function philoxWords(n: number, counter: readonly number[], key: readonly number[]): number[] {
  const out: number[] = [];
  const c = [...counter];
  while (out.length < n) {
    out.push(...philox(c, key));
    for (let w = 0; w < 4; w++) {
      c[w] = (c[w] + 1) >>> 0;
      if (c[w] !== 0) break;
    }
  }
  return out.slice(0, n);
}

/** (low word, high word) of a non-negative safe integer. */
export const split64 = (v: number): [number, number] => [v % 2 ** 32, Math.floor(v / 2 ** 32)];

/** The float32 value of a number (what the device holds for a uniform parameter). */
export const f32 = (v: number) => Math.fround(v);
