/**
 * Typed errors for the float64 linear-algebra layer. Messages follow `<op>: <what>; expected <X>, got <Y>. <fix>`.
 * The wireless layer does not import the engine, so these are separate from the engine's error classes.
 */
export class LinalgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operand shapes do not fit the operation (non-square, mismatched inner dimensions, ...). */
export class LinalgShapeError extends LinalgError {}

/** A solve or inverse met an (numerically) zero pivot. */
export class SingularMatrixError extends LinalgError {}

/** Cholesky met a non-positive pivot: the input is not Hermitian positive definite. */
export class NotPositiveDefiniteError extends LinalgError {}

/** An iterative decomposition (Jacobi sweeps) did not converge within its sweep budget. */
export class ConvergenceError extends LinalgError {}

/** Invalid scalar argument (negative tolerance, non-integer count, ...). */
export class LinalgArgumentError extends LinalgError {}

export function shapeOf(m: { rows: number; cols: number }): string {
  return `${m.rows}×${m.cols}`;
}

export function assertSquare(op: string, m: { rows: number; cols: number }): void {
  if (m.rows !== m.cols) throw new LinalgShapeError(`${op}: expected a square matrix, got ${shapeOf(m)}`);
}
