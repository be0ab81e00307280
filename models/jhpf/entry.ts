/**
 * DL-JHPF (paper 000) for `phasor train|eval|reproduce jhpf`: trains the narrowband framework on UMi NLOS and the OFDM
 * framework (unified analog processing from subcarrier q, §III-F) on UMi NLOS OFDM channels, then runs Figs. 5–9 and
 * Table II against the baselines on the same test channels.
 */
import { loadCheckpoint, runtime, tensor, type Tensor } from '../../engine/index.js';
import type { ChannelBatch, OfdmChannelBatch } from '../../wireless/channel/types.js';
import type { ModelEntry, Report, RunContext, TrainOutcome } from '../run/types.js';
import { BASELINE_LABELS } from './baselines.js';
import { configBaselines, JHPF_PRESETS, parseJhpfConfig, type JhpfConfig } from './config.js';
import { loadNarrowband, loadOfdm, type JhpfSet, type Scenario } from './data.js';
import { jhpfBer, jhpfDesignTime } from './deploy.js';
import { CurveBook } from './experiments/curves.js';
import { fig5 } from './experiments/fig5-ber-vs-snr.js';
import { fig6 } from './experiments/fig6-csi-mismatch.js';
import { fig7 } from './experiments/fig7-scenario-mismatch.js';
import { fig8 } from './experiments/fig8-ofdm.js';
import { fig9 } from './experiments/fig9-ofdm-mismatch.js';
import { streamBer, streamBerTable } from './experiments/stream-ber.js';
import { table2 } from './experiments/table2-runtime.js';
import type { JhpfDims } from './network/dims.js';
import { JhpfFramework } from './network/framework.js';
import { trainJhpf, type JhpfTrainOptions } from './train.js';

/** Checkpoint names of the two trained frameworks. */
export const JHPF_NETS = { narrowband: 'jhpf-narrowband', ofdm: 'jhpf-ofdm' } as const;

export function narrowbandDims(c: JhpfConfig): JhpfDims {
  return { ...c.dims, subcarriers: 1 };
}

export function ofdmDims(c: JhpfConfig): JhpfDims {
  return { ...c.dims, subcarriers: c.ofdm.subcarriers, analogFrom: c.ofdm.analogFrom };
}

/** The two frameworks, initialized from the run seed (the OFDM one from the next seed). */
function makeNets(ctx: RunContext<JhpfConfig>): { narrowband: JhpfFramework; ofdm: JhpfFramework } {
  const gradients = ctx.config.train.gradients as 'fused' | 'autodiff';
  return {
    narrowband: new JhpfFramework(narrowbandDims(ctx.config), { seed: ctx.seed, hidden: ctx.config.hidden, gradients }),
    ofdm: new JhpfFramework(ofdmDims(ctx.config), { seed: ctx.seed + 1, hidden: ctx.config.hidden, gradients }),
  };
}

/** Training options for `epochs` epochs: the configured schedule stretched by epochs / train.epochs (OFDM). */
function trainOptions(c: JhpfConfig, epochs: number, seed: number): JhpfTrainOptions {
  const [lo, hi] = c.train.snrDb;
  const stretch = epochs / c.train.epochs;
  const learningRates = c.train.learningRates.map((s) => ({ epoch: Math.round(s.epoch * stretch), lr: s.lr })).filter((s, i, all) => s.epoch < epochs && (i === 0 || s.epoch > all[i - 1].epoch));
  return {
    epochs,
    batchSize: c.train.batchSize,
    learningRates,
    snrDb: lo === hi ? lo : [lo, hi],
    seed,
  };
}

async function train(ctx: RunContext<JhpfConfig>): Promise<TrainOutcome> {
  const t0 = performance.now();
  const c = ctx.config;
  const nets = makeNets(ctx);
  try {
    const nb = { train: (await loadNarrowband(ctx, 'umi', 'train')).H, validation: (await loadNarrowband(ctx, 'umi', 'validation')).H };
    const rNb = await trainJhpf(ctx, JHPF_NETS.narrowband, nets.narrowband, nb, trainOptions(c, c.train.epochs, ctx.seed));
    const of = { train: (await loadOfdm(ctx, 'umi', 'train')).H, validation: (await loadOfdm(ctx, 'umi', 'validation')).H };
    const rOf = await trainJhpf(ctx, JHPF_NETS.ofdm, nets.ofdm, of, trainOptions(c, c.train.ofdmEpochs, ctx.seed + 1));
    return {
      checkpoints: { [JHPF_NETS.narrowband]: rNb.checkpoint, [JHPF_NETS.ofdm]: rOf.checkpoint },
      history: { [JHPF_NETS.narrowband]: rNb.history, [JHPF_NETS.ofdm]: rOf.history },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    nets.narrowband.dispose();
    nets.ofdm.dispose();
  }
}

/** Restores a framework's parameters and buffers from the training-state file trainEpochs wrote (its `model.` part). */
async function loadWeights(net: JhpfFramework, path: string): Promise<void> {
  const { tensors } = await loadCheckpoint(path);
  const own: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (name.startsWith('model.')) own[name.slice('model.'.length)] = t;
  }
  try {
    net.loadStateDict(own);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
  net.eval();
}

/** Bits per evaluator pass of DL-JHPF's BER: one pass is a GPU round trip, so each carries about this many bits. */
const BITS_PER_PASS = 1 << 15;

/** Symbol vectors per channel (and subcarrier) and pass, so that a pass carries about BITS_PER_PASS bits. */
function symbolsFor(H: ChannelBatch | OfdmChannelBatch, ns: number): number {
  const links = H.shape[0] * (H.shape.length === 4 ? H.shape[1] : 1);
  return Math.max(1, Math.ceil(BITS_PER_PASS / (links * 2 * ns)));
}

/** [B, N_r, N_t] c64 tensor of a host batch. */
function toTensor(H: ChannelBatch): Tensor<'c64'> {
  return tensor(H.data, [...H.shape], 'c64') as Tensor<'c64'>;
}

async function evaluate(ctx: RunContext<JhpfConfig>, trained?: TrainOutcome): Promise<Report> {
  const t0 = performance.now();
  const c = ctx.config;
  const nets = makeNets(ctx);
  try {
    await loadWeights(nets.narrowband, trained?.checkpoints[JHPF_NETS.narrowband] ?? ctx.checkpointPath(JHPF_NETS.narrowband));
    await loadWeights(nets.ofdm, trained?.checkpoints[JHPF_NETS.ofdm] ?? ctx.checkpointPath(JHPF_NETS.ofdm));
    const budget = { targetErrors: c.evaluate.targetErrors, maxBits: c.evaluate.maxBits };
    const cache = <B extends ChannelBatch | OfdmChannelBatch>(load: (s: Scenario) => Promise<JhpfSet<B>>) => {
      const sets = new Map<Scenario, Promise<JhpfSet<B>>>();
      return (s: Scenario) => sets.get(s) ?? (sets.set(s, load(s)), sets.get(s)!);
    };
    const book = new CurveBook({
      config: c,
      seed: ctx.seed,
      progress: ctx.progress,
      testSet: { narrowband: cache((s) => loadNarrowband(ctx, s, 'test')), ofdm: cache((s) => loadOfdm(ctx, s, 'test')) },
      jhpf: {
        narrowband: (truth, seen, snr, seed) => jhpfBer(nets.narrowband, truth, seen, snr, { ...budget, seed, symbolsPerChannel: symbolsFor(truth, c.dims.Ns) }),
        ofdm: (truth, seen, snr, seed, matchedAnalog) => jhpfBer(nets.ofdm, truth, seen, snr, { ...budget, seed, matchedAnalog, symbolsPerChannel: symbolsFor(truth, c.dims.Ns) }),
      },
    });
    const best = Math.max(...c.data.csiPilotSnrDb);
    const f5 = await fig5(book);
    const f6 = await fig6(book, c.data.csiPilotSnrDb);
    const f7 = await fig7(book, best);
    const f8 = await fig8(book);
    const f9 = await fig9(book, best);
    const info = runtime().info;
    const device = `${info.description} (${info.backend}${info.software ? ', software adapter' : ''})`;
    const umiTest = await loadNarrowband(ctx, 'umi', 'test');
    const t2 = await table2(umiTest.H, {
      channels: c.evaluate.runtimeChannels,
      repeats: c.evaluate.runtimeRepeats,
      dims: c.dims,
      baselines: configBaselines(c),
      seed: ctx.seed,
      device,
      timeJhpf: async (H, batch) => {
        const per: number[] = [];
        for (let first = 0; first < H.shape[0]; first += batch) {
          const n = Math.min(batch, H.shape[0] - first);
          const part: ChannelBatch = { shape: [n, H.shape[1], H.shape[2]], data: H.data.subarray(first * 2 * H.shape[1] * H.shape[2], (first + n) * 2 * H.shape[1] * H.shape[2]) };
          const T = toTensor(part);
          try {
            per.push((await jhpfDesignTime(nets.narrowband, T, c.evaluate.runtimeRepeats)).msPerChannel * n);
          } finally {
            T.dispose();
          }
        }
        return per.reduce((a, b) => a + b, 0) / H.shape[0];
      },
    });
    const streams = await streamBer(nets.narrowband, umiTest.H, Math.max(...c.evaluate.snrDb), ctx.seed);
    const seconds = (performance.now() - t0) / 1000;
    const figures = [f5, f6, f7, f8, f9];
    return {
      title: 'DL-JHPF: deep-learning joint hybrid processing framework (paper 000)',
      summary: [
        `N_T = ${c.dims.Nt}, N_T^RF = ${c.dims.NtRF}, N_R = ${c.dims.Nr}, N_R^RF = ${c.dims.NrRF}, N_s = ${c.dims.Ns}, QPSK; TR 38.901 NLOS channels ` +
          `(UMi for training: ${c.data.train} / ${c.data.validation} narrowband samples, ${c.data.ofdmTrain} / ${c.data.ofdmValidation} OFDM channels of K = ${c.ofdm.subcarriers}; ` +
          `tests on ${c.data.test} narrowband and ${c.data.ofdmTest} OFDM channels per scenario); ${c.train.epochs} epochs (OFDM ${c.train.ofdmEpochs}), batch ${c.train.batchSize}, ` +
          `training SNR uniform in [${c.train.snrDb.join(', ')}] dB.`,
        `BER points run until ${c.evaluate.targetErrors} bit errors or ${c.evaluate.maxBits.toExponential(0)} bits. Baselines: ${configBaselines(c).map((b) => BASELINE_LABELS[b]).join(', ')} ` +
          `(HBD, HBDL and DLDHP are not reproduced: HBD is a multi-user scheme, HBDL and DLDHP are separately trained networks); detector ` +
          `${c.evaluate.equalizer} equalization with the receiver's channel view, then hard QPSK decisions.`,
        `CSI mismatch: ${c.data.csiEstimator.toUpperCase()} channel estimates at pilot SNRs ${c.data.csiPilotSnrDb.join(' and ')} dB (the paper uses the CNN estimator of its ref. [24]). ` +
          `OFDM unified analog processing from subcarrier q = ${c.ofdm.analogFrom}; the matched-analog reference designs each subcarrier's analog matrices from its own channel.`,
        `Training budget: ${c.train.epochs * Math.floor(c.data.train / c.train.batchSize)} narrowband steps of ${c.train.batchSize} samples ` +
          `(${c.train.epochs} epochs over ${c.data.train} channels); the paper trains 800 epochs over 261 000 samples at batch 256 (≈ 816 000 steps). ` +
          `Claims at BER 1e−2 are undecidable when the DL-JHPF curve does not reach it. BER per stream at ${streams.snrDb} dB: ` +
          `${streams.perStream.map((b, i) => `stream ${i} ${b.toExponential(2)}`).join(', ')} (table below): a stream near 0.5 is one the framework does not serve.`,
      ],
      figures: figures.map((f) => f.figure),
      tables: [t2.table, streamBerTable(streams)],
      results: {
        fig5: f5.results,
        fig6: f6.results,
        fig7: f7.results,
        fig8: f8.results,
        fig9: f9.results,
        table2: t2.results,
        streamBer: streams,
        evaluateSeconds: seconds,
        ...(trained ? { trainSeconds: trained.seconds, history: trained.history } : {}),
      },
    };
  } finally {
    nets.narrowband.dispose();
    nets.ofdm.dispose();
  }
}

export const jhpfModel: ModelEntry<JhpfConfig> = {
  name: 'jhpf',
  title: 'DL-JHPF: joint hybrid precoder/combiner design by deep learning (paper 000)',
  paper: '000',
  presets: JHPF_PRESETS,
  parseConfig: parseJhpfConfig,
  train,
  evaluate,
};
