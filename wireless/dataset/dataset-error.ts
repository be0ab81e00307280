/**
 * The one error type of the dataset files. `reason` says what was wrong, so callers (and tests) can tell a truncated
 * download from a checksum mismatch or a file made by another generator.
 */
export type DatasetErrorReason =
  'io' | 'truncated' | 'bad-magic' | 'version' | 'header' | 'generator-mismatch' | 'shape' | 'checksum' | 'trailing-bytes' | 'usage';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly reason: DatasetErrorReason,
    message: string,
    readonly path?: string,
  ) {
    super(path ? `${message} (file: ${path})` : message);
  }
}
