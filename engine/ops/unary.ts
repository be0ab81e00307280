/**
 * Unary element-wise ops: complex parts (re, im, conj), modulus and phase (abs, abs2, angle), real functions
 * (neg, exp, sqrt, sign), the unit-modulus map c·e^{jφ}, and copy.
 * Kernel: shaders/elementwise/unary.wgsl (one pipeline per op × input/output dtype).
 *
 * Output dtypes: re, im, abs, abs2, angle → f32 for either input; conj, neg, exp, copy keep the input dtype;
 * sqrt and sign take and return f32; unitModulus takes f32 phases and returns c64.
 */
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { buffersOf, launch1d, requireDType } from './launch.js';
import { noGrad, attachGrad } from '../autodiff/graph.js';
import { cj, safeDivisor } from '../autodiff/unbroadcast.js';
import { complex, div, mul, scale } from './elementwise.js';
import { zeros } from '../tensor/create.js';

const UNARY_OP = {
  copy: 0,
  re: 1,
  im: 2,
  conj: 3,
  abs: 4,
  abs2: 5,
  angle: 6,
  neg: 7,
  exp: 8,
  sqrt: 9,
  sign: 10,
  unitModulus: 11,
} as const;
type UnaryOp = keyof typeof UNARY_OP;

function unary<O extends DType>(op: UnaryOp, x: Tensor, outDType: O, alpha = 0): Tensor<O> {
  const out = Tensor.empty(x.shape, outDType, op);
  launch1d(
    'elementwise/unary',
    x.size,
    buffersOf(op, { x, out }),
    { n: x.size, alpha },
    { OP: UNARY_OP[op], IN_COMPLEX: Number(x.dtype === 'c64'), OUT_COMPLEX: Number(outDType === 'c64') },
  );
  return out;
}

/** A contiguous clone (new buffer) of x. */
export function copy<D extends DType>(x: Tensor<D>): Tensor<D> {
  return attachGrad('copy', unary('copy', x, x.dtype), [x], (g) => [g.reshape(g.shape)]);
}

/** Real part: Re z for c64, x itself (copied) for f32. */
export function re(x: Tensor): Tensor<'f32'> {
  // Re z = x: grad = g + 0j (a real x receives g)
  return attachGrad('re', unary('re', x, 'f32'), [x], (g) => [x.dtype === 'c64' ? complex(g as Tensor<'f32'>, zeros(g.shape)) : g.reshape(g.shape)]);
}

/** Imaginary part: Im z for c64, zeros for f32. */
export function im(x: Tensor): Tensor<'f32'> {
  // Im z = y: grad = 0 + jg; zero for a real x (Im x ≡ 0)
  return attachGrad('im', unary('im', x, 'f32'), [x], (g) => [x.dtype === 'c64' ? complex(zeros(g.shape), g as Tensor<'f32'>) : zeros(x.shape)]);
}

/** Complex conjugate z* (c64); a copy for f32. */
export function conj<D extends DType>(x: Tensor<D>): Tensor<D> {
  // w = x − jy: ∂L/∂x = ∂L/∂Re w, ∂L/∂y = −∂L/∂Im w, so grad_z = conj(g)
  return attachGrad('conj', unary('conj', x, x.dtype), [x], (g) => [conj(g)]);
}

/** Modulus |z| (computed without overflow of re² + im²); |x| for f32. */
export function abs(x: Tensor): Tensor<'f32'> {
  // ∂|z|/∂x = x/|z|, ∂|z|/∂y = y/|z|: grad = g · z/|z|, 0 at z = 0 (PyTorch's sgn); g · sign(x) for a real x
  const out = unary('abs', x, 'f32');
  return attachGrad('abs', out, [x], (g) => [x.dtype === 'c64' ? mul(div(g, safeDivisor(out)), x) : mul(g, noGrad(() => sign(x as Tensor<'f32'>)))]);
}

/** Squared modulus |z|² = re² + im²; x² for f32. */
export function abs2(x: Tensor): Tensor<'f32'> {
  // |z|² = x² + y²: grad = 2 g z (2 g x for a real x)
  return attachGrad('abs2', unary('abs2', x, 'f32'), [x], (g) => [scale(mul(g, x), 2)]);
}

/** Phase arg z in (−π, π] (arg 0 = 0); for f32, π where x < 0 and 0 elsewhere. */
export function angle(x: Tensor): Tensor<'f32'> {
  // arg z = atan2(y, x): ∂/∂x = −y/|z|², ∂/∂y = x/|z|², so grad = g · (−y + jx)/|z|² = g · jz/|z|², 0 at z = 0
  // (PyTorch's angle_backward). A real x's phase is piecewise constant: zero gradient.
  return attachGrad('angle', unary('angle', x, 'f32'), [x], (g) =>
    x.dtype === 'c64' ? [mul(div(g, safeDivisor(abs2(x))), scale(x, [0, 1]))] : [zeros(x.shape)],
  );
}

/** −x. */
export function neg<D extends DType>(x: Tensor<D>): Tensor<D> {
  return attachGrad('neg', unary('neg', x, x.dtype), [x], (g) => [neg(g)]);
}

/** e^x; for c64, e^{a+jb} = e^a (cos b + j sin b). */
export function exp<D extends DType>(x: Tensor<D>): Tensor<D> {
  // holomorphic, exp′ = exp: grad = g · conj(e^z)
  const out = unary('exp', x, x.dtype);
  return attachGrad('exp', out, [x], (g) => [mul(g, cj(out))]);
}

/** √x of a real tensor (NaN or an unspecified value where x < 0, as WGSL leaves it). */
export function sqrt(x: Tensor<'f32'>): Tensor<'f32'> {
  requireDType('sqrt', x, 'f32');
  // grad = g / (2√x) (infinite at x = 0, as in PyTorch)
  const out = unary('sqrt', x, 'f32');
  return attachGrad('sqrt', out, [x], (g) => [div(g, scale(out, 2))]);
}

/** −1, 0 or +1 by the sign of each element of a real tensor. */
export function sign(x: Tensor<'f32'>): Tensor<'f32'> {
  requireDType('sign', x, 'f32');
  // piecewise constant: zero gradient (a zero tensor rather than none, as in PyTorch)
  return attachGrad('sign', unary('sign', x, 'f32'), [x], () => [zeros(x.shape)]);
}

/**
 * c·e^{jφ} element-wise: real phases φ (radians) → complex values of modulus |c| (phase-shifter weights).
 * φ is reduced to [−π, π] before cos/sin, where GPU implementations are accurate.
 */
export function unitModulus(phi: Tensor<'f32'>, c = 1): Tensor<'c64'> {
  requireDType('unitModulus', phi, 'f32');
  // s = c·e^{jφ}, ∂s/∂φ = j s. For real φ, ∂L/∂φ = ∂L/∂Re s · Re(js) + ∂L/∂Im s · Im(js) = Re(conj(g) · js)
  // = −Im(conj(g) · s) = Im(g · conj(s)) (engine notes; checked by finite differences and the PyTorch fixture)
  const out = unary('unitModulus', phi, 'c64', c);
  return attachGrad('unitModulus', out, [phi], (g) => [im(mul(g, conj(out)))]);
}
