/** How a loss turns its per-element (or per-sample) values into the returned tensor. */
import { mean, sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * 'mean' (default): the average over all elements (per-sample losses: over the batch); 'sum': their sum;
 * 'none': the unreduced values.
 */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  reduction?: Reduction;
}

/** Applies `reduction` to a real tensor of loss values. */
export function reduceLoss(op: string, values: Tensor<'f32'>, reduction: Reduction = 'mean'): Tensor<'f32'> {
  switch (reduction) {
    case 'mean':
      return mean(values);
    case 'sum':
      return sum(values);
    case 'none':
      return values;
    default:
      throw new RangeError(`${op}: reduction must be 'mean', 'sum' or 'none'; got ${JSON.stringify(reduction)}`);
  }
}
