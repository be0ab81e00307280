/**
 * Shape and dtype plumbing shared by the VJP rules of the op families. Everything here is written with
 * differentiable ops, so a rule that uses it can be differentiated again (createGraph).
 *
 *   unbroadcast(g, shape)  sums g over the axes broadcasting added or stretched (the transpose of broadcasting)
 *   gradFor(g, input)      the gradient an input receives: Re(g) for a real input fed a complex rule (PyTorch's
 *                          convention), summed to the input's shape
 *   broadcastTo(g, shape)  g expanded to `shape` (the transpose of a reduction)
 *   cj(t)                  conj(t) for c64, t itself for f32 (no copy)
 *   zeroMask(t)            1 where t = 0, else 0, for a non-negative real t; not recorded (its derivative is 0 a.e.)
 */
import { ShapeError } from '../errors.js';
// the ops come from the registry (engine/ops/op.ts): the op families import this file
import { ops } from '../ops/op.js';
import { full, zeros } from '../tensor/create.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from './graph.js';

/**
 * g (of a broadcast result's shape) summed back to `shape`: over the leading axes broadcasting prepended, and with
 * keepdims over every axis where `shape` has 1 and g does not. Returns a new tensor or a view, never g itself.
 */
export function unbroadcast<D extends DType>(g: Tensor<D>, shape: Shape): Tensor<D> {
  if (sameShape(g.shape, shape)) return g.reshape(shape);
  const lead = g.rank - shape.length;
  if (lead < 0 || shape.some((d, i) => d !== 1 && d !== g.shape[lead + i])) {
    throw new ShapeError(`unbroadcast: a ${fmt(g.shape)} gradient cannot be summed to ${fmt(shape)}; expected ${fmt(shape)} to broadcast to it`);
  }
  let t: Tensor<D> = g;
  if (lead > 0) {
    // one reduction over all prepended axes at once
    t = ops.sum(g.reshape([sizeOf(g.shape.slice(0, lead)), ...g.shape.slice(lead)]), { axis: 0 });
  }
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1 && t.shape[i] !== 1) t = ops.sum(t, { axis: i, keepdims: true });
  }
  return t.reshape(shape);
}

/** The gradient for `input` from a rule's value g: the real part for a real input, summed to the input's shape. */
export function gradFor(g: Tensor, input: Tensor): Tensor {
  const own = input.dtype === 'f32' && g.dtype === 'c64' ? ops.re(g) : g;
  return unbroadcast(own, input.shape);
}

/** g expanded (NumPy broadcasting) to `shape`, as zeros(shape) + g: its VJP is `unbroadcast`. */
export function broadcastTo<D extends DType>(g: Tensor<D>, shape: Shape): Tensor<D> {
  return ops.add(zeros(shape, g.dtype), g) as unknown as Tensor<D>;
}

/** conj(t) for a complex tensor; a real tensor itself (conj would copy it). */
export function cj<D extends DType>(t: Tensor<D>): Tensor<D> {
  return t.dtype === 'c64' ? ops.conj(t) : t;
}

/** 1 where t = 0 and 0 where t > 0, for a real t ≥ 0 (moduli, norms): 1 − sign(t). A constant for autodiff. */
export function zeroMask(t: Tensor<'f32'>): Tensor<'f32'> {
  return noGrad(() => ops.sub(full([], 1), ops.sign(t)));
}

/** t with its zeros replaced by ones: a safe divisor where the numerator vanishes with t (z/|z| at z = 0 → 0). */
export function safeDivisor(t: Tensor<'f32'>): Tensor<'f32'> {
  return ops.add(t, zeroMask(t));
}
