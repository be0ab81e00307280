/** Errors of the JCAS helpers (`<op>: <what>; expected <X>, got <Y>`). */

/** A bad argument (shape, count, range) passed to a wireless/jcas function. */
export class JcasArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'JcasArgumentError';
  }
}

/** A benchmark-covariance cache file that is corrupt or belongs to another setting; it is refused, never used. */
export class BenchmarkCacheError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'BenchmarkCacheError';
  }
}
