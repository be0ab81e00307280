/**
 * UPGANet (paper 002) for `phasor train|eval|reproduce upganet`: trains one UPGANet per J of the config (train.ts) and
 * runs Fig. 2, Fig. 3a–c and the runtime comparison (experiments/), returning them as a Report.
 */
import type { ModelEntry, Report, RunContext, TrainOutcome } from '../run/index.js';
import { parseUpganetConfig, UPGANET_PRESETS, type UpganetConfig } from './config.js';
import { benchmarkPsi } from './covariance.js';
import { channelSet, TEST_SEED_OFFSET } from './data.js';
import { evaluateUpganet } from './evaluate.js';
import { uploadMatrices } from './host.js';
import { trainUpganet, upganetSpecs } from './train.js';

async function train(ctx: RunContext<UpganetConfig>): Promise<TrainOutcome> {
  const c = ctx.config;
  const started = performance.now();
  const { Psi1 } = benchmarkPsi(c, ctx.cacheDir);
  const trainH = await channelSet(ctx.cacheDir, { role: 'train', count: c.training.channels, seed: ctx.seed, ...channelDims(c) });
  const psi1 = uploadMatrices([Psi1]);
  const outcome: TrainOutcome = { checkpoints: {}, history: {}, seconds: 0 };
  try {
    for (const spec of upganetSpecs(c)) {
      const { net, history, checkpoint } = await trainUpganet(ctx, spec, trainH, psi1);
      net.dispose();
      outcome.checkpoints[spec.key] = checkpoint;
      outcome.history[spec.key] = history;
    }
  } finally {
    psi1.dispose();
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

async function evaluate(ctx: RunContext<UpganetConfig>, trained?: TrainOutcome): Promise<Report> {
  const testH = await channelSet(ctx.cacheDir, {
    role: 'test',
    count: ctx.config.test.channels,
    seed: ctx.seed + TEST_SEED_OFFSET,
    ...channelDims(ctx.config),
  });
  return evaluateUpganet(ctx, testH, trained);
}

function channelDims(c: UpganetConfig) {
  return { numAntennas: c.system.numAntennas, numUsers: c.system.numUsers, numPaths: c.system.numPaths };
}

export const upganetModel: ModelEntry<UpganetConfig> = {
  name: 'upganet',
  title: 'UPGANet: deep-unfolded projected gradient ascent for JCAS hybrid beamforming (paper 002)',
  paper: '002',
  presets: UPGANET_PRESETS,
  parseConfig: parseUpganetConfig,
  train,
  evaluate,
};
