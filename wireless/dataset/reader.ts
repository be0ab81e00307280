/**
 * Reading dataset files (format.ts) with full validation: magic, version, header JSON and layout, file size (refuses
 * truncated files and trailing bytes), the expected generator, and each tensor's CRC-32. Every refusal is a
 * DatasetError whose `reason` names the problem.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, crc32Hex } from './crc32.js';
import { DatasetError } from './dataset-error.js';
import { DATASET_FORMAT_VERSION, DATASET_MAGIC, PREAMBLE_BYTES, arrayFor, scalarCount, parseHeader, type DatasetHeader, type TensorData } from './format.js';
import { checkEndianness } from './writer.js';

export interface Dataset {
  readonly header: DatasetHeader;
  /** tensors by name, in header order */
  readonly tensors: Readonly<Record<string, TensorData>>;
}

export interface ReadOptions {
  /** refuse files whose header generator differs */
  readonly expectedGenerator?: string;
  /** skip the CRC check (faster for very large files); default false */
  readonly skipChecksum?: boolean;
}

/** Reads and validates a whole dataset. `expected` is the generator name or ReadOptions. */
export async function readDataset(path: string, expected?: string | ReadOptions): Promise<Dataset> {
  checkEndianness();
  const options: ReadOptions = typeof expected === 'string' ? { expectedGenerator: expected } : (expected ?? {});
  const file = await openFile(path);
  try {
    const { header, payloadStart } = await readHeaderFrom(file, path, options.expectedGenerator);
    const tensors: Record<string, TensorData> = {};
    for (const t of header.tensors) {
      const data = arrayFor(t.dtype, scalarCount(t));
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      await readFully(file, bytes, payloadStart + t.byteOffset, path);
      if (!options.skipChecksum) {
        const actual = crc32Hex(crc32(bytes));
        if (actual !== t.crc32) {
          throw new DatasetError(
            'checksum',
            `readDataset: tensor "${t.name}" fails its checksum; expected crc32 ${t.crc32}, got ${actual}. The file is corrupted: regenerate it`,
            path,
          );
        }
      }
      tensors[t.name] = { dtype: t.dtype, shape: t.shape, data };
    }
    return { header, tensors };
  } finally {
    await file.close();
  }
}

/** Reads and validates the header and the file size only (no payload, no checksums): for `phasor data info`. */
export async function readDatasetHeader(path: string, expectedGenerator?: string): Promise<DatasetHeader> {
  const file = await openFile(path);
  try {
    return (await readHeaderFrom(file, path, expectedGenerator)).header;
  } finally {
    await file.close();
  }
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw new DatasetError('io', `readDataset: cannot open: ${(err as Error).message}`, path);
  }
}

async function readHeaderFrom(file: FileHandle, path: string, expectedGenerator?: string): Promise<{ header: DatasetHeader; payloadStart: number }> {
  const size = (await file.stat()).size;
  if (size < PREAMBLE_BYTES) {
    throw new DatasetError('truncated', `readDataset: the file is truncated; expected at least ${PREAMBLE_BYTES} bytes, got ${size}`, path);
  }
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  await readFully(file, preamble, 0, path);
  const magic = preamble.toString('latin1', 0, 8);
  if (magic !== DATASET_MAGIC) {
    throw new DatasetError('bad-magic', `readDataset: not a Phasor dataset; expected magic "${DATASET_MAGIC}", got ${JSON.stringify(magic)}`, path);
  }
  const version = preamble.readUInt32LE(8);
  if (version !== DATASET_FORMAT_VERSION) {
    throw new DatasetError('version', `readDataset: unsupported format version; expected ${DATASET_FORMAT_VERSION}, got ${version}`, path);
  }
  const headerLength = preamble.readUInt32LE(12);
  const payloadStart = PREAMBLE_BYTES + headerLength;
  if (payloadStart > size) {
    throw new DatasetError('truncated', `readDataset: the file is truncated inside the header; expected at least ${payloadStart} bytes, got ${size}`, path);
  }
  const headerBytes = Buffer.alloc(headerLength);
  await readFully(file, headerBytes, PREAMBLE_BYTES, path);
  const header = parseHeader(headerBytes.toString('utf8'), path);
  const expectedSize = payloadStart + header.payloadBytes;
  if (size < expectedSize) {
    throw new DatasetError(
      'truncated',
      `readDataset: the file is truncated; expected ${expectedSize} bytes, got ${size} (${expectedSize - size} missing). Regenerate it`,
      path,
    );
  }
  if (size > expectedSize) {
    throw new DatasetError(
      'trailing-bytes',
      `readDataset: the file has ${size - expectedSize} bytes after the payload; expected ${expectedSize} bytes in all, got ${size}`,
      path,
    );
  }
  if (expectedGenerator !== undefined && header.generator !== expectedGenerator) {
    throw new DatasetError(
      'generator-mismatch',
      `readDataset: the dataset was made by another generator; expected "${expectedGenerator}", got "${header.generator}"`,
      path,
    );
  }
  return { header, payloadStart };
}

/** largest single read request (fs limits one call to < 2 GiB) */
const IO_CHUNK = 1 << 30;

async function readFully(file: FileHandle, into: Uint8Array, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await file.read(into, done, Math.min(into.length - done, IO_CHUNK), position + done);
    if (bytesRead === 0) {
      throw new DatasetError('truncated', `readDataset: unexpected end of file at byte ${position + done}; expected ${into.length - done} more bytes`, path);
    }
    done += bytesRead;
  }
}
