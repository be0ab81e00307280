/**
 * Binary element-wise arithmetic with NumPy broadcasting, for real, complex and mixed real×complex operands.
 * Kernel: shaders/elementwise/binary.wgsl (one pipeline per op × dtype combination).
 */
import { promote, type DType, type Promote } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { full } from '../tensor/create.js';
import { buffersOf, coalesce, launch1d, pack8, requireDType } from './launch.js';
import { attachGrad } from '../autodiff/graph.js';
import { cj, gradFor } from '../autodiff/unbroadcast.js';
// `complex` names its parameters re and im
import { im as imagPart, neg, re as realPart } from './unary.js';

const BINARY_OP = { add: 0, sub: 1, mul: 2, div: 3, complex: 4 } as const;
type BinaryOp = keyof typeof BINARY_OP;

function binary<A extends DType, B extends DType, O extends DType>(op: BinaryOp, a: Tensor<A>, b: Tensor<B>, outDType: O): Tensor<O> {
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = Tensor.empty(shape, outDType, op);
  const buffers = buffersOf(op, { a, b, out });
  const same = sameShape(a.shape, shape) && sameShape(b.shape, shape);
  const c = coalesce(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
  launch1d(
    'elementwise/binary',
    out.size,
    buffers,
    { n: out.size, rank: c.shape.length, shape: pack8(op, c.shape), stride_a: pack8(op, c.strides[0]), stride_b: pack8(op, c.strides[1]) },
    {
      OP: BINARY_OP[op],
      A_COMPLEX: Number(a.dtype === 'c64'),
      B_COMPLEX: Number(b.dtype === 'c64'),
      OUT_COMPLEX: Number(outDType === 'c64'),
      SAME_SHAPE: Number(same),
    },
  );
  return out;
}

export function add<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  const out = binary('add', a, b, promote(a.dtype, b.dtype));
  return attachGrad('add', out, [a, b], (g) => [gradFor(g, a), gradFor(g, b)]);
}

export function sub<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  const out = binary('sub', a, b, promote(a.dtype, b.dtype));
  return attachGrad('sub', out, [a, b], (g) => [gradFor(g, a), gradFor(neg(g), b)]);
}

export function mul<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  const out = binary('mul', a, b, promote(a.dtype, b.dtype));
  // holomorphic in each factor: grad_a = g · conj(b), grad_b = g · conj(a)
  return attachGrad('mul', out, [a, b], (g) => [gradFor(mul(g, cj(b)), a), gradFor(mul(g, cj(a)), b)]);
}

export function div<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  const out = binary('div', a, b, promote(a.dtype, b.dtype));
  // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −out/b: grad_a = g / conj(b), grad_b = −g · conj(out) / conj(b)
  return attachGrad('div', out, [a, b], (g) => {
    const gb = div(g, cj(b));
    return [gradFor(gb, a), gradFor(neg(mul(gb, cj(out))), b)];
  });
}

/** re + j·im from two real tensors (broadcast). */
export function complex(re: Tensor<'f32'>, im: Tensor<'f32'>): Tensor<'c64'> {
  requireDType('complex', re, 'f32');
  requireDType('complex', im, 'f32');
  const out = binary('complex', re, im, 'c64');
  return attachGrad('complex', out, [re, im], (g) => [gradFor(realPart(g), re), gradFor(imagPart(g), im)]);
}

/**
 * a · s for a real scalar s (the result keeps a's dtype: a real tensor stays real) or a complex scalar s = [re, im]
 * (the result is complex).
 */
export function scale<D extends DType>(a: Tensor<D>, s: number): Tensor<D>;
export function scale(a: Tensor, s: readonly [number, number]): Tensor<'c64'>;
export function scale<D extends DType>(a: Tensor<D>, s: number | readonly [number, number]): Tensor<D | 'c64'>;
export function scale(a: Tensor, s: number | readonly [number, number]): Tensor {
  const k = full([], s);
  let out: Tensor;
  try {
    out = binary('mul', a, k, promote(a.dtype, k.dtype));
  } finally {
    k.dispose();
  }
  // grad_a = g · conj(s); Re of it for a real a
  const sConj: number | [number, number] = typeof s === 'number' ? s : [s[0], -s[1]];
  return attachGrad('scale', out, [a], (g) => [gradFor(scale(g, sConj), a)]);
}
