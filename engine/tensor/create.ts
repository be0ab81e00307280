/** Tensor creation from host data and constants. */
import { DTypeError, ShapeError } from '../errors.js';
import { launch1d } from '../ops/launch.js';
import { runtime } from '../device/runtime.js';
import { wordsPer, type DType } from './dtype.js';
import { fmt, sizeOf, type Shape } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * Uploads host data. For c64 pass interleaved (re, im) pairs (length 2·size).
 */
export function tensor<D extends DType = 'f32'>(data: ArrayLike<number>, shape: Shape, dtype: D = 'f32' as D): Tensor<D> {
  const expected = sizeOf(shape) * wordsPer(dtype);
  if (data.length !== expected) {
    throw new ShapeError(
      `tensor: ${fmt(shape)} ${dtype} needs ${expected} float32 values${dtype === 'c64' ? ' (interleaved re, im)' : ''}; got ${data.length}`,
    );
  }
  const t = Tensor.empty(shape, dtype, 'tensor');
  const src = data instanceof Float32Array ? data : Float32Array.from(data);
  if (src.byteLength) runtime().recorder.write(t.buffer('tensor').buffer, 0, src);
  return t;
}

/** Complex tensor from separate real and imaginary parts. */
export function complexTensor(re: ArrayLike<number>, im: ArrayLike<number>, shape: Shape): Tensor<'c64'> {
  if (re.length !== im.length) throw new ShapeError(`complexTensor: re has ${re.length} values, im has ${im.length}`);
  const data = new Float32Array(2 * re.length);
  for (let i = 0; i < re.length; i++) {
    data[2 * i] = re[i];
    data[2 * i + 1] = im[i];
  }
  return tensor(data, shape, 'c64');
}

/** Tensor filled with a constant (a complex constant as [re, im]). */
export function full<D extends DType = 'f32'>(shape: Shape, value: number | readonly [number, number], dtype?: D): Tensor<D> {
  const dt = (dtype ?? (typeof value === 'number' ? 'f32' : 'c64')) as D;
  const [re, im] = typeof value === 'number' ? [value, 0] : value;
  if (dt === 'f32' && im !== 0) throw new DTypeError(`full: complex value ${re}+${im}j for an f32 tensor`);
  const t = Tensor.empty(shape, dt, 'full');
  launch1d('tensor/fill', t.size, { out: t.buffer('full') }, { n: t.size, value: [re, im] }, { OUT_COMPLEX: Number(dt === 'c64') });
  return t;
}

export function zeros<D extends DType = 'f32'>(shape: Shape, dtype: D = 'f32' as D): Tensor<D> {
  return full(shape, [0, 0], dtype);
}

export function ones<D extends DType = 'f32'>(shape: Shape, dtype: D = 'f32' as D): Tensor<D> {
  return full(shape, [1, 0], dtype);
}

export function scalar(value: number): Tensor<'f32'> {
  return tensor([value], []);
}
