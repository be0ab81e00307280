import type { Rng } from '../random/rng.js';

/**
 * Random equiprobable bits and bit-error counting. Bits are Uint8Array 0/1 values, one bit per byte, so that the
 * `[batch, n_bits]` layout used by the BCE losses maps element for element.
 */
export function randomBits(count: number, rng: Rng): Uint8Array {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`randomBits: count must be a non-negative integer; got ${count}`);
  }
  const out = new Uint8Array(count);
  let word = 0;
  for (let i = 0; i < count; i++) {
    if (i % 32 === 0) word = rng.nextUint32();
    out[i] = (word >>> (i % 32)) & 1;
  }
  return out;
}

/** Number of positions where two equally long bit arrays differ (values are compared as 0 vs non-0). */
export function countBitErrors(sent: ArrayLike<number>, received: ArrayLike<number>): number {
  if (sent.length !== received.length) {
    throw new RangeError(`countBitErrors: arrays must have equal length; got ${sent.length} and ${received.length}`);
  }
  let errors = 0;
  for (let i = 0; i < sent.length; i++) if ((sent[i] !== 0) !== (received[i] !== 0)) errors++;
  return errors;
}
