/**
 * Writing dataset files (format.ts), atomically: the data goes to a temporary file next to the target, which is
 * flushed and renamed over the target only when complete, so readers never see a half-written dataset.
 *
 * `DatasetWriter` streams: tensors are declared up front (shapes known from the sample count), then each tensor's rows
 * are appended in order, chunk by chunk, while its CRC-32 accumulates; `close()` writes the final header (same length
 * as a fixed-width stand-in, CRCs being fixed-width) and renames. `writeDataset` is the one-call form for in-memory tensors.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import { crc32, crc32Hex } from './crc32.js';
import { DatasetError } from './dataset-error.js';
import {
  DATASET_FORMAT_VERSION,
  encodeHeader,
  layoutTensors,
  scalarCount,
  type DatasetHeader,
  type JsonValue,
  type TensorArray,
  type TensorData,
  type TensorEntry,
  type TensorSpec,
} from './format.js';

/** What the header records about the producer. */
export interface DatasetMeta {
  /** spec / generator name, e.g. 'upganet-miso' */
  readonly generator: string;
  /** the full generator configuration */
  readonly config: JsonValue;
  readonly seed: number;
  /** samples: the leading dimension of every tensor */
  readonly count: number;
}

interface TensorState {
  readonly entry: TensorEntry;
  /** scalars per sample (row) */
  readonly rowScalars: number;
  rowsWritten: number;
  crc: number;
}

export class DatasetWriter {
  private closed = false;

  private constructor(
    private readonly path: string,
    private readonly tempPath: string,
    private readonly file: FileHandle,
    private readonly meta: DatasetMeta,
    private readonly payloadStart: number,
    private readonly payloadBytes: number,
    private readonly headerBytes: number,
    private readonly states: Map<string, TensorState>,
  ) {}

  /** Opens a temporary file next to `path` and reserves the header. */
  static async create(path: string, meta: DatasetMeta, specs: readonly TensorSpec[]): Promise<DatasetWriter> {
    checkEndianness();
    if (!Number.isInteger(meta.seed)) throw new DatasetError('usage', `writeDataset: seed must be an integer; got ${meta.seed}`);
    if (!Number.isInteger(meta.count) || meta.count < 0)
      throw new DatasetError('usage', `writeDataset: count must be a non-negative integer; got ${meta.count}`);
    if (typeof meta.generator !== 'string' || meta.generator.length === 0) {
      throw new DatasetError('usage', `writeDataset: generator must be a non-empty string; got ${JSON.stringify(meta.generator)}`);
    }
    const { entries, payloadBytes } = layoutTensors(specs, meta.count);
    const header = makeHeader(meta, entries, payloadBytes);
    const encoded = encodeHeader(header);
    const tempPath = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    let file: FileHandle;
    try {
      file = await open(tempPath, 'wx');
    } catch (err) {
      throw new DatasetError('io', `writeDataset: cannot create ${tempPath}: ${(err as Error).message}`, path);
    }
    const states = new Map<string, TensorState>();
    for (const entry of entries) {
      const rowScalars = entry.shape.length > 0 && entry.shape[0] > 0 ? scalarCount(entry) / entry.shape[0] : 0;
      states.set(entry.name, { entry, rowScalars, rowsWritten: 0, crc: 0 });
    }
    const writer = new DatasetWriter(path, tempPath, file, meta, encoded.length, payloadBytes, encoded.length, states);
    try {
      await file.write(encoded, 0, encoded.length, 0);
      // Size the file now so that alignment gaps read back as zeros.
      await file.truncate(encoded.length + payloadBytes);
    } catch (err) {
      await writer.abort();
      throw new DatasetError('io', `writeDataset: cannot write ${tempPath}: ${(err as Error).message}`, path);
    }
    return writer;
  }

  /** Appends the next rows of tensor `name` (a whole number of samples), in sample order. */
  async append(name: string, data: TensorArray): Promise<void> {
    if (this.closed) throw new DatasetError('usage', `DatasetWriter.append: the writer for ${this.path} is already closed`);
    const state = this.states.get(name);
    if (!state) throw new DatasetError('usage', `DatasetWriter.append: unknown tensor "${name}"; declared: ${[...this.states.keys()].join(', ')}`);
    const { entry, rowScalars } = state;
    const wantType = entry.dtype === 'int32' ? Int32Array : Float32Array;
    if (!(data instanceof wantType)) {
      throw new DatasetError('usage', `DatasetWriter.append: tensor "${name}" is ${entry.dtype}; expected a ${wantType.name}, got ${data.constructor.name}`);
    }
    if (rowScalars === 0 ? data.length !== 0 : data.length % rowScalars !== 0) {
      throw new DatasetError('usage', `DatasetWriter.append: tensor "${name}" takes whole samples of ${rowScalars} scalars; got ${data.length}`);
    }
    const rows = rowScalars === 0 ? 0 : data.length / rowScalars;
    if (state.rowsWritten + rows > entry.shape[0]) {
      throw new DatasetError(
        'usage',
        `DatasetWriter.append: tensor "${name}" has ${entry.shape[0]} samples; ${state.rowsWritten} written, ${rows} more is too many`,
      );
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const position = this.payloadStart + entry.byteOffset + state.rowsWritten * rowScalars * 4;
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, Math.min(bytes.length - done, 1 << 30), position + done);
      done += bytesWritten;
    }
    state.crc = crc32(bytes, state.crc);
    state.rowsWritten += rows;
  }

  /** Checks that every tensor is complete, writes the final header, flushes and renames over the target. */
  async close(): Promise<DatasetHeader> {
    if (this.closed) throw new DatasetError('usage', `DatasetWriter.close: the writer for ${this.path} is already closed`);
    for (const s of this.states.values()) {
      if (s.rowsWritten !== s.entry.shape[0]) {
        await this.abort();
        throw new DatasetError('usage', `DatasetWriter.close: tensor "${s.entry.name}" has ${s.rowsWritten} of ${s.entry.shape[0]} samples written`);
      }
    }
    const entries = [...this.states.values()].map((s) => ({ ...s.entry, crc32: crc32Hex(s.crc) }));
    const header = makeHeader(this.meta, entries, this.payloadBytes);
    const encoded = encodeHeader(header);
    if (encoded.length !== this.headerBytes) {
      await this.abort();
      throw new DatasetError('header', `DatasetWriter.close: the final header is ${encoded.length} bytes; expected the reserved ${this.headerBytes}`);
    }
    try {
      await this.file.write(encoded, 0, encoded.length, 0);
      await this.file.sync();
      await this.file.close();
      this.closed = true;
      await rename(this.tempPath, this.path);
    } catch (err) {
      await this.abort();
      throw new DatasetError('io', `writeDataset: cannot finish ${this.path}: ${(err as Error).message}`, this.path);
    }
    return header;
  }

  /** Discards the temporary file. */
  async abort(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.file.close().catch(() => undefined);
    }
    await rm(this.tempPath, { force: true });
  }
}

/**
 * Writes in-memory tensors (all with leading dimension `meta.count`) atomically; tensor order = key order of
 * `tensors`. Returns the header written.
 */
export async function writeDataset(path: string, meta: DatasetMeta, tensors: Readonly<Record<string, TensorData>>): Promise<DatasetHeader> {
  const specs: TensorSpec[] = Object.entries(tensors).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape }));
  for (const [name, t] of Object.entries(tensors)) {
    const expected = scalarCount(t);
    if (t.data.length !== expected) {
      throw new DatasetError('usage', `writeDataset: tensor "${name}" ${t.dtype} [${t.shape.join(', ')}] needs ${expected} scalars; got ${t.data.length}`);
    }
  }
  const writer = await DatasetWriter.create(path, meta, specs);
  try {
    for (const [name, t] of Object.entries(tensors)) await writer.append(name, t.data);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.close();
}

function makeHeader(meta: DatasetMeta, tensors: readonly TensorEntry[], payloadBytes: number): DatasetHeader {
  return {
    format: 'phasor-dataset',
    formatVersion: DATASET_FORMAT_VERSION,
    generator: meta.generator,
    config: meta.config,
    seed: meta.seed,
    count: meta.count,
    payloadBytes,
    tensors,
  };
}

export function checkEndianness(): void {
  if (endianness() !== 'LE') {
    throw new DatasetError('io', 'dataset: files are little-endian and this host is big-endian; byte swapping is unsupported');
  }
}
