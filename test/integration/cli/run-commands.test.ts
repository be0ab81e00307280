import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../models/registry.js';
import { ConfigError, mergeConfig, requireConfig, type ModelEntry } from '../../../models/run/index.js';
import { prepareRun, selectModels, type RunFlags } from '../../../cli/run-setup.js';
import { evaluateModel, trainModel } from '../../../cli/run-model.js';
import { useRuntime } from '../../helpers/gpu.js';

const rt = useRuntime();

interface ToyConfig {
  epochs: number;
  sizes: number[];
  optimizer: { lr: number; name: string };
}

/** A model whose "training" records its config and whose report has one figure, one table and claims. */
const toy: ModelEntry<ToyConfig> = {
  name: 'toy-model',
  title: 'Toy: a model for testing the run machinery',
  paper: '999',
  presets: {
    quick: { epochs: 2, sizes: [4, 2], optimizer: { lr: 1e-3, name: 'adam' } },
    paper: { epochs: 800, sizes: [64, 32], optimizer: { lr: 1e-3, name: 'adam' } },
  },
  parseConfig(raw) {
    const c = raw as ToyConfig;
    requireConfig(c.epochs > 0, `epochs: expected > 0; got ${c.epochs}`);
    return c;
  },
  async train(ctx) {
    return {
      checkpoints: { net: ctx.checkpointPath('net') },
      history: {
        net: [
          { epoch: 1, loss: 0.7 },
          { epoch: 2, loss: 0.3 },
        ],
      },
      seconds: 0,
    };
  },
  async evaluate(ctx) {
    return {
      title: 'Toy report',
      summary: [`epochs ${ctx.config.epochs}, lr ${ctx.config.optimizer.lr}`],
      figures: [
        {
          id: 'fig1-ber',
          title: 'BER vs SNR',
          xLabel: 'SNR (dB)',
          yLabel: 'BER',
          yScale: 'log',
          series: [
            { name: 'ours', x: [0, 5, 10], y: [0.1, 0.01, 0] },
            { name: 'paper', x: [0, 5, 10], y: [0.1, 0.02, 0.001], dashed: true },
          ],
          claims: [{ what: 'gap at BER 1e-2', paper: '≈ 4 dB', ours: '3.1 dB', difference: '0.9 dB smaller', agrees: false }],
        },
      ],
      tables: [{ id: 'runtime', title: 'Runtime', columns: ['scheme', 'ms'], rows: [['ours', 0.0123]] }],
      results: { ber: [0.1, 0.01, 0] },
    };
  },
};

function flags(out: string, extra: Partial<RunFlags> = {}): RunFlags {
  return { preset: 'quick', seed: 3, out, ...extra };
}

describe('run commands', () => {
  it('select models by name and refuse an unknown one, listing the known ones', () => {
    MODELS.push(toy);
    try {
      expect(selectModels('toy-model')).toEqual([toy]);
      expect(() => selectModels('nope')).toThrow(/unknown model 'nope'; available: .*toy-model/);
    } finally {
      MODELS.pop();
    }
  });

  it('merges a config file into the preset and refuses unknown keys and wrong types with the key path', () => {
    const out = mkdtempSync(join(tmpdir(), 'phasor-cli-'));
    const file = join(out, 'c.json');
    writeFileSync(file, JSON.stringify({ epochs: 5, optimizer: { lr: 0.01 } }));
    const { ctx, release } = prepareRun(toy, flags(out, { config: file }), 'test');
    release();
    expect(ctx.config).toEqual({ epochs: 5, sizes: [4, 2], optimizer: { lr: 0.01, name: 'adam' } });
    expect(JSON.parse(readFileSync(join(out, 'toy-model', 'quick-seed3', 'config.json'), 'utf8')).config.epochs).toBe(5);

    writeFileSync(file, JSON.stringify({ optimizer: { lrr: 0.01 } }));
    expect(() => prepareRun(toy, flags(out, { config: file }), 'test')).toThrow(/optimizer\.lrr: unknown key; known keys are lr, name/);
    writeFileSync(file, JSON.stringify({ sizes: [4, 'x'] }));
    expect(() => prepareRun(toy, flags(out, { config: file }), 'test')).toThrow(/sizes\[1\]: expected number/);
    writeFileSync(file, '{ "epochs": 0 }');
    expect(() => prepareRun(toy, flags(out, { config: file }), 'test')).toThrow(/epochs: expected > 0; got 0/);
    writeFileSync(file, '{ epochs: 1 ');
    expect(() => prepareRun(toy, flags(out, { config: file }), 'test')).toThrow(ConfigError);
  });

  it('refuses to resume a run with a different config', () => {
    const out = mkdtempSync(join(tmpdir(), 'phasor-cli-'));
    prepareRun(toy, flags(out), 'test').release();
    const file = join(out, 'c.json');
    writeFileSync(file, JSON.stringify({ epochs: 9 }));
    expect(() => prepareRun(toy, flags(out, { config: file, resume: true }), 'test')).toThrow(/different config\.epochs \(2 then, 9 now\)/);
    expect(() => prepareRun(toy, flags(out, { resume: true }), 'test').release()).not.toThrow();
    // evaluating checkpoints trained with another config is refused the same way
    expect(() => prepareRun(toy, flags(out, { config: file }), 'test', { evaluating: true })).toThrow(/^eval: .*different config\.epochs/);
    expect(() => prepareRun(toy, flags(out, { seed: 4, run: 'quick-seed3' }), 'test', { evaluating: true })).toThrow(/different seed \(3 then, 4 now\)/);
  });

  it('trains, evaluates and writes config.json, training.json, results.json, SVG figures and report.md', async () => {
    const out = mkdtempSync(join(tmpdir(), 'phasor-cli-'));
    const trained = await trainModel(toy, flags(out));
    const reportPath = await evaluateModel(toy, flags(out), rt(), trained);
    const runDir = join(out, 'toy-model', 'quick-seed3');
    expect(readdirSync(runDir).sort()).toEqual(['checkpoints', 'config.json', 'figures', 'report.md', 'results.json', 'training.json']);
    const svg = readFileSync(join(runDir, 'figures', 'fig1-ber.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('SNR (dB)');
    expect(svg).toContain('stroke-dasharray="6,4"'); // the paper's series is dashed
    const md = readFileSync(reportPath, 'utf8');
    expect(md).toContain('![BER vs SNR](figures/fig1-ber.svg)');
    expect(md).toContain('| gap at BER 1e-2 | ≈ 4 dB | 3.1 dB | 0.9 dB smaller | **no** |');
    expect(md).toContain('0 agree, 1 differ');
    expect(md).toContain('| net | 2 | 0.7000 | 0.3000 |');
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    expect(results.results.ber).toEqual([0.1, 0.01, 0]);
    expect(results.device).toMatch(/\(/);
  });

  it('refuses a config that does not match the preset even without a file', () => {
    expect(() => mergeConfig({ a: 1 }, { a: Number.NaN })).toThrow(/a: expected number|finite/);
  });
});
