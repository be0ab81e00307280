import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/context.js';
import { JHPF_PRESETS, type JhpfConfig } from '../../../../models/jhpf/config.js';
import { estimateAt, flattenSubcarriers, headOf, loadNarrowband, loadOfdm, splitSeed } from '../../../../models/jhpf/data.js';

const tiny: JhpfConfig = {
  ...JHPF_PRESETS.quick,
  ofdm: { subcarriers: 4, analogFrom: 1 },
  data: { ...JHPF_PRESETS.quick.data, train: 6, validation: 3, test: 5, ofdmTrain: 2, ofdmValidation: 1, ofdmTest: 2 },
};

describe('jhpf datasets', () => {
  it('writes each set once under the cache and reads the same channels back', async () => {
    const base = mkdtempSync(join(tmpdir(), 'phasor-jhpf-data-'));
    const ctx = makeRunContext({ config: tiny, runDir: join(base, 'run'), seed: 3 });
    const test = await loadNarrowband(ctx, 'umi', 'test');
    expect(test.H.shape).toEqual([5, 16, 32]);
    expect(test.estimates.map((e) => e.pilotSnrDb)).toEqual([10, 20]);
    const dir = join(ctx.cacheDir, 'jhpf');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const mtime = statSync(join(dir, files[0])).mtimeMs;
    const again = await loadNarrowband(ctx, 'umi', 'test');
    expect(again.H.data).toEqual(test.H.data);
    expect(statSync(join(dir, files[0])).mtimeMs).toBe(mtime);
    // an estimate is the channel plus noise of the stated pilot SNR: NMSE ≈ 1/(1 + ρ) for LMMSE
    const est = estimateAt(test, 10);
    let err = 0;
    let pow = 0;
    for (let i = 0; i < est.data.length; i++) {
      err += (est.data[i] - test.H.data[i]) ** 2;
      pow += test.H.data[i] ** 2;
    }
    expect(err / pow).toBeGreaterThan(0.05);
    expect(err / pow).toBeLessThan(0.15);
    expect(() => estimateAt(test, 5)).toThrow(/no channel estimate at 5 dB; have 10, 20/);
  });

  it('keeps the splits and scenarios independent, and OFDM sets [n, K, N_r, N_t]', async () => {
    const base = mkdtempSync(join(tmpdir(), 'phasor-jhpf-data-'));
    const ctx = makeRunContext({ config: tiny, runDir: join(base, 'run'), seed: 3 });
    const train = await loadNarrowband(ctx, 'umi', 'train');
    const validation = await loadNarrowband(ctx, 'umi', 'validation');
    expect(train.H.shape[0]).toBe(6);
    expect(train.estimates).toEqual([]);
    expect(train.H.data.subarray(0, 8)).not.toEqual(validation.H.data.subarray(0, 8));
    expect(splitSeed(3, 'jhpf-umi', 'train')).not.toBe(splitSeed(3, 'jhpf-umi', 'test'));
    const ofdm = await loadOfdm(ctx, 'uma', 'test');
    expect(ofdm.H.shape).toEqual([2, 4, 16, 32]);
    expect(flattenSubcarriers(ofdm.H).shape).toEqual([8, 16, 32]);
    expect(headOf(ofdm.H, 1).data.length).toBe(4 * 16 * 32 * 2);
  });
});
