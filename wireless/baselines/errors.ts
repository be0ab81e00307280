/** Argument errors of the baseline algorithms (`<op>: <what>; expected <X>, got <Y>`). */
export class BaselineArgumentError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineArgumentError';
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function checkCount(op: string, name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BaselineArgumentError(`${op}: ${name} must be an integer in [${min}, ${max}]; got ${value}`);
  }
}
