/**
 * Squared-error losses for real or complex predictions (|·|² of the difference: a complex element counts once).
 *
 *   mse(ŷ, y)    mean (or sum) over all elements of |ŷ − y|²  (torch.nn.MSELoss for real inputs)
 *   nmse(ŷ, y)   per sample b (axis 0): Σ |ŷ_b − y_b|² / Σ |y_b|² over all other axes, then the mean over the batch
 *                (the channel-estimation NMSE of HyperRNN, paper 003; report 10·log10 of it in dB)
 */
import { div, sub } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { abs2 } from '../ops/unary.js';
import { ShapeError } from '../errors.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { ANY, defineOps, realOut } from '../ops/op.js';
import { lossShape } from './bce.js';
import { checkSameShape } from './pointwise.js';
import { reduceLoss, type LossOptions } from './reduction.js';

/** Mean squared error |ŷ − y|² over all elements ('mean'), their sum ('sum'), or per element ('none'). */
export function mse(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor<'f32'> {
  checkSameShape('mse', input, target);
  return reduceLoss('mse', abs2(sub(input, target)), options.reduction);
}

/** Normalized MSE per sample (axis 0), reduced over the batch ('mean' default; 'none' gives [batch]). */
export function nmse(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor<'f32'> {
  checkSameShape('nmse', input, target);
  if (input.rank === 0) throw new ShapeError(`nmse: expected [batch, ...] inputs of rank ≥ 1; got ${fmt(input.shape)}`);
  const rows = [input.shape[0], -1];
  const err = sum(abs2(sub(input, target)).reshape(rows), { axis: 1 });
  const ref = sum(abs2(target).reshape(rows), { axis: 1 });
  return reduceLoss('nmse', div(err, ref), options.reduction);
}

/** The registry entries of this family (engine/ops/op.ts): both are composed of recorded ops. */
export const MSE_OPS = defineOps('losses', {
  mse: {
    fn: mse,
    call: ([a, b], options: LossOptions) => mse(a, b, options),
    kernel: null,
    dtypes: ANY,
    outDType: realOut,
    shape: ([s], { reduction }) => lossShape(s, reduction),
    composite: true,
  },
  nmse: {
    fn: nmse,
    call: ([a, b], options: LossOptions) => nmse(a, b, options),
    kernel: null,
    dtypes: ANY,
    outDType: realOut,
    shape: ([s], { reduction }) => lossShape(s.slice(0, 1), reduction),
    composite: true,
  },
});
