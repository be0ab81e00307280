/**
 * Checkpoints: named tensors plus JSON metadata in one safetensors file.
 *
 *   await saveCheckpoint('run/ckpt.safetensors', { tensors: { ...params, ...opt.state().tensors }, metadata: { step, config } });
 *   const { tensors, metadata } = await loadCheckpoint('run/ckpt.safetensors', { expect: { w: { shape: [4, 8], dtype: 'c64' } } });
 *
 * f32 tensors are stored as F32, c64 as C64 (interleaved re/im). Each metadata value is JSON-stringified into a
 * `__metadata__` string and parsed back on load (a string that is not JSON, as written by other tools, is returned
 * as is). Writes are atomic: a temp file in the same directory, fsync, rename, so a crash leaves either the old
 * checkpoint or the new one, never a torn file.
 *
 * Integrity: every file written here carries a SHA-256 over its header and data (`__metadata__['phasor.sha256']`,
 * safetensors.ts), verified on load; `requireChecksum` also refuses a file without one. Loading refuses a tensor holding
 * NaN or ±Inf, naming it, unless `allowNonFinite`; saving refuses one when `requireFinite` (training states), so that
 * a diverged run never overwrites its last good checkpoint.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DType } from '../tensor/dtype.js';
import { fmt, type Shape } from '../tensor/shape.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { CheckpointError } from './errors.js';
import { decodeFloat32, decodeSafetensors, encodeSafetensors, float32Entry, type SafetensorsDType, type SafetensorsEntry } from './safetensors.js';

export interface CheckpointContents {
  tensors: Record<string, Tensor>;
  metadata: Record<string, unknown>;
}

export interface ExpectedTensor {
  shape: Shape;
  dtype: DType;
}

export interface LoadOptions {
  /** the exact set of tensors the file must hold, with their shapes and dtypes */
  expect?: Record<string, ExpectedTensor>;
  /** refuse a file without the checksum (files written by saveCheckpoint always have one) */
  requireChecksum?: boolean;
  /** accept tensors holding NaN or ±Inf (refused by default, naming the tensor) */
  allowNonFinite?: boolean;
}

export interface SaveOptions {
  /** refuse (writing nothing) when a tensor holds NaN or ±Inf, naming it */
  requireFinite?: boolean;
}

/** Index and value of the first NaN or ±Inf in `words`, or null. */
export function firstNonFinite(words: Float32Array): { index: number; value: number } | null {
  for (let i = 0; i < words.length; i++) if (!Number.isFinite(words[i])) return { index: i, value: words[i] };
  return null;
}

function describeNonFinite(words: Float32Array, bad: { index: number; value: number }, complex: boolean): string {
  let count = 0;
  for (let i = bad.index; i < words.length; i++) if (!Number.isFinite(words[i])) count++;
  const at = complex ? `element ${Math.floor(bad.index / 2)} (${bad.index % 2 ? 'imaginary' : 'real'} part)` : `element ${bad.index}`;
  return `holds ${bad.value} at ${at}${count > 1 ? ` and ${count - 1} more non-finite value${count > 2 ? 's' : ''}` : ''}`;
}

/** Engine dtype a file dtype loads as (F64 is rounded and integers converted to f32). */
const LOADS_AS: Partial<Record<SafetensorsDType, DType>> = { F32: 'f32', C64: 'c64', F64: 'f32', I64: 'f32', I32: 'f32', U32: 'f32' };

/** Reads the tensors back from the GPU and writes them with the metadata to `path`, atomically. */
export async function saveCheckpoint(
  path: string,
  contents: { tensors: Record<string, Tensor>; metadata?: Record<string, unknown> },
  options: SaveOptions = {},
): Promise<void> {
  const entries: Record<string, SafetensorsEntry> = {};
  for (const [name, t] of Object.entries(contents.tensors)) {
    const words = await t.read();
    const bad = options.requireFinite ? firstNonFinite(words) : null;
    if (bad) {
      throw new CheckpointError(`saveCheckpoint: ${path}: tensor '${name}' ${describeNonFinite(words, bad, t.dtype === 'c64')}; nothing was written`);
    }
    entries[name] = float32Entry(words, t.shape, t.dtype === 'c64' ? 'C64' : 'F32');
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(contents.metadata ?? {})) {
    let s: string | undefined;
    try {
      s = JSON.stringify(value);
    } catch (err) {
      throw new CheckpointError(`saveCheckpoint: ${path}: metadata '${key}' is not JSON-serializable (${(err as Error).message})`);
    }
    if (s === undefined) {
      throw new CheckpointError(`saveCheckpoint: ${path}: metadata '${key}' is not JSON-serializable; got ${typeof value}`);
    }
    metadata[key] = s;
  }
  await writeAtomic(path, encodeSafetensors(entries, metadata, { checksum: true }));
}

/** Reads and validates a checkpoint, and uploads its tensors to the GPU. */
export async function loadCheckpoint(path: string, options: LoadOptions = {}): Promise<CheckpointContents> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new CheckpointError(`loadCheckpoint: cannot read ${path}: ${(err as Error).message}`);
  }
  const file = decodeSafetensors(bytes, `loadCheckpoint: ${path}`);
  const where = (name: string) => `loadCheckpoint: ${path}: tensor '${name}'`;
  if (options.requireChecksum && file.checksum !== 'verified') {
    throw new CheckpointError(
      `loadCheckpoint: ${path}: the file has no checksum ('phasor.sha256' in __metadata__); it was not written by saveCheckpoint, or its header was altered`,
    );
  }

  for (const [name, entry] of file.tensors) {
    if (!LOADS_AS[entry.dtype]) {
      throw new CheckpointError(`${where(name)}: dtype ${entry.dtype} cannot be loaded; expected F32, C64, F64, I64, I32 or U32`);
    }
  }
  if (options.expect) {
    const expect = options.expect;
    const missing = Object.keys(expect).filter((n) => !file.tensors.has(n));
    const extra = [...file.tensors.keys()].filter((n) => !(n in expect));
    if (missing.length || extra.length) {
      throw new CheckpointError(
        `loadCheckpoint: ${path}: tensor names differ from the expected ones;` +
          (missing.length ? ` missing: ${missing.join(', ')};` : '') +
          (extra.length ? ` unexpected: ${extra.join(', ')};` : '') +
          ` expected ${Object.keys(expect).length} tensors, got ${file.tensors.size}`,
      );
    }
    for (const [name, want] of Object.entries(expect)) {
      const got = file.tensors.get(name)!;
      const dtype = LOADS_AS[got.dtype]!;
      if (dtype !== want.dtype) {
        throw new CheckpointError(`${where(name)}: dtype mismatch; expected ${want.dtype}, got ${got.dtype} (loads as ${dtype})`);
      }
      if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
        throw new CheckpointError(`${where(name)}: shape mismatch; expected ${fmt(want.shape)}, got ${fmt(got.shape)}`);
      }
    }
  }

  // decode and check everything on the host before anything is uploaded
  const host = new Map<string, Float32Array>();
  for (const [name, entry] of file.tensors) {
    const words = decodeFloat32(entry, where(name));
    const bad = options.allowNonFinite ? null : firstNonFinite(words);
    if (bad) {
      throw new CheckpointError(
        `${where(name)} ${describeNonFinite(words, bad, entry.dtype === 'C64')}; the checkpoint is corrupt or the training diverged before it was written`,
      );
    }
    host.set(name, words);
  }
  const tensors: Record<string, Tensor> = {};
  try {
    for (const [name, entry] of file.tensors) {
      tensors[name] = tensor(host.get(name)!, entry.shape, LOADS_AS[entry.dtype]!);
    }
  } catch (err) {
    for (const t of Object.values(tensors)) t.dispose();
    throw err;
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(file.metadata)) {
    try {
      metadata[key] = JSON.parse(value);
    } catch {
      metadata[key] = value;
    }
  }
  return { tensors, metadata };
}

/** Writes `data` to a temp file beside `path`, fsyncs it, renames it over `path`, then fsyncs the directory. */
async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    renamed = true;
    // Make the rename itself durable; some filesystems refuse fsync on a directory, which is not an error here.
    const dh = await open(dir, 'r').catch(() => null);
    if (dh)
      await dh
        .sync()
        .catch(() => undefined)
        .finally(() => dh.close());
  } catch (err) {
    if (!renamed) await unlink(tmp).catch(() => undefined);
    throw err instanceof CheckpointError ? err : new CheckpointError(`saveCheckpoint: cannot write ${path}: ${(err as Error).message}`);
  }
}
