/**
 * The probe model's and HyperRNN's trainings replay bit-identically: the same small run through the model's own
 * training (compileStep: 2 captures, then replays) and eagerly (PHASOR_DEBUG=1) writes identical checkpoint bytes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HYPERRNN_PRESETS } from '../../../models/hyperrnn/config.js';
import { hyperrnnModel } from '../../../models/hyperrnn/entry.js';
import { PROBE_PRESETS } from '../../../models/probe/config.js';
import { probeModel } from '../../../models/probe/entry.js';
import { makeRunContext, type ModelEntry } from '../../../models/run/index.js';
import { useRuntime } from '../../helpers/gpu.js';

useRuntime();

const SMALL: Record<string, unknown> = {
  probe: {
    ...PROBE_PRESETS.quick,
    schemes: ['angle'],
    data: { train: 64, validation: 16, test: 16 },
    training: { ...PROBE_PRESETS.quick.training, epochs: 5, batch: 16, hidden: [16, 16, 16] },
    quantization: { bits: 3, sweepBits: [3] },
  },
  hyperrnn: {
    ...HYPERRNN_PRESETS.quick,
    system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: 8, numSlots: 3, evalSlot: 2 },
    fig4: { ...HYPERRNN_PRESETS.quick.fig4, bits: [6], ulPilots: [1] },
    fig5: { ...HYPERRNN_PRESETS.quick.fig5, bits: 6, paths: [2] },
    networks: { encoder: [16], dnnEstimator: [16], hyperUnits: 16, rnnUnits: 8, omegaBias: 1 },
    training: { ...HYPERRNN_PRESETS.quick.training, batch: 8, dnnBatch: 8, epochs: 1, stepsPerEpoch: 20, validation: 8 },
    test: { sequences: 8, chunk: 8 },
  },
};

async function checkpoints(model: ModelEntry<object>, eager: boolean): Promise<Record<string, Buffer>> {
  const base = mkdtempSync(join(tmpdir(), `phasor-replay-${model.name}-`));
  if (eager) process.env.PHASOR_DEBUG = '1';
  try {
    const ctx = makeRunContext({ config: model.parseConfig(SMALL[model.name]), runDir: join(base, 'run'), cacheDir: join(base, 'cache'), seed: 5 });
    const outcome = await model.train(ctx);
    return Object.fromEntries(Object.entries(outcome.checkpoints).map(([net, path]) => [net, readFileSync(path)]));
  } finally {
    delete process.env.PHASOR_DEBUG;
  }
}

describe('captured training steps, bit for bit against eager', () => {
  for (const model of [probeModel, hyperrnnModel] as ModelEntry<object>[]) {
    it(`${model.name}: replayed training writes the eager training's checkpoint bytes`, async () => {
      const eager = await checkpoints(model, true);
      const replayed = await checkpoints(model, false);
      expect(Object.keys(replayed)).toEqual(Object.keys(eager));
      expect(Object.keys(eager).length).toBeGreaterThanOrEqual(1);
      for (const net of Object.keys(eager)) expect(replayed[net].equals(eager[net]), `${model.name} ${net}`).toBe(true);
    });
  }
});
