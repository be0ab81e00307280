import { PhasorError } from '../errors.js';

/** A checkpoint file is malformed, or does not hold the tensors (names, shapes, dtypes) the caller expects. */
export class CheckpointError extends PhasorError {}
