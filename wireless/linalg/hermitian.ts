/** Hermitian-ness check shared by the Hermitian-only routines (eigh, log-det helpers). */
import type { CMatrix } from './cmatrix.js';
import { LinalgArgumentError, assertSquare } from './errors.js';
import { maxAbs } from './reductions.js';

/** max_ij |a_ij − conj(a_ji)|, the distance from Hermitian. */
export function hermitianDefect(a: CMatrix): number {
  assertSquare('hermitianDefect', a);
  const n = a.rows;
  let d = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = 2 * (i * n + j);
      const y = 2 * (j * n + i);
      d = Math.max(d, Math.hypot(a.data[x] - a.data[y], a.data[x + 1] + a.data[y + 1]));
    }
  }
  return d;
}

/**
 * Throws unless A is Hermitian to √ε relative to max|a_ij|: products such as B Bᴴ computed in floating point are
 * Hermitian only up to rounding, so exact symmetry cannot be demanded.
 */
export function assertHermitian(op: string, a: CMatrix): void {
  assertSquare(op, a);
  const defect = hermitianDefect(a);
  const allowed = Math.sqrt(Number.EPSILON) * maxAbs(a);
  if (defect > allowed) {
    throw new LinalgArgumentError(`${op}: expected a Hermitian matrix; max|a_ij − conj(a_ji)| = ${defect.toExponential(3)} > ${allowed.toExponential(3)}`);
  }
}
