import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { complexTensor, tensor } from '../../../engine/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../../engine/checkpoint/checkpoint.js';
import { CheckpointError } from '../../../engine/checkpoint/errors.js';
import { decodeFloat32, decodeSafetensors, encodeSafetensors, float32Entry } from '../../../engine/checkpoint/safetensors.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

const dir = mkdtempSync(join(tmpdir(), 'phasor-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const nextPath = () => join(dir, `ckpt-${++fileNo}.safetensors`);

/** A safetensors file from a header object (JSON written as given) and raw data bytes. */
function handMade(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function writeBytes(bytes: Uint8Array): string {
  const path = nextPath();
  writeFileSync(path, bytes);
  return path;
}

/** Runs `fn`, expecting a CheckpointError whose message matches every pattern. */
async function expectCheckpointError(fn: () => Promise<unknown> | unknown, ...patterns: RegExp[]): Promise<string> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a CheckpointError').toBeInstanceOf(CheckpointError);
  const message = (caught as Error).message;
  for (const p of patterns) expect(message).toMatch(p);
  return message;
}

const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('safetensors checkpoints', () => {
  it('round-trips f32 and c64 tensors bit for bit, with JSON metadata', async () => {
    const special = new Float32Array([0, -0, Infinity, -Infinity, NaN, 1e-45, 3.4028234663852886e38, -1.5e-39]);
    const real = new Float32Array(6 * 5);
    real.set(randomData(real.length, 11));
    real.set(special, 3);
    const cplx = randomData(2 * 4 * 3, 12);
    const path = nextPath();
    const metadata = { step: 1200, config: { lr: 1e-3, layers: [64, 32], name: 'dl-jhpf' }, rng: [1, 2, 3, 4], note: 'plain string' };
    await saveCheckpoint(path, {
      tensors: { 'layer0.w': tensor(real, [6, 5]), 'layer0.W_c': tensor(cplx, [4, 3], 'c64'), scalar: tensor([2.5], []) },
      metadata,
    });

    const loaded = await loadCheckpoint(path, {
      allowNonFinite: true,
      expect: { 'layer0.w': { shape: [6, 5], dtype: 'f32' }, 'layer0.W_c': { shape: [4, 3], dtype: 'c64' }, scalar: { shape: [], dtype: 'f32' } },
    });
    expect(Object.keys(loaded.tensors).sort()).toEqual(['layer0.W_c', 'layer0.w', 'scalar']);
    const w = loaded.tensors['layer0.w'];
    const wc = loaded.tensors['layer0.W_c'];
    expect([w.shape, w.dtype]).toEqual([[6, 5], 'f32']);
    expect([wc.shape, wc.dtype]).toEqual([[4, 3], 'c64']);
    expect(bytesOf(await w.read())).toEqual(bytesOf(real));
    expect(bytesOf(await wc.read())).toEqual(bytesOf(cplx));
    expect(await loaded.tensors.scalar.item()).toBe(2.5);
    expect(loaded.metadata).toEqual(metadata);
  });

  it('writes the layout of the Python library: padded header, __metadata__ strings, aligned data', async () => {
    const path = nextPath();
    await saveCheckpoint(path, {
      tensors: { b: tensor([1, 2, 3], [3]), a: complexTensor([1, 2], [3, 4], [2]) },
      metadata: { step: 7 },
    });
    const bytes = readFileSync(path);
    const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const text = bytes.subarray(8, 8 + n).toString('utf8');
    expect(text).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(text);
    expect(header.__metadata__).toEqual({ step: '7', 'phasor.sha256': expect.stringMatching(/^[0-9a-f]{64}$/) });
    // C64 (8-byte items) first, then F32: every tensor aligned to its item size.
    expect(header.a).toEqual({ dtype: 'C64', shape: [2], data_offsets: [0, 16] });
    expect(header.b).toEqual({ dtype: 'F32', shape: [3], data_offsets: [16, 28] });
    expect(bytes.length).toBe(8 + n + 28);
    expect(Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + 8 + n, bytes.byteOffset + 8 + n + 16)))).toEqual([1, 3, 2, 4]);
  });

  it('reads a hand-made file (F32, C64, F64, I64, U32, zero-size, foreign metadata)', async () => {
    const data = new Uint8Array(4 * 2 + 8 * 2 + 8 * 2 + 8 * 3 + 4 * 2);
    const dv = new DataView(data.buffer);
    let o = 0;
    const f32 = (v: number) => (dv.setFloat32(o, v, true), (o += 4));
    f32(1.5);
    f32(-2); // F32 [2]           0..8
    f32(1);
    f32(-1);
    f32(0.5);
    f32(0.25); // C64 [2] = [1 − j, 0.5 + 0.25j]   8..24
    dv.setFloat64(o, Math.PI, true);
    o += 8;
    dv.setFloat64(o, -1e-3, true);
    o += 8; // F64 [2]  24..40
    for (const v of [-3n, 0n, 16777216n]) {
      dv.setBigInt64(o, v, true);
      o += 8;
    } // I64 [3]  40..64
    dv.setUint32(o, 7, true);
    o += 4;
    dv.setUint32(o, 4000000, true);
    o += 4; // U32 [2, 1]  64..72
    const header = {
      __metadata__: { format: 'pt', step: '12' },
      u: { dtype: 'U32', shape: [2, 1], data_offsets: [64, 72] },
      x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      z: { dtype: 'C64', shape: [2], data_offsets: [8, 24] },
      d: { dtype: 'F64', shape: [2], data_offsets: [24, 40] },
      i: { dtype: 'I64', shape: [3], data_offsets: [40, 64] },
      empty: { dtype: 'F32', shape: [0, 4], data_offsets: [72, 72] },
    };
    const path = writeBytes(handMade(header, data, JSON.stringify(header) + '   '));
    const { tensors, metadata } = await loadCheckpoint(path);
    expect(metadata).toEqual({ format: 'pt', step: 12 });
    expect(Array.from(await tensors.x.read())).toEqual([1.5, -2]);
    expect(tensors.z.dtype).toBe('c64');
    expect(Array.from(await tensors.z.read())).toEqual([1, -1, 0.5, 0.25]);
    expect(Array.from(await tensors.d.read())).toEqual([Math.fround(Math.PI), Math.fround(-1e-3)]);
    expect(Array.from(await tensors.i.read())).toEqual([-3, 0, 16777216]);
    expect(tensors.u.shape).toEqual([2, 1]);
    expect(Array.from(await tensors.u.read())).toEqual([7, 4000000]);
    expect(tensors.empty.shape).toEqual([0, 4]);
  });

  it('refuses a truncated file', async () => {
    const path = nextPath();
    await saveCheckpoint(path, { tensors: { w: tensor(randomData(64, 1), [8, 8]) } });
    const full = readFileSync(path);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(full.subarray(0, full.length - 5))), /truncated/, /tensor 'w'/, /ckpt-\d+/);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(full.subarray(0, 5))), /at least 8/);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(full.subarray(0, 20))), /header length \d+ exceeds/);
  });

  it('refuses a bad header length, garbage JSON and malformed entries', async () => {
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(huge)), /header length 1099511627776 exceeds the 100000000-byte limit/);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(handMade(null, new Uint8Array(0), '{"w": {"dtype": "F32",'))), /not valid UTF-8 JSON/);
    await expectCheckpointError(() => loadCheckpoint(writeBytes(handMade(null, new Uint8Array(0), '[1, 2]'))), /starting with '\{'/);
    await expectCheckpointError(
      () => loadCheckpoint(writeBytes(handMade({ w: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)))),
      /tensor 'w': unknown dtype "Q8"/,
    );
    await expectCheckpointError(
      () => loadCheckpoint(writeBytes(handMade({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, new Uint8Array(12)))),
      /tensor 'w': data_offsets \[0, 12\] span 12 bytes; expected 16/,
    );
    await expectCheckpointError(
      () => loadCheckpoint(writeBytes(handMade({ __metadata__: { step: 3 } }, new Uint8Array(0)))),
      /__metadata__ value 'step' must be a string/,
    );
  });

  it('refuses overlapping, non-contiguous and partially covered offsets', async () => {
    const overlap = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } };
    await expectCheckpointError(() => loadCheckpoint(writeBytes(handMade(overlap, new Uint8Array(12)))), /tensor 'b'.*overlap tensor 'a'/);
    const gap = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } };
    await expectCheckpointError(() => loadCheckpoint(writeBytes(handMade(gap, new Uint8Array(12)))), /tensor 'b'.*start at 8; expected 4/);
    const trailing = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    await expectCheckpointError(() => loadCheckpoint(writeBytes(handMade(trailing, new Uint8Array(8)))), /cover 4 data bytes but the file holds 8/);
  });

  it('checks names, shapes and dtypes against `expect`, naming file, tensor, expected and actual', async () => {
    const path = nextPath();
    await saveCheckpoint(path, { tensors: { w: tensor(randomData(6, 2), [2, 3]), z: tensor(randomData(4, 3), [2], 'c64') } });
    const message = await expectCheckpointError(
      () => loadCheckpoint(path, { expect: { w: { shape: [3, 2], dtype: 'f32' }, z: { shape: [2], dtype: 'c64' } } }),
      /tensor 'w': shape mismatch; expected \[3, 2\], got \[2, 3\]/,
    );
    expect(message).toContain(path);
    await expectCheckpointError(
      () => loadCheckpoint(path, { expect: { w: { shape: [2, 3], dtype: 'f32' }, z: { shape: [2], dtype: 'f32' } } }),
      /tensor 'z': dtype mismatch; expected f32, got C64/,
    );
    await expectCheckpointError(
      () => loadCheckpoint(path, { expect: { w: { shape: [2, 3], dtype: 'f32' }, v: { shape: [2], dtype: 'c64' } } }),
      /missing: v; unexpected: z/,
    );
    await expectCheckpointError(() => loadCheckpoint(join(dir, 'does-not-exist.safetensors')), /cannot read/);
  });

  it('writes atomically: no temp files left, replaces an existing file, leaves it intact on failure', async () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const path = join(sub, 'model.safetensors');
    await saveCheckpoint(path, { tensors: { w: tensor([1, 2], [2]) }, metadata: { step: 1 } });
    await saveCheckpoint(path, { tensors: { w: tensor([3, 4], [2]) }, metadata: { step: 2 } });
    expect(readdirSync(sub)).toEqual(['model.safetensors']);
    const before = readFileSync(path);
    await expectCheckpointError(
      () => saveCheckpoint(path, { tensors: { w: tensor([5, 6], [2]) }, metadata: { step: 10n as unknown } }),
      /metadata 'step' is not JSON-serializable/,
    );
    await expectCheckpointError(() => saveCheckpoint(join(sub, 'missing-dir', 'x.safetensors'), { tensors: {} }), /cannot write/);
    expect(readdirSync(sub)).toEqual(['model.safetensors']);
    expect(readFileSync(path)).toEqual(before);
    const { tensors, metadata } = await loadCheckpoint(path);
    expect(Array.from(await tensors.w.read())).toEqual([3, 4]);
    expect(metadata.step).toBe(2);
  });

  it('encodes and decodes on the host without a GPU', () => {
    const bytes = encodeSafetensors({ v: float32Entry(new Float32Array([1, 2, 3, 4]), [2], 'C64') }, { k: 'v' });
    const file = decodeSafetensors(bytes);
    expect(file.metadata).toEqual({ k: 'v' });
    expect(Array.from(decodeFloat32(file.tensors.get('v')!))).toEqual([1, 2, 3, 4]);
    expect(() => decodeFloat32({ dtype: 'BF16', shape: [1], data: new Uint8Array(2) }, 'x')).toThrow(/cannot decode dtype BF16/);
    expect(() => decodeFloat32({ dtype: 'I64', shape: [1], data: new Uint8Array(new BigInt64Array([1n << 40n]).buffer) }, 'x')).toThrow(
      /not exactly representable/,
    );
  });
});
