import { PhasorError } from '../errors.js';

/** An invalid optimizer hyperparameter or gradient list (names the optimizer and the offending value). */
export class OptimizerError extends PhasorError {}
