/**
 * The safetensors format on host bytes (no GPU): an 8-byte little-endian u64 header length N, N bytes of JSON
 * `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: { key: string } }` padded with spaces to a
 * multiple of 8 bytes, then the tensors' raw little-endian bytes, offsets relative to the end of the header.
 *
 * Writing follows the Python/Rust `safetensors` library: tensors ordered by item size (largest first) then name, so
 * every tensor starts aligned to its item size; `__metadata__` first in the header. Reading applies the library's
 * checks (header start and size, offsets in bounds, contiguous, non-overlapping, byte size = prod(shape)·itemsize)
 * and reports the first violation as a CheckpointError naming the source and the tensor.
 *
 * dtypes: F32 and C64 (complex64, interleaved re/im float32; safetensors ≥ 0.7) are written; F64, I64, I32 and U32
 * are also decoded to float32 for interop. Other known dtypes parse (for the bounds checks) but cannot be decoded.
 *
 * Integrity: with `{ checksum: true }` the writer puts a SHA-256 of the whole file into `__metadata__` under
 * `phasor.sha256`, computed with the digest's own 64 characters written as '0's, so it covers every byte of the
 * header (names, shapes, offsets, the other metadata) and of the data. The reader verifies it whenever the key is
 * present (files from other tools have none and load as before) and reports `checksum: 'verified' | 'absent'`.
 */
import { createHash } from 'node:crypto';
import { CheckpointError } from './errors.js';

/** Item size in bytes of every safetensors dtype with whole-byte elements. */
const ITEM_SIZE = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
  C64: 8,
} as const;

export type SafetensorsDType = keyof typeof ITEM_SIZE;

/** dtypes `decodeFloat32` converts. */
export const DECODABLE_DTYPES = ['F32', 'C64', 'F64', 'I64', 'I32', 'U32'] as const;
export type DecodableDType = (typeof DECODABLE_DTYPES)[number];

/** Largest header the Rust library accepts (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';
/** `__metadata__` key of the file's SHA-256 (hex), written by `encodeSafetensors(…, { checksum: true })`. */
export const CHECKSUM_KEY = 'phasor.sha256';
const DIGEST_PLACEHOLDER = '0'.repeat(64);

export interface SafetensorsEntry {
  dtype: SafetensorsDType;
  shape: number[];
  /** raw little-endian bytes, prod(shape)·itemsize long */
  data: Uint8Array;
}

export interface SafetensorsContents {
  /** tensors in file order (by data offset) */
  tensors: Map<string, SafetensorsEntry>;
  /** the string-only `__metadata__` map ({} when absent), without the checksum key */
  metadata: Record<string, string>;
  /** whether the file carried a checksum (then verified: a mismatch throws) */
  checksum: 'verified' | 'absent';
}

export function itemSize(dtype: SafetensorsDType): number {
  return ITEM_SIZE[dtype];
}

export function isSafetensorsDType(s: unknown): s is SafetensorsDType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(ITEM_SIZE, s);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** An F32 (real) or C64 (complex, interleaved re/im) entry from float32 words, copying them. */
export function float32Entry(words: Float32Array, shape: readonly number[], dtype: 'F32' | 'C64'): SafetensorsEntry {
  const count = shape.reduce((a, b) => a * b, 1) * (dtype === 'C64' ? 2 : 1);
  if (words.length !== count) {
    throw new CheckpointError(`safetensors: ${dtype} [${shape.join(', ')}] needs ${count} float32 values; got ${words.length}`);
  }
  const data = new Uint8Array(words.length * 4);
  if (LITTLE_ENDIAN) data.set(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
  else {
    const dv = new DataView(data.buffer);
    words.forEach((w, i) => dv.setFloat32(4 * i, w, true));
  }
  return { dtype, shape: [...shape], data };
}

/** Serializes tensors and string metadata to safetensors bytes; `checksum` adds the SHA-256 of the file (see above). */
export function encodeSafetensors(
  tensors: Record<string, SafetensorsEntry>,
  metadata: Record<string, string> = {},
  { checksum = false }: { checksum?: boolean } = {},
): Uint8Array {
  if (CHECKSUM_KEY in metadata) throw new CheckpointError(`safetensors: __metadata__ key '${CHECKSUM_KEY}' is reserved for the checksum`);
  if (checksum) metadata = { ...metadata, [CHECKSUM_KEY]: DIGEST_PLACEHOLDER };
  const names = Object.keys(tensors).sort((a, b) => {
    const d = ITEM_SIZE[tensors[b].dtype] - ITEM_SIZE[tensors[a].dtype];
    return d !== 0 ? d : a < b ? -1 : a > b ? 1 : 0;
  });
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new CheckpointError(`safetensors: __metadata__ value '${k}' must be a string; got ${typeof v}`);
    }
    header[METADATA_KEY] = metadata;
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    if (name === METADATA_KEY || name === '') throw new CheckpointError(`safetensors: invalid tensor name '${name}'`);
    if (!isSafetensorsDType(t.dtype)) throw new CheckpointError(`safetensors: tensor '${name}' has unknown dtype '${t.dtype}'`);
    const bytes = numel(t.shape) * ITEM_SIZE[t.dtype];
    if (t.data.byteLength !== bytes) {
      throw new CheckpointError(`safetensors: tensor '${name}' ${t.dtype} [${t.shape.join(', ')}] needs ${bytes} bytes; got ${t.data.byteLength}`);
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  let at = 8 + padded;
  for (const name of names) {
    out.set(tensors[name].data, at);
    at += tensors[name].data.byteLength;
  }
  if (checksum) {
    const at = digestOffset(out.subarray(8, 8 + padded), DIGEST_PLACEHOLDER);
    if (at < 0) throw new CheckpointError('safetensors: internal error: checksum placeholder not found in the header');
    out.set(new TextEncoder().encode(sha256(out)), 8 + at);
  }
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Byte offset in `header` of the digest's first hex character in `"phasor.sha256":"<digest>"`, or −1. */
function digestOffset(header: Uint8Array, digest: string): number {
  const needle = new TextEncoder().encode(`${JSON.stringify(CHECKSUM_KEY)}:"${digest}"`);
  const at = Buffer.from(header.buffer, header.byteOffset, header.byteLength).indexOf(needle);
  return at < 0 ? -1 : at + needle.length - 1 - digest.length;
}

/** Parses and validates safetensors bytes. `source` (a file name) prefixes every error message. */
export function decodeSafetensors(bytes: Uint8Array, source = '<buffer>'): SafetensorsContents {
  const fail = (what: string): never => {
    throw new CheckpointError(`${source}: ${what}`);
  };
  if (bytes.byteLength < 8) {
    fail(`file is ${bytes.byteLength} bytes; expected at least 8 (the u64 header length). The file is truncated or not safetensors`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = dv.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    fail(`header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit; the file is corrupt or not safetensors`);
  }
  const n = Number(headerLength);
  if (n > bytes.byteLength - 8) {
    fail(`header length ${n} exceeds the ${bytes.byteLength - 8} bytes after the length field; the file is truncated or not safetensors`);
  }
  if (n < 2 || bytes[8] !== 0x7b /* { */) {
    fail(`header must be a JSON object starting with '{' (header length ${n}); the file is corrupt or not safetensors`);
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    fail(`header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) fail('header JSON must be an object');
  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;

  let metadata: Record<string, string> = {};
  const spans: Array<{ name: string; dtype: SafetensorsDType; shape: number[]; begin: number; end: number }> = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(raw as object)) {
        if (typeof v !== 'string') fail(`__metadata__ value '${k}' must be a string; got ${JSON.stringify(v)}`);
      }
      metadata = raw as Record<string, string>;
      continue;
    }
    const where = `tensor '${name}'`;
    if (!raw || typeof raw !== 'object') fail(`${where}: header entry must be an object with dtype, shape, data_offsets`);
    const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
    if (!isSafetensorsDType(dtype)) {
      fail(`${where}: unknown dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(ITEM_SIZE).join(', ')}`);
    }
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`${where}: shape must be an array of non-negative integers; got ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      fail(`${where}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end; got ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as number[];
    const dt = dtype as SafetensorsDType;
    const sh = shape as number[];
    const expected = numel(sh) * ITEM_SIZE[dt];
    if (end - begin !== expected) {
      fail(
        `${where}: data_offsets [${begin}, ${end}] span ${end - begin} bytes; expected ${expected} ` +
          `(shape [${sh.join(', ')}] × ${ITEM_SIZE[dt]}-byte ${dt})`,
      );
    }
    if (end > dataLength) {
      fail(`${where}: data_offsets [${begin}, ${end}] exceed the ${dataLength} data bytes in the file; the file is truncated`);
    }
    spans.push({ name, dtype: dt, shape: sh, begin, end });
  }

  let checksum: SafetensorsContents['checksum'] = 'absent';
  if (CHECKSUM_KEY in metadata) {
    const { [CHECKSUM_KEY]: digest, ...rest } = metadata;
    if (!/^[0-9a-f]{64}$/.test(digest)) fail(`__metadata__ '${CHECKSUM_KEY}' must be 64 hex digits; got ${JSON.stringify(digest).slice(0, 80)}`);
    const at = digestOffset(bytes.subarray(8, 8 + n), digest);
    if (at < 0) fail(`__metadata__ '${CHECKSUM_KEY}' is not written as "${CHECKSUM_KEY}":"<digest>"; the header was altered`);
    const actual = createHash('sha256')
      .update(bytes.subarray(0, 8 + at))
      .update(DIGEST_PLACEHOLDER)
      .update(bytes.subarray(8 + at + 64))
      .digest('hex');
    if (actual !== digest) {
      fail(
        `checksum mismatch: the file's SHA-256 is ${actual.slice(0, 12)}…, its header says ${digest.slice(0, 12)}…; the file is corrupt (a changed byte in its header or data)`,
      );
    }
    metadata = rest;
    checksum = 'verified';
  }

  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous = '';
  for (const s of spans) {
    if (s.begin < cursor) {
      fail(`tensor '${s.name}': data_offsets [${s.begin}, ${s.end}] overlap tensor '${previous}' (which ends at ${cursor})`);
    }
    if (s.begin > cursor) {
      fail(`tensor '${s.name}': data_offsets start at ${s.begin}; expected ${cursor} (offsets must be contiguous, no gaps)`);
    }
    cursor = s.end;
    previous = s.name;
  }
  if (cursor !== dataLength) {
    fail(`tensors cover ${cursor} data bytes but the file holds ${dataLength}; expected them to match (trailing bytes)`);
  }

  const tensors = new Map<string, SafetensorsEntry>();
  for (const s of spans) {
    tensors.set(s.name, { dtype: s.dtype, shape: s.shape, data: bytes.subarray(dataStart + s.begin, dataStart + s.end) });
  }
  return { tensors, metadata, checksum };
}

/**
 * Float32 words of an entry: F32 as is, C64 as interleaved (re, im), F64 rounded to float32, integer dtypes exactly
 * (values beyond ±2^24 are refused: float32 cannot hold them exactly).
 */
export function decodeFloat32(entry: SafetensorsEntry, where = 'safetensors'): Float32Array {
  const { dtype, data } = entry;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const size = ITEM_SIZE[dtype];
  const count = data.byteLength / size;
  switch (dtype) {
    case 'F32':
    case 'C64': {
      const words = data.byteLength / 4;
      // Copy into a fresh buffer (a Node Buffer's slice() is a view into a shared pool, so copy explicitly).
      if (LITTLE_ENDIAN) return new Float32Array(new Uint8Array(data).buffer, 0, words);
      const out = new Float32Array(words);
      for (let i = 0; i < words; i++) out[i] = dv.getFloat32(4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat64(8 * i, true);
      return out;
    }
    case 'I64':
    case 'I32':
    case 'U32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const v = dtype === 'I64' ? Number(dv.getBigInt64(8 * i, true)) : dtype === 'I32' ? dv.getInt32(4 * i, true) : dv.getUint32(4 * i, true);
        if (Math.abs(v) > 2 ** 24) {
          throw new CheckpointError(`${where}: ${dtype} value ${v} at index ${i} is not exactly representable in float32 (|x| ≤ 2^24)`);
        }
        out[i] = v;
      }
      return out;
    }
    default:
      throw new CheckpointError(`${where}: cannot decode dtype ${dtype}; expected one of ${DECODABLE_DTYPES.join(', ')}`);
  }
}

function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
