import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/index.js';
import { hyperrnnModel } from '../../../../models/hyperrnn/entry.js';
import { HYPERRNN_PRESETS, type HyperrnnConfig } from '../../../../models/hyperrnn/config.js';
import { MODELS } from '../../../../models/registry.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

/** Every size shrunk so that train + evaluate of the 7 networks take seconds. */
const TINY: HyperrnnConfig = {
  ...HYPERRNN_PRESETS.quick,
  system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: 8, numSlots: 3, evalSlot: 2 },
  fig4: { ...HYPERRNN_PRESETS.quick.fig4, bits: [4], ulPilots: [1, 2], paths: 2 },
  fig5: { ...HYPERRNN_PRESETS.quick.fig5, bits: 4, ulPilots: 1, paths: [2, 4] },
  networks: { encoder: [8], dnnEstimator: [8], hyperUnits: 8, rnnUnits: 4, omegaBias: 1 },
  training: { ...HYPERRNN_PRESETS.quick.training, batch: 8, dnnBatch: 8, epochs: 1, stepsPerEpoch: 3, validation: 8 },
  test: { sequences: 16, chunk: 16 },
};

describe('hyperrnn ModelEntry', () => {
  it('is registered, trains every network of Figs. 4 and 5 (checkpoints), resumes, and evaluates into the report', async () => {
    expect(MODELS.map((m) => m.name)).toContain('hyperrnn');
    const config = hyperrnnModel.parseConfig(TINY);
    const base = mkdtempSync(join(tmpdir(), 'phasor-hyperrnn-entry-'));
    const ctx = makeRunContext({ config, runDir: join(base, 'run'), cacheDir: join(base, 'cache') });
    const trained = await hyperrnnModel.train(ctx);
    const names = ['fig4-dldnn-B4', 'fig4-hyperrnn-B4-Lul1', 'fig4-hyperrnn-B4-Lul2', 'fig5-dldnn-P2', 'fig5-hyperrnn-P2', 'fig5-dldnn-P4', 'fig5-hyperrnn-P4'];
    expect(Object.keys(trained.checkpoints)).toEqual(names);
    for (const path of Object.values(trained.checkpoints)) expect(existsSync(path)).toBe(true);
    expect(trained.history['fig5-hyperrnn-P2']).toHaveLength(1);

    const resumed = await hyperrnnModel.train({ ...ctx, resume: true });
    expect(resumed.history).toEqual(trained.history);

    const report = await hyperrnnModel.evaluate(ctx); // from the checkpoints on disk
    expect(report.figures.map((f) => f.id)).toEqual(['fig4-nmse-vs-bits', 'fig5-nmse-vs-paths', 'nmse-vs-slot']);
    const [f4, f5, fs] = report.figures;
    expect(f4.series.map((s) => s.name)).toEqual(['DL-DNN', 'HyperRNN, L_ul = 1', 'HyperRNN, L_ul = 2', 'zero estimate (NMSE 1)']);
    expect(f5.series[0].x).toEqual([2, 4]);
    expect(fs.series).toHaveLength(4);
    for (const s of fs.series) expect(s.y).toHaveLength(3);
    for (const f of [f4, f5, fs]) for (const s of f.series) for (const y of s.y) expect(Number.isFinite(y)).toBe(true);
    expect(f4.claims).toHaveLength(3);
    expect(f4.claims![2].agrees).toBeUndefined(); // one B: the trend in B is not decidable
    expect(f5.claims).toHaveLength(2);
    expect(fs.claims).toHaveLength(2);
    for (const claim of [...f4.claims!, ...f5.claims!, ...fs.claims!]) expect(claim.agrees === undefined || typeof claim.agrees === 'boolean').toBe(true);
    const results = report.results as { nmsePerSlot: Record<string, number[]>; fig4: { gainDb: Record<string, number[]> } };
    expect(Object.keys(results.nmsePerSlot)).toEqual(names);
    expect(results.fig4.gainDb['1']).toHaveLength(1);
  });
});
