/** Shared launch helpers for the op families. */
import { grid1d, runtime } from '../device/runtime.js';
import type { Overrides, ParamValue } from '../device/kernel.js';
import type { PooledBuffer } from '../device/pool.js';
import { Tensor } from '../tensor/tensor.js';
import { DTypeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, type Shape } from '../tensor/shape.js';

/** Launches a 1-D kernel over `n` invocations (workgroup size from the WGSL, `WG` override when present). */
export function launch1d(
  name: string,
  n: number,
  buffers: Record<string, PooledBuffer>,
  params: Record<string, ParamValue>,
  overrides: Overrides = {},
  entry?: string,
): void {
  const k = runtime().kernel(name);
  const [wg] = k.workgroupSize(overrides, entry);
  k.dispatch(buffers, { params, overrides, workgroups: grid1d(n, wg, runtime().limits.maxComputeWorkgroupsPerDimension), entry });
}

/** Buffers of the given tensors, keyed by binding name; throws DisposedTensorError naming `op`. */
export function buffersOf(op: string, tensors: Record<string, Tensor>): Record<string, PooledBuffer> {
  const out: Record<string, PooledBuffer> = {};
  for (const [k, t] of Object.entries(tensors)) out[k] = t.buffer(op);
  return out;
}

export function requireDType(op: string, t: Tensor, ...allowed: DType[]): void {
  if (!allowed.includes(t.dtype)) {
    throw new DTypeError(`${op}: expected ${allowed.join(' or ')} input; got ${t.dtype} ${fmt(t.shape)}`);
  }
}

/** Packs up to 8 dimensions into the `array<vec4<u32>, 2>` layout used by the shaders. */
export function pack8(op: string, values: readonly number[]): number[] {
  if (values.length > 8) throw new DTypeError(`${op}: rank ${values.length} exceeds the supported 8 dimensions`);
  const out = new Array(8).fill(0);
  values.forEach((v, i) => (out[i] = v));
  return out;
}

/** Drops size-1 dimensions and merges dimensions that are contiguous in every operand (fewer index divisions). */
export function coalesce(shape: Shape, strides: number[][]): { shape: number[]; strides: number[][] } {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    const mergeable = last >= 0 && strides.every((s, k) => st[k][last] === s[d] * shape[d]);
    if (mergeable) {
      dims[last] *= shape[d];
      strides.forEach((s, k) => (st[k][last] = s[d]));
    } else {
      dims.push(shape[d]);
      strides.forEach((s, k) => st[k].push(s[d]));
    }
  }
  if (dims.length === 0) return { shape: [1], strides: strides.map(() => [1]) };
  return { shape: dims, strides: st };
}
