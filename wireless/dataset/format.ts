/**
 * The Phasor dataset file format (version 1): a JSON header describing everything needed to reproduce and check the
 * data, followed by the raw tensors.
 *
 *   bytes 0–7     magic "PHASORDS"
 *   bytes 8–11    format version, uint32 little-endian (1)
 *   bytes 12–15   header length L in bytes, uint32 little-endian (JSON padded with spaces so that 16 + L is a multiple
 *                 of 64)
 *   bytes 16…     header: UTF-8 JSON (DatasetHeader), keys in canonical (sorted) order
 *   16 + L …      payload: tensors in header order; tensor t occupies [byteOffset, byteOffset + byteLength) relative to
 *                 the payload start, offsets 8-byte aligned, gaps zero-filled; little-endian element data
 * Dtypes: float32, complex64 (interleaved float32 (re, im) pairs; the shape lists complex elements, not the pair) and
 * int32 (labels). Every tensor's leading dimension is the sample count. Each tensor carries a CRC-32 of its bytes.
 * Nothing time- or host-dependent is stored, so the same generator, config and seed give identical files.
 */
import { DatasetError } from './dataset-error.js';

export const DATASET_MAGIC = 'PHASORDS';
export const DATASET_FORMAT_VERSION = 1;
/** bytes before the header: magic, version, header length */
export const PREAMBLE_BYTES = 16;
/** the payload starts at a multiple of this */
export const PAYLOAD_ALIGNMENT = 64;
/** tensor offsets are multiples of this */
export const TENSOR_ALIGNMENT = 8;

export type DatasetDType = 'float32' | 'complex64' | 'int32';

export const DTYPE_BYTES: Readonly<Record<DatasetDType, number>> = { float32: 4, complex64: 8, int32: 4 };

/** JSON-serializable values (configs are stored verbatim in the header). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A tensor as declared before writing. */
export interface TensorSpec {
  readonly name: string;
  readonly dtype: DatasetDType;
  /** leading dimension = sample count; complex64 shapes count complex elements */
  readonly shape: readonly number[];
}

/** A tensor in the header of a written file. */
export interface TensorEntry extends TensorSpec {
  /** from the payload start, bytes */
  readonly byteOffset: number;
  readonly byteLength: number;
  /** CRC-32 of the tensor's bytes, 8 hex digits */
  readonly crc32: string;
}

export interface DatasetHeader {
  readonly format: 'phasor-dataset';
  readonly formatVersion: number;
  /** the registry spec (or other producer) name, e.g. 'upganet-miso' */
  readonly generator: string;
  /** the generator's full configuration */
  readonly config: JsonValue;
  readonly seed: number;
  /** number of samples (the leading dimension of every tensor) */
  readonly count: number;
  readonly payloadBytes: number;
  readonly tensors: readonly TensorEntry[];
}

/** Typed storage per dtype. */
export type TensorArray = Float32Array | Int32Array;

/** A tensor with its data, as read back (or handed to writeDataset). */
export interface TensorData {
  readonly dtype: DatasetDType;
  readonly shape: readonly number[];
  readonly data: TensorArray;
}

/** Number of stored scalars (complex64 counts two per element). */
export function scalarCount(spec: { dtype: DatasetDType; shape: readonly number[] }): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  return spec.dtype === 'complex64' ? 2 * elements : elements;
}

export function byteLengthOf(spec: { dtype: DatasetDType; shape: readonly number[] }): number {
  return spec.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[spec.dtype];
}

/** The typed-array constructor for a dtype. */
export function arrayFor(dtype: DatasetDType, length: number): TensorArray {
  return dtype === 'int32' ? new Int32Array(length) : new Float32Array(length);
}

/** JSON with object keys sorted at every level (deterministic bytes). Rejects non-finite numbers. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, '$'));
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DatasetError('header', `dataset header: ${path} is ${value}; expected a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => sortKeys(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out[key] = sortKeys(v, `${path}.${key}`);
    }
    return out;
  }
  throw new DatasetError('header', `dataset header: ${path} has type ${typeof value}; expected JSON data`);
}

/** Lays tensors out back to back with TENSOR_ALIGNMENT padding; returns entries (CRC fields zero until the payload is written) and payload size. */
export function layoutTensors(specs: readonly TensorSpec[], count: number): { entries: TensorEntry[]; payloadBytes: number } {
  const names = new Set<string>();
  let offset = 0;
  const entries = specs.map((s) => {
    checkSpec(s, count);
    if (names.has(s.name)) throw new DatasetError('usage', `dataset: tensor name "${s.name}" appears twice; names must be unique`);
    names.add(s.name);
    offset = alignUp(offset, TENSOR_ALIGNMENT);
    const byteLength = byteLengthOf(s);
    const entry: TensorEntry = { name: s.name, dtype: s.dtype, shape: [...s.shape], byteOffset: offset, byteLength, crc32: '00000000' };
    offset += byteLength;
    return entry;
  });
  return { entries, payloadBytes: offset };
}

function checkSpec(s: TensorSpec, count: number): void {
  if (typeof s.name !== 'string' || s.name.length === 0)
    throw new DatasetError('usage', `dataset: tensor names must be non-empty strings; got ${JSON.stringify(s.name)}`);
  if (!(s.dtype in DTYPE_BYTES)) {
    throw new DatasetError('usage', `dataset: tensor "${s.name}" has dtype ${String(s.dtype)}; expected one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
  }
  if (s.shape.length === 0 || s.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new DatasetError(
      'usage',
      `dataset: tensor "${s.name}" shape must be non-negative integers with a leading sample dimension; got [${s.shape.join(', ')}]`,
    );
  }
  if (s.shape[0] !== count) {
    throw new DatasetError('usage', `dataset: tensor "${s.name}" leading dimension must be the sample count ${count}; got ${s.shape[0]}`);
  }
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Encodes magic + version + length + padded header JSON. */
export function encodeHeader(header: DatasetHeader): Uint8Array {
  const json = Buffer.from(canonicalJson(header), 'utf8');
  const total = alignUp(PREAMBLE_BYTES + json.length, PAYLOAD_ALIGNMENT);
  const out = Buffer.alloc(total, 0x20);
  out.write(DATASET_MAGIC, 0, 'latin1');
  out.writeUInt32LE(DATASET_FORMAT_VERSION, 8);
  out.writeUInt32LE(total - PREAMBLE_BYTES, 12);
  json.copy(out, PREAMBLE_BYTES);
  return out;
}

/** Parses and validates a header JSON text: field types, dtypes, shapes, layout. */
export function parseHeader(text: string, path?: string): DatasetHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError('header', `readDataset: the header is not valid JSON (${(err as Error).message}); the file is corrupted`, path);
  }
  const fail = (what: string): never => {
    throw new DatasetError('header', `readDataset: corrupted header; ${what}`, path);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expected a JSON object');
  const h = raw as Record<string, unknown>;
  if (h.format !== 'phasor-dataset') fail(`format must be "phasor-dataset"; got ${JSON.stringify(h.format)}`);
  if (h.formatVersion !== DATASET_FORMAT_VERSION) fail(`formatVersion must be ${DATASET_FORMAT_VERSION}; got ${JSON.stringify(h.formatVersion)}`);
  if (typeof h.generator !== 'string' || h.generator.length === 0) fail(`generator must be a non-empty string; got ${JSON.stringify(h.generator)}`);
  if (!('config' in h)) fail('config is missing');
  if (typeof h.seed !== 'number' || !Number.isInteger(h.seed)) fail(`seed must be an integer; got ${JSON.stringify(h.seed)}`);
  if (typeof h.count !== 'number' || !Number.isInteger(h.count) || h.count < 0) fail(`count must be a non-negative integer; got ${JSON.stringify(h.count)}`);
  if (typeof h.payloadBytes !== 'number' || !Number.isInteger(h.payloadBytes) || h.payloadBytes < 0) {
    fail(`payloadBytes must be a non-negative integer; got ${JSON.stringify(h.payloadBytes)}`);
  }
  if (!Array.isArray(h.tensors)) return fail('tensors must be an array');
  const count = h.count as number;
  let end = 0;
  const tensors: TensorEntry[] = (h.tensors as unknown[]).map((t, i) => {
    if (typeof t !== 'object' || t === null) return fail(`tensors[${i}] must be an object`);
    const e = t as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name : fail(`tensors[${i}].name must be a string`);
    if (typeof e.dtype !== 'string' || !(e.dtype in DTYPE_BYTES))
      fail(`tensor "${name}" dtype ${JSON.stringify(e.dtype)} is not one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
    const dtype = e.dtype as DatasetDType;
    if (!Array.isArray(e.shape) || e.shape.length === 0 || e.shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
      fail(`tensor "${name}" shape must be a non-empty list of non-negative integers; got ${JSON.stringify(e.shape)}`);
    }
    const shape = e.shape as number[];
    if (shape[0] !== count) {
      throw new DatasetError('shape', `readDataset: tensor "${name}" has ${shape[0]} samples; expected the header count ${count}`, path);
    }
    const expectedLength = byteLengthOf({ dtype, shape });
    if (e.byteLength !== expectedLength) {
      throw new DatasetError(
        'shape',
        `readDataset: tensor "${name}" byteLength is ${JSON.stringify(e.byteLength)}; expected ${expectedLength} for ${dtype} [${shape.join(', ')}]`,
        path,
      );
    }
    const byteOffset = e.byteOffset;
    if (typeof byteOffset !== 'number' || !Number.isInteger(byteOffset) || byteOffset % TENSOR_ALIGNMENT !== 0 || byteOffset < end) {
      throw new DatasetError(
        'shape',
        `readDataset: tensor "${name}" byteOffset ${JSON.stringify(byteOffset)} must be a multiple of ${TENSOR_ALIGNMENT} at or after ${end} (tensors in order, no overlap)`,
        path,
      );
    }
    end = byteOffset + expectedLength;
    if (typeof e.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(e.crc32))
      fail(`tensor "${name}" crc32 must be 8 lowercase hex digits; got ${JSON.stringify(e.crc32)}`);
    return { name, dtype, shape, byteOffset, byteLength: expectedLength, crc32: e.crc32 as string };
  });
  if (end > (h.payloadBytes as number)) {
    throw new DatasetError('shape', `readDataset: tensors end at payload byte ${end}; expected at most payloadBytes = ${String(h.payloadBytes)}`, path);
  }
  const names = new Set(tensors.map((t) => t.name));
  if (names.size !== tensors.length) fail('tensor names are not unique');
  return {
    format: 'phasor-dataset',
    formatVersion: DATASET_FORMAT_VERSION,
    generator: h.generator as string,
    config: h.config as JsonValue,
    seed: h.seed as number,
    count,
    payloadBytes: h.payloadBytes as number,
    tensors,
  };
}
