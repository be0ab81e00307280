/**
 * HyperRNN (paper 003) for `phasor train|eval|reproduce hyperrnn`: trains DL-DNN and HyperRNN for every point of
 * Figs. 4 and 5 (experiments/networks.ts), then measures each network's NMSE per slot on fixed test sequences of
 * the wireless layer's FddPairChannel and returns Fig. 4, Fig. 5 and the NMSE-vs-slot figure as a Report.
 */
import { existsSync } from 'node:fs';
import { runtime } from '../../engine/index.js';
import type { FddPairBatch } from '../../wireless/channel/fdd-pair.js';
import type { ModelEntry, Report, RunContext, TrainOutcome } from '../run/index.js';
import { HYPERRNN_PRESETS, parseHyperrnnConfig, type HyperrnnConfig } from './config.js';
import { nmsePerSlot, testSequences } from './evaluate-nmse.js';
import { fig4, type NmseBook } from './experiments/fig4-nmse-vs-bits.js';
import { fig5 } from './experiments/fig5-nmse-vs-paths.js';
import { allSpecs, settingKey } from './experiments/networks.js';
import { nmseVsSlot } from './experiments/nmse-vs-slot.js';
import { db, fmt } from './experiments/verdicts.js';
import { TEST_SEED_OFFSET, loadScheme, networkSeed, trainScheme } from './train.js';

async function train(ctx: RunContext<HyperrnnConfig>): Promise<TrainOutcome> {
  const started = performance.now();
  const outcome: TrainOutcome = { checkpoints: {}, history: {}, seconds: 0 };
  for (const spec of allSpecs(ctx.config)) {
    const { net, history, checkpoint } = await trainScheme(ctx, spec);
    net.dispose();
    outcome.checkpoints[spec.name] = checkpoint;
    outcome.history[spec.name] = history;
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

async function evaluate(ctx: RunContext<HyperrnnConfig>, trained?: TrainOutcome): Promise<Report> {
  const c = ctx.config;
  const started = performance.now();
  const specs = allSpecs(c);
  const sets = new Map<string, FddPairBatch>();
  const book: NmseBook = {};
  const noiseSeed = networkSeed(ctx.seed, 'test-noise');
  const bar = ctx.progress.start('evaluate hyperrnn', specs.length, 'network');
  try {
    for (const spec of specs) {
      const path = trained?.checkpoints[spec.name] ?? ctx.checkpointPath(spec.name);
      if (!existsSync(path))
        throw new Error(`hyperrnn evaluate: no checkpoint for ${spec.name}; expected ${path} (run \`phasor train hyperrnn\` with the same --out first)`);
      const key = settingKey(spec.setting);
      if (!sets.has(key)) sets.set(key, testSequences(c, spec.setting, c.test.sequences, ctx.seed + TEST_SEED_OFFSET));
      const net = await loadScheme(c, spec, path, ctx.seed);
      try {
        book[spec.name] = await nmsePerSlot(net, sets.get(key)!, { chunk: c.test.chunk, noiseSeed });
      } finally {
        net.dispose();
      }
      bar.tick(1, { nmseDb: fmt(db(book[spec.name].meanOfRatios[c.system.evalSlot - 1])) });
    }
  } finally {
    bar.done();
  }
  const f4 = fig4(c, book, ctx.preset);
  const f5 = fig5(c, book, ctx.preset);
  const fs = nmseVsSlot(c, book, ctx.preset);
  const info = runtime().info;
  const device = `${info.description} (${info.backend}${info.software ? ', software adapter' : ''})`;
  const s = c.system;
  const n = c.networks;
  const t = c.training;
  return {
    title: 'HyperRNN: downlink CSI acquisition via partial reciprocity for FDD massive MIMO (paper 003)',
    summary: [
      `M = ${s.numAntennas}, SNR ${s.snrDb} dB (noise CN(0, ${fmt(10 ** (-s.snrDb / 10), 3)})), L_dl = ${s.dlPilots}, pilots with ‖X_l‖² = ${s.pilotPower}; ` +
        `f_dl = ${s.dlCarrierHz / 1e9} GHz, f_ul = f_dl + ${s.carrierOffsetHz / 1e6} MHz (the authors' code; Table I names 3 GHz for the uplink); ` +
        `θ_p ~ U(±${s.aodRangeDeg}°), α_p ${s.longTermGains === 'unit' ? '= 1' : '~ CN(0, 1) shared by UL and DL (eq. (3))'}; T = ${s.numSlots} slots, NMSE read at slot ${s.evalSlot}.`,
      `Networks: UE feedback DNN 2L_dl → ${n.encoder.join(' → ')} → B (BatchNorm, ReLU) with a sign quantizer (straight-through tanh(a·u), a from ${t.slope} ×${t.slopeGrowth} per epoch), ` +
        `the same for both schemes; DL-DNN estimator B → ${n.dnnEstimator.join(' → ')} → 2M; HyperRNN ℓ_H = ${n.hyperUnits}, ℓ_E = ${n.rnnUnits}, ω_t initialized around ${n.omegaBias}. ` +
        `Column scaling W̄ diag(ω) for W̄_A, W̄_B and W̄_C as eqs. (4)–(6) state.`,
      `Training per network: ${t.epochs} epochs × ${t.stepsPerEpoch} steps of ${t.batch} fresh sequences (DL-DNN: ${t.dnnBatch} single slots), Adam, lr ` +
        `${t.lrSchedule.map((e) => `${e.lr} from ${fmt(100 * e.from, 0)} %`).join(', ')}; ${specs.length} networks` +
        (trained ? `, ${fmt(trained.seconds, 0)} s of training on ${device}` : '') +
        `. The paper trains with batch 1024 until convergence (thousands of steps); the quick preset's networks are far from converged, so its verdicts measure short training, not the method.`,
      `Test: ${c.test.sequences} sequences per channel setting from wireless/channel/fdd-pair.ts (training draws the same law on the GPU), exact sign quantizer, ` +
        `networks in eval mode. The paper's figure values were not extracted with its text: the claims below are its statements, compared strictly: a gain or a trend counts only beyond two standard errors (paired over the test sequences; NaN never agrees). results.json also holds Σ‖ĥ − h‖²/Σ‖h‖² per slot (ratioOfSumsPerSlotDb), the quantity the MSE loss weighs.`,
    ],
    figures: [f4.figure, f5.figure, fs.figure],
    tables: [],
    results: {
      nmsePerSlot: Object.fromEntries(Object.entries(book).map(([k, v]) => [k, v.meanOfRatios])),
      nmsePerSlotDb: Object.fromEntries(Object.entries(book).map(([k, v]) => [k, v.meanOfRatios.map(db)])),
      ratioOfSumsPerSlotDb: Object.fromEntries(Object.entries(book).map(([k, v]) => [k, v.ratioOfSums.map(db)])),
      fig4: f4.results,
      fig5: f5.results,
      nmseVsSlot: fs.results,
      device,
      evaluationSeconds: (performance.now() - started) / 1000,
      ...(trained ? { trainSeconds: trained.seconds, history: trained.history } : {}),
    },
  };
}

export const hyperrnnModel: ModelEntry<HyperrnnConfig> = {
  name: 'hyperrnn',
  title: 'HyperRNN and the DL-DNN baseline: DL CSI acquisition for FDD massive MIMO (paper 003)',
  paper: '003',
  presets: HYPERRNN_PRESETS,
  parseConfig: parseHyperrnnConfig,
  train,
  evaluate,
};
