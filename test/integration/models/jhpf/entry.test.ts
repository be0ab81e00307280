import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/context.js';
import { JHPF_PRESETS, type JhpfConfig } from '../../../../models/jhpf/config.js';
import { jhpfModel, jhpfNets } from '../../../../models/jhpf/entry.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

/** The paper's arrays with tiny networks, sets and budgets: the whole pipeline in seconds. */
const tiny: JhpfConfig = jhpfModel.parseConfig({
  ...JHPF_PRESETS.quick,
  hidden: { pp: [16], cp: [16], dp: [8], dc: [8], demod: [8] },
  ofdm: { subcarriers: 4, analogFrom: 1 },
  data: { ...JHPF_PRESETS.quick.data, train: 8, validation: 4, test: 4, ofdmTrain: 2, ofdmValidation: 1, ofdmTest: 2 },
  train: { ...JHPF_PRESETS.quick.train, epochs: 1, ofdmEpochs: 1, batchSize: 4, learningRates: [{ epoch: 0, lr: 1e-3 }] },
  evaluate: { ...JHPF_PRESETS.quick.evaluate, snrDb: [-10, 10], targetErrors: 20, maxBits: 20_000, runtimeChannels: 2, runtimeRepeats: 1 },
  pretrain: { ...JHPF_PRESETS.quick.pretrain, steps: 2, ofdmSteps: 1, batchSize: 4 },
  baselines: { ...JHPF_PRESETS.quick.baselines, hbdlSteps: 2, dldhpSteps: 2, batchSize: 4 },
});

describe('jhpf model entry', () => {
  it('trains both frameworks of both rows (faithful, Phasor variant) and evaluates every figure and Table II into a Report', async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'phasor-jhpf-entry-')), 'run');
    const ctx = makeRunContext({ config: tiny, runDir, seed: 5 });
    const trained = await jhpfModel.train(ctx);
    for (const v of ['faithful', 'phasor'] as const) {
      for (const name of Object.values(jhpfNets(v))) {
        expect(existsSync(trained.checkpoints[name])).toBe(true);
        expect(trained.history[name]).toHaveLength(1);
        expect(Number.isFinite(trained.history[name][0].loss)).toBe(true);
      }
      // the narrowband history carries the health checks and the per-stream validation BER of every epoch
      const h = trained.history[jhpfNets(v).narrowband][0];
      for (const k of ['beamGain', 'beamGainShuffled', 'endToEndRank', 'sigma2Heq0', 'ber10dBStream0', 'ber10dBStream2'])
        expect(Number.isFinite(h[k])).toBe(true);
    }
    // only the Phasor variant pretrains its analog networks (log det), with a trace in the history
    expect(trained.history[`${jhpfNets('phasor').narrowband}:pretrain`].length).toBeGreaterThan(0);
    expect(trained.history[`${jhpfNets('faithful').narrowband}:pretrain`]).toBeUndefined();
    // evaluate reads the checkpoints from the run directory when not handed the training outcome
    const report = await jhpfModel.evaluate(ctx);
    expect(report.figures.map((f) => f.id)).toEqual(['fig5-ber-vs-snr', 'fig6-csi-mismatch', 'fig7-scenario-mismatch', 'fig8-ofdm', 'fig9-ofdm-mismatch']);
    for (const f of report.figures) {
      expect(f.series.length).toBeGreaterThanOrEqual(3);
      for (const s of f.series) {
        expect(s.x).toEqual([-10, 10]);
        for (const y of s.y) expect(Number.isNaN(y) || (y > 0 && y <= 1)).toBe(true);
      }
      expect(f.claims!.length).toBeGreaterThan(0);
      for (const c of f.claims!) expect(c.paper && c.ours && c.difference).toBeTruthy();
    }
    const fig5 = report.figures[0];
    const names = (f: (typeof report.figures)[number]) => f.series.map((s) => s.name);
    // one colour per scheme in every figure; zero-error points are flagged as upper bounds, not dropped
    const colours = new Map<string, string>();
    for (const f of report.figures) {
      for (const s of f.series) {
        const scheme = s.name.startsWith('DL-JHPF (Phasor variant)') ? 'phasor' : s.name.startsWith('DL-JHPF') ? 'faithful' : s.name.split(',')[0];
        expect(colours.get(scheme) ?? s.style!.color).toBe(s.style!.color);
        colours.set(scheme, s.style!.color);
        expect(s.upperBound).toHaveLength(s.y.length);
      }
    }
    expect(new Set(colours.values()).size).toBe(colours.size);
    expect(names(fig5)).toEqual([
      'DL-JHPF',
      'DL-JHPF (Phasor variant)',
      'Fully digital, UMi, perfect CSI',
      'JDB-AltMin, UMi, perfect CSI',
      'DCJDB, UMi, perfect CSI',
      'BeS, UMi, perfect CSI',
      'HBD, UMi, perfect CSI',
      'HBDL, UMi, perfect CSI',
      'DLDHP, UMi, perfect CSI',
    ]);
    expect(names(report.figures[3]).slice(0, 4)).toEqual([
      'DL-JHPF (unified AP)',
      'DL-JHPF (matched AP)',
      'DL-JHPF (Phasor variant) (unified AP)',
      'DL-JHPF (Phasor variant) (matched AP)',
    ]);
    // every figure has both rows, each with its own claims
    for (const f of report.figures) {
      expect(f.series.some((s) => s.name.startsWith('DL-JHPF (Phasor variant)'))).toBe(true);
      expect(f.claims!.some((c) => c.what.includes('DL-JHPF (Phasor variant)'))).toBe(true);
      expect(f.claims!.some((c) => c.what.includes('DL-JHPF ') && !c.what.includes('Phasor'))).toBe(true);
    }
    const [table] = report.tables;
    expect(table.id).toBe('table2-runtime');
    expect(table.rows.map((r) => r[0])).toEqual(['JDB-AltMin', 'DCJDB', 'BeS', 'HBD', 'HBDL', 'DLDHP', 'DL-JHPF (batch 2)', 'DL-JHPF (batch 1)']);
    // the learned baselines were trained for the evaluation
    expect(Object.keys((report.results as Record<string, object>).learnedBaselines).sort()).toEqual(['dldhp', 'hbdl']);
    for (const r of table.rows) expect(r[2]).toBeGreaterThan(0);
    expect(report.tables.map((t) => t.id)).toEqual(['table2-runtime', 'stream-ber-faithful', 'stream-ber-phasor', 'health']);
    for (const streams of report.tables.slice(1, 3)) {
      expect(streams.rows).toHaveLength(tiny.dims.Ns);
      for (const r of streams.rows) expect(r[1]).toBeGreaterThanOrEqual(0);
    }
    const results = report.results as Record<string, Record<string, unknown>>;
    // the per-stream BERs split the errors of one set of transmissions: the untrained framework is near 0.5 on each
    for (const v of ['faithful', 'phasor']) {
      const perStream = (results.streamBer as unknown as Record<string, { perStream: number[] }>)[v].perStream;
      for (const ber of perStream) expect(ber).toBeGreaterThan(0.2);
    }
    expect(Object.keys(results)).toEqual(expect.arrayContaining(['fig5', 'fig6', 'fig7', 'fig8', 'fig9', 'table2']));
    const fd = (results.fig5.baselines as Record<string, { ber: number[]; bits: number[] }>)['fully-digital'];
    expect(fd.ber[1]).toBeLessThan(fd.ber[0]);
    expect(fd.bits[0]).toBeGreaterThan(0);
    expect(report.summary.join(' ')).toContain('Training budget: 2 narrowband steps');
  }, 120_000);
});
