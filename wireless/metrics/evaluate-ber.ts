import { wilsonInterval, type ProportionInterval } from './wilson-interval.js';

/** One batch of a BER simulation: how many bits were sent and how many of them were wrong. */
export interface BerCount {
  readonly errors: number;
  readonly bits: number;
}

export interface EvaluateBerOptions {
  /** stop once at least this many bit errors were counted (typical 100–1000) */
  readonly minErrors: number;
  /** stop once this many bits were simulated, whatever the error count */
  readonly maxBits: number;
  /** level of the Wilson interval in the result; default 0.95 */
  readonly confidence?: number;
  /** called after every step with the running totals (e.g. to drive a progress bar) */
  readonly onProgress?: (totals: BerCount & { readonly steps: number }) => void;
}

export interface BerResult extends ProportionInterval {
  readonly errors: number;
  readonly bits: number;
  readonly steps: number;
  /** why the loop ended: enough errors, or the bit budget ran out first */
  readonly stoppedBy: 'errors' | 'budget';
}

/**
 * Monte-Carlo BER: calls `step` (one batch: modulate, transmit, detect, count) until `minErrors` errors or `maxBits`
 * bits have accumulated, then returns the BER k/n with its Wilson interval. `step` may be synchronous or return a
 * Promise (GPU batches); steps run one after another, never concurrently. The last batch is counted whole, so the
 * totals can overshoot the thresholds by one batch.
 * @param step receives the 0-based step index
 */
export async function evaluateBer(step: (index: number) => BerCount | Promise<BerCount>, options: EvaluateBerOptions): Promise<BerResult> {
  const { minErrors, maxBits } = options;
  if (!(Number.isInteger(minErrors) && minErrors >= 1)) {
    throw new RangeError(`evaluateBer: minErrors must be a positive integer; got ${minErrors}`);
  }
  if (!(Number.isFinite(maxBits) && maxBits >= 1)) {
    throw new RangeError(`evaluateBer: maxBits must be a positive finite number; got ${maxBits}`);
  }
  let errors = 0;
  let bits = 0;
  let steps = 0;
  while (errors < minErrors && bits < maxBits) {
    const count = await step(steps);
    if (!Number.isInteger(count.bits) || count.bits <= 0) {
      throw new RangeError(`evaluateBer: step ${steps} must report a positive integer bit count; got ${count.bits}`);
    }
    if (!Number.isInteger(count.errors) || count.errors < 0 || count.errors > count.bits) {
      throw new RangeError(`evaluateBer: step ${steps} reported ${count.errors} errors for ${count.bits} bits; expected an integer in [0, bits]`);
    }
    errors += count.errors;
    bits += count.bits;
    steps++;
    options.onProgress?.({ errors, bits, steps });
  }
  const interval = wilsonInterval(errors, bits, options.confidence ?? 0.95);
  return { ...interval, errors, bits, steps, stoppedBy: errors >= minErrors ? 'errors' : 'budget' };
}
