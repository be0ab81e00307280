/**
 * Common output types of the batched channel generators.
 *
 * A batch is stored in the engine's c64 tensor layout: Float32Array, interleaved (re, im), row-major over the shape,
 * so it uploads without reordering.
 *   narrowband: ChannelBatch      shape [batch, N_r, N_t]     H[b] maps N_t transmit to N_r receive antennas
 *   OFDM:       OfdmChannelBatch  shape [batch, K, N_r, N_t]  H[b][k] on subcarrier k
 * Element (b, r, t) of a narrowband batch is at data[2·((b·N_r + r)·N_t + t)] (re) and +1 (im).
 *
 * Generators draw channel i of a call from its own stream `channelRng(seed, firstIndex + i)`, so a batch can be split
 * into chunks (or workers) and reassembled byte for byte.
 */
import { cmatrix, type CMatrix } from '../linalg/cmatrix.js';
import { Rng } from '../random/rng.js';

export interface ChannelBatch {
  /** [batch, N_r, N_t] */
  readonly shape: readonly [number, number, number];
  /** length 2·batch·N_r·N_t, c64 interleaved row-major */
  readonly data: Float32Array;
}

export interface OfdmChannelBatch {
  /** [batch, K, N_r, N_t] */
  readonly shape: readonly [number, number, number, number];
  /** length 2·batch·K·N_r·N_t, c64 interleaved row-major */
  readonly data: Float32Array;
}

export type AnyChannelBatch = ChannelBatch | OfdmChannelBatch;

/** A configured narrowband model: configuration in the constructor, data in the call (Sionna style). */
export interface NarrowbandChannelModel {
  readonly nr: number;
  readonly nt: number;
  /** channels firstIndex … firstIndex + batch − 1 of the stream `seed`: [batch, N_r, N_t] c64 */
  generate(batch: number, seed: number, firstIndex?: number): ChannelBatch;
}

/** A configured OFDM model. */
export interface OfdmChannelModel {
  readonly nr: number;
  readonly nt: number;
  readonly numSubcarriers: number;
  /** channels firstIndex … firstIndex + batch − 1 of the stream `seed`: [batch, K, N_r, N_t] c64 */
  generateOfdm(batch: number, seed: number, firstIndex?: number): OfdmChannelBatch;
}

/** Zero-filled [batch, N_r, N_t] c64 batch. */
export function channelBatch(batch: number, nr: number, nt: number): ChannelBatch {
  checkDims('channelBatch', [batch, nr, nt]);
  return { shape: [batch, nr, nt], data: new Float32Array(2 * batch * nr * nt) };
}

/** Zero-filled [batch, K, N_r, N_t] c64 batch. */
export function ofdmChannelBatch(batch: number, k: number, nr: number, nt: number): OfdmChannelBatch {
  checkDims('ofdmChannelBatch', [batch, k, nr, nt]);
  return { shape: [batch, k, nr, nt], data: new Float32Array(2 * batch * k * nr * nt) };
}

/** Stacks equally-sized matrices into a [batch, N_r, N_t] c64 batch (float64 → float32). */
export function batchFromMatrices(matrices: readonly CMatrix[]): ChannelBatch {
  if (matrices.length === 0) throw new RangeError('batchFromMatrices: need at least one matrix; got 0');
  const { rows, cols } = matrices[0];
  const out = channelBatch(matrices.length, rows, cols);
  matrices.forEach((m, b) => setChannel(out, b, m));
  return out;
}

/** Copies matrix b (and subcarrier k for OFDM) out of a batch as a float64 CMatrix [N_r, N_t]. */
export function channelAt(batch: AnyChannelBatch, b: number, k = 0): CMatrix {
  const [start, nr, nt] = locate('channelAt', batch, b, k);
  const m = cmatrix(nr, nt);
  const src = batch.data;
  for (let i = 0; i < 2 * nr * nt; i++) m.data[i] = src[start + i];
  return m;
}

/** Writes a CMatrix [N_r, N_t] into slot b (and subcarrier k for OFDM) of a batch. */
export function setChannel(batch: AnyChannelBatch, b: number, m: CMatrix, k = 0): void {
  const [start, nr, nt] = locate('setChannel', batch, b, k);
  if (m.rows !== nr || m.cols !== nt) {
    throw new RangeError(`setChannel: matrix must be ${nr}×${nt}; got ${m.rows}×${m.cols}`);
  }
  batch.data.set(m.data, start);
}

/** ‖H‖_F² of every matrix in the batch, in storage order (b-major, then k): [batch] or [batch·K]. */
export function frobeniusPowers(batch: AnyChannelBatch): Float64Array {
  const nr = batch.shape[batch.shape.length - 2];
  const nt = batch.shape[batch.shape.length - 1];
  const size = 2 * nr * nt;
  const count = batch.data.length / size;
  const out = new Float64Array(count);
  const d = batch.data;
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let i = c * size; i < (c + 1) * size; i++) s += d[i] * d[i];
    out[c] = s;
  }
  return out;
}

/** Mean ‖H‖_F² over all matrices of the batch (all b, and all k for OFDM). */
export function meanFrobeniusPower(batch: AnyChannelBatch): number {
  const p = frobeniusPowers(batch);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i];
  return s / p.length;
}

/**
 * The random stream of channel `index` under `seed`. The map index → internal seed is a bijection for a fixed seed
 * (two invertible 32-bit mixes around an xor), so distinct channels of one stream never share a generator state.
 */
export function channelRng(seed: number, index: number): Rng {
  if (!Number.isInteger(index) || index < 0 || index > 0xffffffff) {
    throw new RangeError(`channelRng: index must be an integer in [0, 2^32); got ${index}`);
  }
  return new Rng(mix32((seed >>> 0) ^ mix32(index + 0x632be5ab)));
}

/** murmur3 finalizer: a bijection on 32-bit integers. */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function locate(op: string, batch: AnyChannelBatch, b: number, k: number): [number, number, number] {
  const s = batch.shape;
  const nb = s[0];
  const nk = s.length === 4 ? s[1] : 1;
  const nr = s[s.length - 2];
  const nt = s[s.length - 1];
  if (!Number.isInteger(b) || b < 0 || b >= nb) throw new RangeError(`${op}: batch index must be in [0, ${nb}); got ${b}`);
  if (!Number.isInteger(k) || k < 0 || k >= nk) {
    throw new RangeError(`${op}: subcarrier index must be in [0, ${nk}); got ${k}`);
  }
  return [2 * (b * nk + k) * nr * nt, nr, nt];
}

function checkDims(op: string, dims: number[]): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`${op}: dimensions must be non-negative integers; got [${dims.join(', ')}]`);
  }
}
