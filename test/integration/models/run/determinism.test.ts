/**
 * Determinism on one adapter: training a model twice from the same seed, each time from nothing (its own run and
 * cache directories, so the datasets are generated again), gives checkpoint files identical byte for byte, for every
 * network of every model; another seed gives other bytes. Small configurations keep it to seconds.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JHPF_PRESETS } from '../../../../models/jhpf/config.js';
import { jhpfModel } from '../../../../models/jhpf/entry.js';
import { makeRunContext, type ModelEntry } from '../../../../models/run/index.js';
import { HYPERRNN_PRESETS } from '../../../../models/hyperrnn/config.js';
import { hyperrnnModel } from '../../../../models/hyperrnn/entry.js';
import { PROBE_PRESETS } from '../../../../models/probe/config.js';
import { probeModel } from '../../../../models/probe/entry.js';
import type { UpganetConfig } from '../../../../models/upganet/config.js';
import { upganetModel } from '../../../../models/upganet/entry.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const SMALL: Record<string, unknown> = {
  jhpf: {
    ...JHPF_PRESETS.quick,
    hidden: { pp: [16], cp: [16], dp: [8], dc: [8], demod: [8] },
    ofdm: { subcarriers: 4, analogFrom: 1 },
    data: { ...JHPF_PRESETS.quick.data, train: 16, validation: 4, test: 4, ofdmTrain: 8, ofdmValidation: 2, ofdmTest: 2 },
    train: { ...JHPF_PRESETS.quick.train, epochs: 2, ofdmEpochs: 2, batchSize: 4, learningRates: [{ epoch: 0, lr: 1e-2 }] },
    evaluate: { ...JHPF_PRESETS.quick.evaluate, runtimeChannels: 2 },
  },
  upganet: {
    system: { numAntennas: 16, numUsers: 2, numRf: 2, numPaths: 4, omega: 0.3, targetsDeg: [-60, 0, 60], halfWidthDeg: 2, covarianceIterations: 200 },
    snrDb: [0, 12],
    trainSnrDb: [0, 6, 12],
    unfolding: { outer: 2, inner: [1, 2], variant: 'simplified', trainImpl: 'composite', evalImpl: 'fused' },
    training: { channels: 8, batch: 2, epochs: 2, lr: 1e-2 },
    test: { channels: 4 },
    pga: { step: 0.01, maxIterations: 4 },
    convergence: { snrDb: 12, channels: 2, inits: ['zf'] },
    baselines: { scaChannels: 2 },
  } satisfies UpganetConfig,
  probe: {
    ...PROBE_PRESETS.quick,
    data: { train: 64, validation: 16, test: 16 },
    training: { ...PROBE_PRESETS.quick.training, epochs: 1, batch: 16, hidden: [16, 16, 16] },
    quantization: { bits: 3, sweepBits: [3] },
  },
  hyperrnn: {
    ...HYPERRNN_PRESETS.quick,
    system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: 8, numSlots: 3, evalSlot: 2 },
    fig4: { ...HYPERRNN_PRESETS.quick.fig4, bits: [6], ulPilots: [1] },
    fig5: { ...HYPERRNN_PRESETS.quick.fig5, bits: 6, paths: [2] },
    networks: { encoder: [16], dnnEstimator: [16], hyperUnits: 16, rnnUnits: 8, omegaBias: 1 },
    training: { ...HYPERRNN_PRESETS.quick.training, batch: 8, dnnBatch: 8, epochs: 1, stepsPerEpoch: 3, validation: 8 },
    test: { sequences: 8, chunk: 8 },
  },
};

/** Trains `model` from nothing into a fresh directory; returns each checkpoint's bytes by network. */
async function train(model: ModelEntry<object>, seed: number): Promise<Record<string, Buffer>> {
  const base = mkdtempSync(join(tmpdir(), `phasor-determinism-${model.name}-`));
  const ctx = makeRunContext({ config: model.parseConfig(SMALL[model.name]), runDir: join(base, 'run'), cacheDir: join(base, 'cache'), seed });
  const outcome = await model.train(ctx);
  return Object.fromEntries(Object.entries(outcome.checkpoints).map(([net, path]) => [net, readFileSync(path)]));
}

describe('determinism: the same seed gives the same checkpoint bytes', () => {
  for (const model of [jhpfModel, upganetModel, probeModel, hyperrnnModel] as ModelEntry<object>[]) {
    it(`${model.name}: every network, byte for byte; another seed differs`, async () => {
      const a = await train(model, 3);
      const b = await train(model, 3);
      expect(Object.keys(a).length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const net of Object.keys(a)) expect(b[net].equals(a[net]), `${model.name} ${net}: checkpoints differ`).toBe(true);
      const c = await train(model, 4);
      for (const net of Object.keys(a)) expect(c[net].equals(a[net]), `${model.name} ${net}: seed 4 gave seed 3's bytes`).toBe(false);
    });
  }
});
