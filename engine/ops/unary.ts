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
  return unary('copy', x, x.dtype);
}

/** Real part: Re z for c64, x itself (copied) for f32. */
export function re(x: Tensor): Tensor<'f32'> {
  return unary('re', x, 'f32');
}

/** Imaginary part: Im z for c64, zeros for f32. */
export function im(x: Tensor): Tensor<'f32'> {
  return unary('im', x, 'f32');
}

/** Complex conjugate z* (c64); a copy for f32. */
export function conj<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary('conj', x, x.dtype);
}

/** Modulus |z| (computed without overflow of re² + im²); |x| for f32. */
export function abs(x: Tensor): Tensor<'f32'> {
  return unary('abs', x, 'f32');
}

/** Squared modulus |z|² = re² + im²; x² for f32. */
export function abs2(x: Tensor): Tensor<'f32'> {
  return unary('abs2', x, 'f32');
}

/** Phase arg z in (−π, π] (arg 0 = 0); for f32, π where x < 0 and 0 elsewhere. */
export function angle(x: Tensor): Tensor<'f32'> {
  return unary('angle', x, 'f32');
}

/** −x. */
export function neg<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary('neg', x, x.dtype);
}

/** e^x; for c64, e^{a+jb} = e^a (cos b + j sin b). */
export function exp<D extends DType>(x: Tensor<D>): Tensor<D> {
  return unary('exp', x, x.dtype);
}

/** √x of a real tensor (NaN or an unspecified value where x < 0, as WGSL leaves it). */
export function sqrt(x: Tensor<'f32'>): Tensor<'f32'> {
  requireDType('sqrt', x, 'f32');
  return unary('sqrt', x, 'f32');
}

/** −1, 0 or +1 by the sign of each element of a real tensor. */
export function sign(x: Tensor<'f32'>): Tensor<'f32'> {
  requireDType('sign', x, 'f32');
  return unary('sign', x, 'f32');
}

/**
 * c·e^{jφ} element-wise: real phases φ (radians) → complex values of modulus |c| (phase-shifter weights).
 * φ is reduced to [−π, π] before cos/sin, where GPU implementations are accurate.
 */
export function unitModulus(phi: Tensor<'f32'>, c = 1): Tensor<'c64'> {
  requireDType('unitModulus', phi, 'f32');
  return unary('unitModulus', phi, 'c64', c);
}
