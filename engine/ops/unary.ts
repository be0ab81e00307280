/**
 * Unary element-wise ops: complex parts (re, im, conj), modulus and phase (abs, abs2, angle), real functions
 * (neg, exp, sqrt, sign), the unit-modulus map c·e^{jφ}, and copy.
 * Kernel: shaders/elementwise/unary.wgsl (one pipeline per op × input/output dtype); the ops' registry entries are
 * UNARY_OPS at the end of this file.
 *
 * Output dtypes: re, im, abs, abs2, angle → f32 for either input; conj, neg, exp, copy keep the input dtype;
 * sqrt and sign take and return f32; unitModulus takes f32 phases and returns c64.
 */
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d } from './launch.js';
import { noGrad } from '../autodiff/graph.js';
import { cj, safeDivisor } from '../autodiff/unbroadcast.js';
import { zeros } from '../tensor/create.js';
import { ANY, REAL, complexOut, defineOps, ops, realOut, sameDType, sameShapeRule, type Op, type VjpContext } from './op.js';

declare module './op.js' {
  interface OpFunctions {
    re: typeof re;
    im: typeof im;
    conj: typeof conj;
    abs: typeof abs;
    abs2: typeof abs2;
    neg: typeof neg;
    exp: typeof exp;
    sign: typeof sign;
  }
}

const KERNEL = 'elementwise/unary';

/** Checks x, runs the op's branch of the kernel, attaches its VJP. */
function unary<O extends DType>(op: Op, x: Tensor, outDType: O, alpha = 0): Tensor<O> {
  op.check([x]);
  const out = Tensor.empty(x.shape, outDType, op.name);
  launch1d(
    KERNEL,
    x.size,
    buffersOf(op.name, { x, out }),
    { n: x.size, alpha },
    { OP: op.selector, IN_COMPLEX: Number(x.dtype === 'c64'), OUT_COMPLEX: Number(outDType === 'c64') },
  );
  return op.attach(out, [x]);
}

/** A contiguous clone (new buffer) of x. */
export function copy<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary(UNARY_OPS.copy, x, x.dtype);
}

/** Real part: Re z for c64, x itself (copied) for f32. */
export function re(x: Tensor): Tensor<'f32'> {
  return unary(UNARY_OPS.re, x, 'f32');
}

/** Imaginary part: Im z for c64, zeros for f32. */
export function im(x: Tensor): Tensor<'f32'> {
  return unary(UNARY_OPS.im, x, 'f32');
}

/** Complex conjugate z* (c64); a copy for f32. */
export function conj<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary(UNARY_OPS.conj, x, x.dtype);
}

/** Modulus |z| (computed without overflow of re² + im²); |x| for f32. */
export function abs(x: Tensor): Tensor<'f32'> {
  return unary(UNARY_OPS.abs, x, 'f32');
}

/** Squared modulus |z|² = re² + im²; x² for f32. */
export function abs2(x: Tensor): Tensor<'f32'> {
  return unary(UNARY_OPS.abs2, x, 'f32');
}

/** Phase arg z in (−π, π] (arg 0 = 0); for f32, π where x < 0 and 0 elsewhere. */
export function angle(x: Tensor): Tensor<'f32'> {
  return unary(UNARY_OPS.angle, x, 'f32');
}

/** −x. */
export function neg<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary(UNARY_OPS.neg, x, x.dtype);
}

/** e^x; for c64, e^{a+jb} = e^a (cos b + j sin b). */
export function exp<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary(UNARY_OPS.exp, x, x.dtype);
}

/** √x of a real tensor (NaN or an unspecified value where x < 0, as WGSL leaves it). */
export function sqrt(x: Tensor<'f32'>): Tensor<'f32'> {
  return unary(UNARY_OPS.sqrt, x, 'f32');
}

/** −1, 0 or +1 by the sign of each element of a real tensor. */
export function sign(x: Tensor<'f32'>): Tensor<'f32'> {
  return unary(UNARY_OPS.sign, x, 'f32');
}

/**
 * c·e^{jφ} element-wise: real phases φ (radians) → complex values of modulus |c| (phase-shifter weights).
 * φ is reduced to [−π, π] before cos/sin, where GPU implementations are accurate.
 */
export function unitModulus(phi: Tensor<'f32'>, c = 1): Tensor<'c64'> {
  return unary(UNARY_OPS.unitModulus, phi, 'c64', c);
}

const unaryKernel = (selector: string) => ({ shader: KERNEL, selector });
const one = ([x]: Tensor[]) => x;

/** The registry entries of this family (engine/ops/op.ts). */
export const UNARY_OPS = defineOps('unary', {
  copy: {
    fn: copy,
    call: (xs) => copy(one(xs)),
    kernel: unaryKernel('OP_COPY'),
    dtypes: ANY,
    outDType: sameDType,
    shape: sameShapeRule,
    vjp: (g) => [g.reshape(g.shape)],
  },
  re: {
    fn: re,
    call: (xs) => re(one(xs)),
    kernel: unaryKernel('OP_RE'),
    dtypes: ANY,
    outDType: realOut,
    shape: sameShapeRule,
    // Re z = x: grad = g + 0j (a real x receives g)
    vjp: (g, { inputs: [x] }) => [x.dtype === 'c64' ? ops.complex(g as Tensor<'f32'>, zeros(g.shape)) : g.reshape(g.shape)],
  },
  im: {
    fn: im,
    call: (xs) => im(one(xs)),
    kernel: unaryKernel('OP_IM'),
    dtypes: ANY,
    outDType: realOut,
    shape: sameShapeRule,
    // Im z = y: grad = 0 + jg; zero for a real x (Im x ≡ 0)
    vjp: (g, { inputs: [x] }) => [x.dtype === 'c64' ? ops.complex(zeros(g.shape), g as Tensor<'f32'>) : zeros(x.shape)],
  },
  conj: {
    fn: conj,
    call: (xs) => conj(one(xs)),
    kernel: unaryKernel('OP_CONJ'),
    dtypes: ANY,
    outDType: sameDType,
    shape: sameShapeRule,
    // w = x − jy: ∂L/∂x = ∂L/∂Re w, ∂L/∂y = −∂L/∂Im w, so grad_z = conj(g)
    vjp: (g) => [conj(g)],
  },
  abs: {
    fn: abs,
    call: (xs) => abs(one(xs)),
    kernel: unaryKernel('OP_ABS'),
    dtypes: ANY,
    outDType: realOut,
    shape: sameShapeRule,
    // ∂|z|/∂x = x/|z|, ∂|z|/∂y = y/|z|: grad = g · z/|z|, 0 at z = 0 (PyTorch's sgn); g · sign(x) for a real x
    vjp: (g, { inputs: [x], out }) => [
      x.dtype === 'c64'
        ? ops.mul(ops.div(g, safeDivisor(out as Tensor<'f32'>)), x)
        : ops.mul(
            g,
            noGrad(() => sign(x as Tensor<'f32'>)),
          ),
    ],
  },
  abs2: {
    fn: abs2,
    call: (xs) => abs2(one(xs)),
    kernel: unaryKernel('OP_ABS2'),
    dtypes: ANY,
    outDType: realOut,
    shape: sameShapeRule,
    // |z|² = x² + y²: grad = 2 g z (2 g x for a real x)
    vjp: (g, { inputs: [x] }) => [ops.scale(ops.mul(g, x), 2)],
  },
  angle: {
    fn: angle,
    call: (xs) => angle(one(xs)),
    kernel: unaryKernel('OP_ANGLE'),
    dtypes: ANY,
    outDType: realOut,
    shape: sameShapeRule,
    // arg z = atan2(y, x): ∂/∂x = −y/|z|², ∂/∂y = x/|z|², so grad = g · (−y + jx)/|z|² = g · jz/|z|², 0 at z = 0
    // (PyTorch's angle_backward). A real x's phase is piecewise constant: zero gradient.
    vjp: (g, { inputs: [x] }) => (x.dtype === 'c64' ? [ops.mul(ops.div(g, safeDivisor(abs2(x))), ops.scale(x, [0, 1]))] : [zeros(x.shape)]),
  },
  neg: {
    fn: neg,
    call: (xs) => neg(one(xs)),
    kernel: unaryKernel('OP_NEG'),
    dtypes: ANY,
    outDType: sameDType,
    shape: sameShapeRule,
    vjp: (g) => [neg(g)],
  },
  exp: {
    fn: exp,
    call: (xs) => exp(one(xs)),
    kernel: unaryKernel('OP_EXP'),
    dtypes: ANY,
    outDType: sameDType,
    shape: sameShapeRule,
    // holomorphic, exp′ = exp: grad = g · conj(e^z)
    vjp: (g, { out }) => [ops.mul(g, cj(out))],
  },
  sqrt: {
    fn: sqrt,
    call: (xs) => sqrt(one(xs) as Tensor<'f32'>),
    kernel: unaryKernel('OP_SQRT'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // grad = g / (2√x) (infinite at x = 0, as in PyTorch)
    vjp: (g, { out }) => [ops.div(g, ops.scale(out, 2))],
  },
  sign: {
    fn: sign,
    call: (xs) => sign(one(xs) as Tensor<'f32'>),
    kernel: unaryKernel('OP_SIGN'),
    dtypes: REAL,
    outDType: realOut,
    shape: sameShapeRule,
    // piecewise constant: zero gradient (a zero tensor rather than none, as in PyTorch)
    vjp: (_, { inputs: [x] }) => [zeros(x.shape)],
  },
  unitModulus: {
    fn: unitModulus,
    call: (xs, { c }: { c?: number }) => unitModulus(one(xs) as Tensor<'f32'>, c),
    kernel: unaryKernel('OP_UNIT_MODULUS'),
    dtypes: REAL,
    outDType: complexOut,
    shape: sameShapeRule,
    // s = c·e^{jφ}, ∂s/∂φ = j s. For real φ, ∂L/∂φ = ∂L/∂Re s · Re(js) + ∂L/∂Im s · Im(js) = Re(conj(g) · js)
    // = −Im(conj(g) · s) = Im(g · conj(s)) (engine notes; checked by finite differences and the PyTorch fixture)
    vjp: (g, { out }: VjpContext) => [im(ops.mul(g, conj(out)))],
  },
});
