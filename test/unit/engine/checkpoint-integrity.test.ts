/**
 * Checkpoint integrity: a SHA-256 over header and data in `__metadata__` verified on load, and non-finite tensors
 * refused by name, on load and when a training state is saved (the previous file then stays as it was).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Adam, Generator, Linear, tensor } from '../../../engine/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../../engine/checkpoint/checkpoint.js';
import { CheckpointError } from '../../../engine/checkpoint/errors.js';
import { CHECKSUM_KEY, decodeSafetensors, encodeSafetensors, float32Entry } from '../../../engine/checkpoint/safetensors.js';
import { loadTrainingState, saveTrainingState } from '../../../engine/checkpoint/training-state.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

const dir = mkdtempSync(join(tmpdir(), 'phasor-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const nextPath = () => join(dir, `ckpt-${++fileNo}.safetensors`);

async function rejection(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected a CheckpointError').toBeInstanceOf(CheckpointError);
  return (err as Error).message;
}

/** Header length and the data's first byte offset of a safetensors file. */
function layout(bytes: Uint8Array): { headerEnd: number } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { headerEnd: 8 + n };
}

function tiny() {
  const net = new Linear(3, 2, { generator: new Generator(5) });
  const opt = new Adam(net.namedParameters(), { lr: 0.01 });
  return { net, opt };
}

describe('checkpoint checksum', () => {
  it('is written into __metadata__ and verified: a flipped bit in the data or the header is refused', async () => {
    const path = nextPath();
    await saveCheckpoint(path, { tensors: { w: tensor(randomData(64, 1), [8, 8]), mu: tensor([0.01, 0.02], [2]) }, metadata: { step: 7 } });
    const good = readFileSync(path);
    const header = JSON.parse(good.subarray(8, layout(good).headerEnd).toString('utf8'));
    expect(header.__metadata__[CHECKSUM_KEY]).toMatch(/^[0-9a-f]{64}$/);
    const loaded = await loadCheckpoint(path, { requireChecksum: true });
    expect(loaded.metadata).toEqual({ step: 7 }); // the checksum is not part of the caller's metadata
    expect(decodeSafetensors(good).checksum).toBe('verified');

    // the probe of issue 13: one exponent bit of a step size flipped (0.01 → ~3.4e36), still finite
    const data = Buffer.from(good);
    const mu = header.mu.data_offsets[0] as number;
    data[layout(good).headerEnd + mu + 3] ^= 0x40;
    writeFileSync(path, data);
    expect(await rejection(loadCheckpoint(path))).toMatch(/checksum mismatch.*corrupt/);

    // a metadata value changed in the header (same length, still valid JSON)
    const text = Buffer.from(good);
    const at = text.indexOf('"step":"7"');
    expect(at).toBeGreaterThan(0);
    text[at + 8] = '8'.charCodeAt(0);
    writeFileSync(path, text);
    expect(await rejection(loadCheckpoint(path))).toMatch(/checksum mismatch/);

    // a tampered digest
    const digest = Buffer.from(good);
    const d = digest.indexOf(header.__metadata__[CHECKSUM_KEY]);
    digest[d] = digest[d] === 0x61 ? 0x62 : 0x61;
    writeFileSync(path, digest);
    expect(await rejection(loadCheckpoint(path))).toMatch(/checksum mismatch/);
  });

  it('loads a file without one (other tools), unless the checksum is required; the key is reserved', async () => {
    const path = nextPath();
    writeFileSync(path, encodeSafetensors({ w: float32Entry(new Float32Array([1, 2]), [2], 'F32') }, { step: '3' }));
    expect((await loadCheckpoint(path)).metadata).toEqual({ step: 3 });
    expect(await rejection(loadCheckpoint(path, { requireChecksum: true }))).toMatch(/has no checksum/);
    expect(() => encodeSafetensors({}, { [CHECKSUM_KEY]: 'x' })).toThrow(/reserved/);
  });

  it('refuses a training state without a checksum or with a changed byte, leaving the module untouched', async () => {
    const src = tiny();
    const path = nextPath();
    await saveTrainingState(path, { module: src.net, optimizer: src.opt, step: 1 });
    const good = readFileSync(path);
    const dst = tiny();
    await loadTrainingState(path, { module: dst.net, optimizer: dst.opt });

    const bad = Buffer.from(good);
    bad[bad.length - 2] ^= 0x01;
    writeFileSync(path, bad);
    expect(await rejection(loadTrainingState(path, { module: dst.net, optimizer: dst.opt }))).toMatch(/checksum mismatch/);

    // the same tensors and metadata re-encoded without the checksum
    const file = decodeSafetensors(good);
    writeFileSync(path, encodeSafetensors(Object.fromEntries(file.tensors), file.metadata));
    expect(await rejection(loadTrainingState(path, { module: dst.net, optimizer: dst.opt }))).toMatch(/has no checksum/);
    for (const x of [src, dst]) {
      x.opt.dispose();
      x.net.dispose();
    }
  });
});

describe('non-finite tensors', () => {
  it('are refused on load, naming the tensor, the value and where it is (a valid checksum does not help)', async () => {
    const path = nextPath();
    const w = new Float32Array([1, 2, Number.NaN, 4, Number.POSITIVE_INFINITY, 6]);
    writeFileSync(
      path,
      encodeSafetensors({ 'model.weight': float32Entry(w, [3], 'C64'), ok: float32Entry(new Float32Array([1]), [1], 'F32') }, {}, { checksum: true }),
    );
    const msg = await rejection(loadCheckpoint(path));
    expect(msg).toMatch(/tensor 'model\.weight' holds NaN at element 1 \(real part\) and 1 more non-finite value/);
    expect((await loadCheckpoint(path, { allowNonFinite: true })).tensors['model.weight'].shape).toEqual([3]);
  });

  it('in optimizer state or parameters: saveTrainingState writes nothing, loadTrainingState refuses naming the tensor', async () => {
    const src = tiny();
    const path = nextPath();
    await saveTrainingState(path, { module: src.net, optimizer: src.opt, step: 1 });
    const before = readFileSync(path);

    // a parameter turned NaN: the save is refused, naming it, and the good file stays
    const state = src.net.stateDict();
    src.net.loadStateDict({ ...state, weight: tensor(new Float32Array(6).fill(Number.NaN), state.weight.shape) });
    const msg = await rejection(saveTrainingState(path, { module: src.net, optimizer: src.opt, step: 2 }));
    expect(msg).toMatch(/tensor 'model\.weight' holds NaN at element 0 and 5 more non-finite values; nothing was written/);
    expect(readFileSync(path)).toEqual(before);

    // a file whose optimizer moment is infinite (written by hand, checksum valid)
    const file = decodeSafetensors(before);
    const entries = Object.fromEntries(file.tensors);
    const moment = Object.keys(entries).find((k) => k.startsWith('optim.'))!;
    const words = new Float32Array(new Uint8Array(entries[moment].data).buffer);
    words[words.length - 1] = Number.NEGATIVE_INFINITY;
    entries[moment] = float32Entry(words, entries[moment].shape, 'F32');
    writeFileSync(path, encodeSafetensors(entries, file.metadata, { checksum: true }));
    const dst = tiny();
    const loadMsg = await rejection(loadTrainingState(path, { module: dst.net, optimizer: dst.opt }));
    expect(loadMsg).toContain(`tensor '${moment}' holds -Infinity at element ${words.length - 1}`);
    for (const x of [src, dst]) {
      x.opt.dispose();
      x.net.dispose();
    }
  });
});
