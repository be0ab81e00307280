/** Element types: real float32, and complex64 stored as interleaved (re, im) float32 pairs. */
export type DType = 'f32' | 'c64';

/** Float32 words per element. */
export function wordsPer(dtype: DType): number {
  return dtype === 'c64' ? 2 : 1;
}

export function bytesPer(dtype: DType): number {
  return 4 * wordsPer(dtype);
}

/** Result dtype of a binary op: complex if either side is complex. */
export type Promote<A extends DType, B extends DType> = A extends 'c64' ? 'c64' : B extends 'c64' ? 'c64' : 'f32';

export function promote<A extends DType, B extends DType>(a: A, b: B): Promote<A, B> {
  return (a === 'c64' || b === 'c64' ? 'c64' : 'f32') as Promote<A, B>;
}
