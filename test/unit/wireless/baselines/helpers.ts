/** Small checks shared by the baseline tests. */
import { cmatrix, type CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import type { Rng } from '../../../../wireless/random/rng.js';

/** max_ij ||a_ij| − value|: how far the entries are from constant modulus `value`. */
export function modulusDeviation(a: CMatrix, value: number): number {
  let d = 0;
  for (let i = 0; i < a.data.length; i += 2) d = Math.max(d, Math.abs(Math.hypot(a.data[i], a.data[i + 1]) - value));
  return d;
}

/** Entries i.i.d. CN(0, 1). */
export function gaussianMatrix(rng: Rng, rows: number, cols: number): CMatrix {
  const m = cmatrix(rows, cols);
  for (let i = 0; i < rows * cols; i++) [m.data[2 * i], m.data[2 * i + 1]] = rng.complexNormal();
  return m;
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}
