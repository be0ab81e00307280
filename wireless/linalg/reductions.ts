/** Scalar reductions of a CMatrix: Frobenius norm, trace, largest modulus. */
import type { CMatrix } from './cmatrix.js';
import { assertSquare } from './errors.js';

/** ‖A‖_F² = Σ |a_ij|². */
export function frobeniusNorm2(a: CMatrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i];
  return s;
}

/** ‖A‖_F, scaled by the largest modulus so that very large or small entries neither overflow nor underflow. */
export function frobeniusNorm(a: CMatrix): number {
  const big = maxAbs(a);
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] / big) ** 2;
  return big * Math.sqrt(s);
}

/** tr(A) = Σ a_ii as [re, im]; A must be square. */
export function trace(a: CMatrix): [number, number] {
  assertSquare('trace', a);
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.rows; i++) {
    re += a.data[2 * (i * a.cols + i)];
    im += a.data[2 * (i * a.cols + i) + 1];
  }
  return [re, im];
}

/** max_ij |a_ij| (0 for an empty matrix). */
export function maxAbs(a: CMatrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i += 2) m = Math.max(m, Math.hypot(a.data[i], a.data[i + 1]));
  return m;
}
