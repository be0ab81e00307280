/**
 * Binary element-wise arithmetic with NumPy broadcasting, for real, complex and mixed real×complex operands.
 * Kernel: shaders/elementwise/binary.wgsl (one pipeline per op × dtype combination); the ops' registry entries are
 * ELEMENTWISE_OPS at the end of this file.
 */
import { promote, type DType, type Promote } from '../tensor/dtype.js';
import { broadcastShapes, broadcastStrides, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { full } from '../tensor/create.js';
import { buffersOf, coalesce, launch1d, pack8 } from './launch.js';
import { cj, gradFor } from '../autodiff/unbroadcast.js';
import { ANY, REAL, broadcastRule, complexOut, defineOps, ops, promoted, sameShapeRule, type Op, type VjpContext } from './op.js';

declare module './op.js' {
  interface OpFunctions {
    add: typeof add;
    sub: typeof sub;
    mul: typeof mul;
    div: typeof div;
    complex: typeof complex;
    scale: typeof scale;
  }
}

const KERNEL = 'elementwise/binary';

function binary<O extends DType>(op: Op, a: Tensor, b: Tensor, outDType: O): Tensor<O> {
  const name = op.name;
  const shape = broadcastShapes(name, a.shape, b.shape);
  const out = Tensor.empty(shape, outDType, name);
  const buffers = buffersOf(name, { a, b, out });
  const same = sameShape(a.shape, shape) && sameShape(b.shape, shape);
  const c = coalesce(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
  launch1d(
    KERNEL,
    out.size,
    buffers,
    { n: out.size, rank: c.shape.length, shape: pack8(name, c.shape), stride_a: pack8(name, c.strides[0]), stride_b: pack8(name, c.strides[1]) },
    {
      OP: op.selector,
      A_COMPLEX: Number(a.dtype === 'c64'),
      B_COMPLEX: Number(b.dtype === 'c64'),
      OUT_COMPLEX: Number(outDType === 'c64'),
      SAME_SHAPE: Number(same),
    },
  );
  return out;
}

/** One of add, sub, mul, div: checked, launched, its VJP attached. */
function arithmetic<A extends DType, B extends DType>(op: Op, a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  op.check([a, b]);
  return op.attach(binary(op, a, b, promote(a.dtype, b.dtype)), [a, b]);
}

export function add<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  return arithmetic(ELEMENTWISE_OPS.add, a, b);
}

export function sub<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  return arithmetic(ELEMENTWISE_OPS.sub, a, b);
}

export function mul<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  return arithmetic(ELEMENTWISE_OPS.mul, a, b);
}

export function div<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>): Tensor<Promote<A, B>> {
  return arithmetic(ELEMENTWISE_OPS.div, a, b);
}

/** re + j·im from two real tensors (broadcast). */
export function complex(re: Tensor<'f32'>, im: Tensor<'f32'>): Tensor<'c64'> {
  const op = ELEMENTWISE_OPS.complex;
  op.check([re, im]);
  return op.attach(binary(op, re, im, 'c64'), [re, im]);
}

/**
 * a · s for a real scalar s (the result keeps a's dtype: a real tensor stays real) or a complex scalar s = [re, im]
 * (the result is complex).
 */
export function scale<D extends DType>(a: Tensor<D>, s: number): Tensor<D>;
export function scale(a: Tensor, s: readonly [number, number]): Tensor<'c64'>;
export function scale<D extends DType>(a: Tensor<D>, s: number | readonly [number, number]): Tensor<D | 'c64'>;
export function scale(a: Tensor, s: number | readonly [number, number]): Tensor {
  const op = ELEMENTWISE_OPS.scale;
  op.check([a]);
  const k = full([], s);
  let out: Tensor;
  try {
    out = binary(op, a, k, promote(a.dtype, k.dtype));
  } finally {
    k.dispose();
  }
  return op.attach(out, [a], s);
}

const binaryKernel = (selector: string) => ({ shader: KERNEL, selector });

/** The registry entries of this family (engine/ops/op.ts). */
export const ELEMENTWISE_OPS = defineOps('elementwise', {
  add: {
    fn: add,
    call: ([a, b]) => add(a, b),
    kernel: binaryKernel('OP_ADD'),
    dtypes: ANY,
    outDType: promoted,
    shape: broadcastRule,
    vjp: (g, { inputs: [a, b] }) => [gradFor(g, a), gradFor(g, b)],
  },
  sub: {
    fn: sub,
    call: ([a, b]) => sub(a, b),
    kernel: binaryKernel('OP_SUB'),
    dtypes: ANY,
    outDType: promoted,
    shape: broadcastRule,
    vjp: (g, { inputs: [a, b] }) => [gradFor(g, a), gradFor(ops.neg(g), b)],
  },
  mul: {
    fn: mul,
    call: ([a, b]) => mul(a, b),
    kernel: binaryKernel('OP_MUL'),
    dtypes: ANY,
    outDType: promoted,
    shape: broadcastRule,
    // holomorphic in each factor: grad_a = g · conj(b), grad_b = g · conj(a)
    vjp: (g, { inputs: [a, b] }) => [gradFor(mul(g, cj(b)), a), gradFor(mul(g, cj(a)), b)],
  },
  div: {
    fn: div,
    call: ([a, b]) => div(a, b),
    kernel: binaryKernel('OP_DIV'),
    dtypes: ANY,
    outDType: promoted,
    shape: broadcastRule,
    // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −out/b: grad_a = g / conj(b), grad_b = −g · conj(out) / conj(b)
    vjp: (g, { inputs: [a, b], out }) => {
      const gb = div(g, cj(b));
      return [gradFor(gb, a), gradFor(ops.neg(mul(gb, cj(out))), b)];
    },
  },
  complex: {
    fn: complex,
    call: ([re, im]) => complex(re as Tensor<'f32'>, im as Tensor<'f32'>),
    kernel: binaryKernel('OP_COMPLEX'),
    dtypes: REAL,
    outDType: complexOut,
    shape: broadcastRule,
    vjp: (g, { inputs: [re, im] }) => [gradFor(ops.re(g), re), gradFor(ops.im(g), im)],
  },
  scale: {
    fn: scale,
    call: ([a], { s }: { s: number | readonly [number, number] }) => scale(a, s),
    kernel: binaryKernel('OP_MUL'),
    dtypes: ANY,
    outDType: (d, { s }) => (typeof s === 'number' ? d[0] : 'c64'),
    shape: sameShapeRule,
    // grad_a = g · conj(s); Re of it for a real a
    vjp: (g, { inputs: [a], saved: s }: VjpContext<number | readonly [number, number]>) => [gradFor(scale(g, typeof s === 'number' ? s : [s[0], -s[1]]), a)],
  },
});
