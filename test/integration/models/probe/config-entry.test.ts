/**
 * The probe model's config (checked keys, presets) and its ModelEntry end to end on a tiny setting: train every scheme
 * (with and without noise-adding), resume, evaluate into Figs. 2–4, the B sweep and the site statistics.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeConfig, PROBE_PRESETS } from '../../../../models/probe/config.js';
import { probeModel } from '../../../../models/probe/entry.js';
import { MODELS } from '../../../../models/registry.js';
import { ConfigError, makeRunContext } from '../../../../models/run/index.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

describe('probe config', () => {
  it('the paper preset is Table I / II with 200 epochs; quick is smaller', () => {
    const p = parseProbeConfig(PROBE_PRESETS.paper);
    expect(p.system).toMatchObject({ probes: 8, horizontal: 16, vertical: 8, bandwidthHz: 100e6, noiseDbmPerHz: -174, symbolS: 8.92e-6, slotS: 20e-3 });
    expect(p.training.epochs).toBe(200);
    expect(p.training.hidden).toEqual([200, 200, 200]);
    expect(p.schemes).toEqual(['uniform', 'angle', 'beam', 'reference']);
    const q = parseProbeConfig(PROBE_PRESETS.quick);
    expect(q.data.train).toBeLessThan(p.data.train);
    expect(q.training.hidden).toEqual([200, 200, 200]);
  });

  it('refuses unknown keys, wrong types and broken cross-field rules with the key path', () => {
    expect(() => parseProbeConfig({ training: { epoch: 3 } })).toThrow(ConfigError);
    expect(() => parseProbeConfig({ training: { epoch: 3 } })).toThrow(/probe\.training\.epoch: unknown key/);
    expect(() => parseProbeConfig({ data: { train: '10' } })).toThrow(/probe\.data\.train: expected number/);
    expect(() => parseProbeConfig({ schemes: ['beam', 'magic'] })).toThrow(/probe\.schemes: expected a non-empty subset/);
    expect(() => parseProbeConfig({ training: { gradients: 'exact' } })).toThrow(/probe\.training\.gradients/);
    expect(() => parseProbeConfig({ training: { lr: 1e20 } })).toThrow(/probe\.training\.lr: expected a value in \(0, 1\]/);
    expect(() => parseProbeConfig({ system: { transmitPowerDbm: 1e308 } })).toThrow(/probe\.system\.transmitPowerDbm/);
    expect(() => parseProbeConfig({ quantization: { sweepBits: [3, 0] } })).toThrow(/phase bits/);
    expect(() => parseProbeConfig({ training: { hidden: [200, 200] } })).toThrow(/three hidden layers/);
    expect(() => parseProbeConfig({ fig4: { wideBeams: 12 } })).toThrow(/must divide N = 128/);
  });

  it('is registered for phasor train|eval|reproduce', () => {
    expect(MODELS.map((m) => m.name)).toContain('probe');
  });
});

describe('probe ModelEntry', () => {
  it('trains every scheme twice (checkpoints, history with validation top-K), resumes, and evaluates into the report', async () => {
    const config = probeModel.parseConfig({
      data: { train: 256, validation: 64, test: 96 },
      schemes: ['uniform', 'beam', 'angle', 'reference'],
      training: { epochs: 2, batch: 64, hidden: [16, 16, 16] },
      quantization: { bits: 3, sweepBits: [3, 5] },
      fig4: { maxUsers: 100, wideBeams: 16 },
    });
    const base = mkdtempSync(join(tmpdir(), 'phasor-probe-entry-'));
    const ctx = makeRunContext({ config, runDir: join(base, 'run'), cacheDir: join(base, 'cache') });
    const trained = await probeModel.train(ctx);
    expect(Object.keys(trained.checkpoints).sort()).toEqual(
      [
        'probe-angle',
        'probe-angle-noise',
        'probe-beam',
        'probe-beam-noise',
        'probe-reference',
        'probe-reference-noise',
        'probe-uniform',
        'probe-uniform-noise',
      ].sort(),
    );
    for (const path of Object.values(trained.checkpoints)) expect(existsSync(path)).toBe(true);
    const h = trained.history['probe-beam'];
    expect(h).toHaveLength(2);
    for (const key of ['loss', 'top1', 'top3', 'top5', 'top3Quantized']) expect(Number.isFinite(h[1][key])).toBe(true);
    expect(h[1].top5).toBeGreaterThanOrEqual(h[1].top3);

    const resumed = await probeModel.train({ ...ctx, resume: true });
    expect(resumed.history['probe-beam']).toEqual(h); // nothing left to train

    const report = await probeModel.evaluate(ctx);
    expect(report.figures.map((f) => f.id)).toEqual(['rsrp-histogram', 'fig2-top3-vs-epoch', 'fig3-topk-accuracy', 'fig4-ear-vs-users', 'bits-sweep-top3']);
    const fig2 = report.figures[1];
    expect(fig2.series.map((s) => s.name)).toEqual(['beam domain', 'uniform', 'angle domain', 'beam quantized', 'noise quantized']);
    expect(fig2.series[0].y).toEqual(h.map((r) => r.top3)); // the history read back from the checkpoint
    const fig3 = report.figures[2];
    expect(fig3.series).toHaveLength(4 * 3);
    const fig4 = report.figures[3];
    expect(fig4.series.map((s) => s.name)).toEqual([
      'uniform DFT probes + Algorithm 1 (13 per user)',
      'beam domain + Algorithm 1 (13 per user)',
      'angle domain + Algorithm 1 (13 per user)',
      'reference [10] + Algorithm 1 (13 per user)',
      'hierarchical search (24 per user)',
      'binary search (14 per user)',
      'optimal beam, no training',
    ]);
    const hier = fig4.series[4].y;
    expect(hier).toHaveLength(100);
    expect(hier[99]).toBe(0); // 100 · 24 · 8.92 µs > 20 ms
    expect(fig4.series[5].y[99]).toBeGreaterThan(0);
    // every claim states a verdict, and a NaN never agrees
    for (const claim of report.figures.flatMap((f) => f.claims ?? [])) {
      expect(typeof claim.agrees).toBe('boolean');
      if (/NaN/.test(claim.ours)) expect(claim.agrees).toBe(false);
    }
    expect(report.tables.map((t) => t.id)).toEqual(['optimal-beam-grid', 'fig3-table', 'bits-sweep-table']);
    expect(report.tables[1].rows).toHaveLength(12);
  });
});
