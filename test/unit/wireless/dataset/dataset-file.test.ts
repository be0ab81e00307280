import { mkdtemp, readFile, readdir, rm, writeFile, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32, crc32Hex } from '../../../../wireless/dataset/crc32.js';
import { DatasetError, type DatasetErrorReason } from '../../../../wireless/dataset/dataset-error.js';
import { readDataset, readDatasetHeader } from '../../../../wireless/dataset/reader.js';
import { DatasetWriter, writeDataset } from '../../../../wireless/dataset/writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phasor-dataset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meta = { generator: 'unit-test', config: { a: 1, nested: { z: [1, 2], b: 'x' } }, seed: 42, count: 3 };
const tensors = {
  H: { dtype: 'complex64' as const, shape: [3, 2, 2], data: Float32Array.from({ length: 24 }, (_, i) => i * 0.5 - 3) },
  label: { dtype: 'int32' as const, shape: [3], data: Int32Array.from([7, -1, 2]) },
  x: { dtype: 'float32' as const, shape: [3, 1], data: Float32Array.from([0.25, 1e-30, -5]) },
};

async function expectRefusal(path: string, reason: DatasetErrorReason, message: RegExp, generator?: string): Promise<void> {
  const err = await readDataset(path, generator).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetError);
  expect((err as DatasetError).reason).toBe(reason);
  expect((err as DatasetError).message).toMatch(message);
}

describe('crc32', () => {
  it('has the standard check value', () => {
    expect(crc32Hex(crc32(new TextEncoder().encode('123456789')))).toBe('cbf43926');
    const all = new TextEncoder().encode('hello world');
    expect(crc32(all.subarray(5), crc32(all.subarray(0, 5)))).toBe(crc32(all));
  });
});

describe('dataset files', () => {
  it('round-trip header and tensors', async () => {
    const path = join(dir, 'a.pds');
    const written = await writeDataset(path, meta, tensors);
    const { header, tensors: back } = await readDataset(path, 'unit-test');
    expect(header).toEqual(written);
    expect(header.config).toEqual(meta.config);
    expect(header.tensors.map((t) => t.name)).toEqual(['H', 'label', 'x']);
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name].dtype).toBe(t.dtype);
      expect(back[name].shape).toEqual(t.shape);
      expect(Array.from(back[name].data)).toEqual(Array.from(t.data));
    }
    expect(back.label.data).toBeInstanceOf(Int32Array);
    expect(await readDatasetHeader(path)).toEqual(written);
    // no temporary files left behind
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('writes identical bytes for identical input, whatever the chunking', async () => {
    const p1 = join(dir, 'b1.pds');
    const p2 = join(dir, 'b2.pds');
    await writeDataset(p1, meta, tensors);
    const w = await DatasetWriter.create(
      p2,
      meta,
      Object.entries(tensors).map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape })),
    );
    await w.append('x', tensors.x.data.subarray(0, 1));
    await w.append('H', tensors.H.data.subarray(0, 16));
    await w.append('label', tensors.label.data);
    await w.append('x', tensors.x.data.subarray(1));
    await w.append('H', tensors.H.data.subarray(16));
    await w.close();
    expect(Buffer.compare(await readFile(p1), await readFile(p2))).toBe(0);
  });

  it('refuses truncated files', async () => {
    const path = join(dir, 't.pds');
    await writeDataset(path, meta, tensors);
    const size = (await readFile(path)).length;
    await truncate(path, size - 4);
    await expectRefusal(path, 'truncated', /truncated; expected \d+ bytes, got \d+/);
    await truncate(path, 40);
    await expectRefusal(path, 'truncated', /inside the header/);
    await truncate(path, 5);
    await expectRefusal(path, 'truncated', /at least 16 bytes/);
  });

  it('refuses corrupted payloads, headers, magic and trailing bytes', async () => {
    const path = join(dir, 'c.pds');
    await writeDataset(path, meta, tensors);
    const good = await readFile(path);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 3] ^= 0x10;
    await writeFile(path, flipped);
    await expectRefusal(path, 'checksum', /tensor "x" fails its checksum/);

    const badJson = Buffer.from(good);
    badJson[16] = 0x5b; // '{' → '['
    await writeFile(path, badJson);
    await expectRefusal(path, 'header', /not valid JSON|corrupted header/);

    const text = good.toString('latin1');
    const reshaped = Buffer.from(text.replace('"shape":[3,2,2]', '"shape":[3,2,1]'), 'latin1');
    await writeFile(path, reshaped);
    await expectRefusal(path, 'shape', /byteLength is 96; expected 48/);

    const magic = Buffer.from(good);
    magic.write('NOTPHASR', 0, 'latin1');
    await writeFile(path, magic);
    await expectRefusal(path, 'bad-magic', /not a Phasor dataset/);

    await writeFile(path, Buffer.concat([good, Buffer.from([0])]));
    await expectRefusal(path, 'trailing-bytes', /1 bytes after the payload/);
  });

  it('refuses a file made by another generator', async () => {
    const path = join(dir, 'g.pds');
    await writeDataset(path, meta, tensors);
    await expectRefusal(path, 'generator-mismatch', /expected "upganet-miso", got "unit-test"/, 'upganet-miso');
  });

  it('refuses inconsistent tensors at write time and cleans up', async () => {
    const path = join(dir, 'w.pds');
    await expect(writeDataset(path, meta, { H: { dtype: 'complex64', shape: [3, 2], data: new Float32Array(6) } })).rejects.toThrow(/needs 12 scalars; got 6/);
    await expect(writeDataset(path, meta, { H: { dtype: 'float32', shape: [4], data: new Float32Array(4) } })).rejects.toThrow(
      /leading dimension must be the sample count 3/,
    );
    const w = await DatasetWriter.create(path, meta, [{ name: 'x', dtype: 'float32', shape: [3, 2] }]);
    await expect(w.append('x', new Float32Array(3))).rejects.toThrow(/whole samples of 2 scalars/);
    await expect(w.append('x', new Int32Array(2) as unknown as Float32Array)).rejects.toThrow(/expected a Float32Array/);
    await w.append('x', new Float32Array(2));
    await expect(w.close()).rejects.toThrow(/1 of 3 samples written/);
    expect((await readdir(dir)).filter((f) => f.startsWith('w.pds'))).toEqual([]);
  });
});
