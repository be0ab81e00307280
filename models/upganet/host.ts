/**
 * Moving precoders and channels between float64 CMatrix (the wireless layer: initializations, baselines, metrics)
 * and batched c64 tensors [B, rows, cols] (the engine).
 */
import { tensor, type Complex } from '../../engine/index.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { cmatrix, type CMatrix } from '../../wireless/linalg/cmatrix.js';

/** Stacks equally sized matrices into one [B, rows, cols] c64 tensor (float64 → float32). */
export function uploadMatrices(ms: readonly CMatrix[]): Complex {
  if (ms.length === 0) throw new RangeError('uploadMatrices: need at least one matrix; got 0');
  const { rows, cols } = ms[0];
  const data = new Float32Array(2 * ms.length * rows * cols);
  ms.forEach((m, b) => {
    if (m.rows !== rows || m.cols !== cols) throw new RangeError(`uploadMatrices: matrix ${b} is ${m.rows}×${m.cols}; expected ${rows}×${cols}`);
    data.set(m.data, 2 * b * rows * cols);
  });
  return tensor(data, [ms.length, rows, cols], 'c64');
}

/** Splits interleaved [B, rows, cols] c64 data (as read back) into B float64 matrices. */
export function splitMatrices(data: ArrayLike<number>, shape: readonly number[]): CMatrix[] {
  const [B, rows, cols] = shape;
  const per = 2 * rows * cols;
  if (shape.length !== 3 || data.length !== B * per) {
    throw new RangeError(`splitMatrices: expected ${B}·2·${rows}·${cols} values for shape [${shape.join(', ')}]; got ${data.length}`);
  }
  return Array.from({ length: B }, (_, b) => cmatrix(rows, cols, Array.prototype.slice.call(data, b * per, (b + 1) * per) as number[]));
}

/** Reads a [B, rows, cols] c64 tensor back as B float64 matrices. */
export async function readMatrices(t: Complex): Promise<CMatrix[]> {
  return splitMatrices(await t.read(), t.shape);
}

/** A channel batch [B, K, N] (rows h_kᴴ) as a c64 tensor. */
export function uploadChannels(H: ChannelBatch): Complex {
  return tensor(H.data, [...H.shape], 'c64');
}
