/**
 * A short training on a fixed seed lowers HyperRNN's NMSE below both the untrained network's and the zero estimate's
 * (NMSE 1), on test sequences of the wireless layer's model; `--resume` continues after the last epoch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRunContext } from '../../../../models/run/index.js';
import { HYPERRNN_PRESETS, parseHyperrnnConfig, learningRateAt, slopeAt } from '../../../../models/hyperrnn/config.js';
import { nmsePerSlot, testSequences } from '../../../../models/hyperrnn/evaluate-nmse.js';
import { buildScheme, networkSeed, trainScheme, type SchemeSpec } from '../../../../models/hyperrnn/train.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

/** M = 8 antennas, P = 2 paths, nearly static fading over T = 4 slots: learnable in 150 steps. */
const config = parseHyperrnnConfig({
  ...HYPERRNN_PRESETS.quick,
  system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: 8, numSlots: 4, evalSlot: 4 },
  networks: { encoder: [32], dnnEstimator: [32], hyperUnits: 32, rnnUnits: 32, omegaBias: 1 },
  training: { ...HYPERRNN_PRESETS.quick.training, batch: 64, epochs: 3, stepsPerEpoch: 50, lrSchedule: [{ from: 0, lr: 3e-3 }], validation: 128 },
  test: { sequences: 512, chunk: 256 },
});
const spec: SchemeSpec = { kind: 'hyperrnn', bits: 16, ulPilots: 2, setting: { paths: 2, rhoDl: 0.99, rhoUl: 0.99 }, name: 'hyperrnn-short' };

describe('HyperRNN training', () => {
  it('lowers the NMSE at the evaluation slot below the untrained network and below 0 dB, and resumes', async () => {
    const ctx = makeRunContext({ config, runDir: join(mkdtempSync(join(tmpdir(), 'phasor-hyperrnn-')), 'run'), seed: 3 });
    const test = testSequences(config, spec.setting, config.test.sequences, 12345);
    const opts = { chunk: config.test.chunk, noiseSeed: 7 };
    const untrained = buildScheme(config, spec, networkSeed(ctx.seed, spec.name));
    const before = (await nmsePerSlot(untrained, test, opts)).meanOfRatios[3];
    untrained.dispose();
    const { net, history } = await trainScheme(ctx, spec);
    const after = (await nmsePerSlot(net, test, opts)).meanOfRatios[3];
    net.dispose();
    expect(history).toHaveLength(3);
    expect(history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.valNmseDb))).toBe(true);
    expect(after).toBeLessThan(before);
    expect(10 * Math.log10(after)).toBeLessThan(-0.5); // clearly below the zero estimate (NMSE 1 = 0 dB)
    const resumed = await trainScheme({ ...ctx, resume: true }, spec);
    expect(resumed.history).toEqual(history); // all epochs were done: nothing retrained
    resumed.net.dispose();
  });
});

describe('schedules', () => {
  it('the learning rate follows the fractions of all steps; the slope grows per epoch', () => {
    const c = parseHyperrnnConfig(HYPERRNN_PRESETS.paper);
    const total = 300;
    expect([0, 99, 100, 224, 225, 299].map((s) => learningRateAt(c, s, total))).toEqual([1e-3, 1e-3, 1e-4, 1e-4, 1e-5, 1e-5]);
    expect(slopeAt(c, 0)).toBe(1);
    expect(slopeAt(c, 10)).toBeCloseTo(1.001 ** 10, 12);
  });
});
