/**
 * Probe beams + beam predictor (paper 001) for `phasor train|eval|reproduce probe`: trains every probe scheme of the
 * config end to end with the Table II predictor, with and without noise-adding (train.ts), then runs Figs. 2–4, the
 * phase-resolution sweep and the site's RSRP and optimal-beam statistics on the test drops (experiments/).
 */
import { existsSync } from 'node:fs';
import { runtime } from '../../engine/index.js';
import { Rng } from '../../wireless/random/rng.js';
import type { ModelEntry, Report, RunContext, TrainOutcome } from '../run/index.js';
import { configSchemes, parseProbeConfig, PROBE_PRESETS, type ProbeConfig } from './config.js';
import { loadSplit } from './data.js';
import { EvalContext, SCHEME_LABELS, type TrainedNet } from './experiments/context.js';
import { bitsSweep } from './experiments/bits-sweep.js';
import { fig2Convergence } from './experiments/fig2-convergence.js';
import { fig3TopK } from './experiments/fig3-topk.js';
import { fig4Ear } from './experiments/fig4-ear.js';
import { fmt } from './experiments/format.js';
import { runSearches } from './experiments/search.js';
import { siteFigures } from './experiments/site.js';
import { channelAmplitude, noisePowerDbm, REPROBE_TOP_K } from './system.js';
import { checkpointName, geometryOf, loadProbe, phaseNoiseHalfWidth, trainProbe, type Variant } from './train.js';

const VARIANTS: Variant[] = ['original', 'noise'];

async function train(ctx: RunContext<ProbeConfig>): Promise<TrainOutcome> {
  const started = performance.now();
  const data = { train: await loadSplit(ctx, 'train'), validation: await loadSplit(ctx, 'validation') };
  const outcome: TrainOutcome = { checkpoints: {}, history: {}, seconds: 0 };
  for (const scheme of configSchemes(ctx.config)) {
    for (const variant of VARIANTS) {
      const { net, history, checkpoint } = await trainProbe(ctx, scheme, variant, data);
      net.dispose();
      const name = checkpointName(scheme, variant);
      outcome.checkpoints[name] = checkpoint;
      outcome.history[name] = history;
    }
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}

function linkOf(c: ProbeConfig) {
  const l = { transmitPowerDbm: c.system.transmitPowerDbm, noiseDbmPerHz: c.system.noiseDbmPerHz, bandwidthHz: c.system.bandwidthHz };
  return { amplitude: channelAmplitude(l), noiseDbm: noisePowerDbm(l) };
}

async function evaluate(ctx: RunContext<ProbeConfig>, trained?: TrainOutcome): Promise<Report> {
  const started = performance.now();
  const c = ctx.config;
  const geometry = geometryOf(c);
  const nets: TrainedNet[] = [];
  try {
    for (const scheme of configSchemes(c)) {
      for (const variant of VARIANTS) {
        const name = checkpointName(scheme, variant);
        const path = trained?.checkpoints[name] ?? ctx.checkpointPath(name);
        if (!existsSync(path))
          throw new Error(`probe evaluate: no checkpoint for ${name}; expected ${path} (run \`phasor train probe\` with the same --out first)`);
        const { net, history } = await loadProbe(path, c, scheme, ctx.seed);
        nets.push({ scheme, variant, net, history });
      }
    }
    const test = await loadSplit(ctx, 'test');
    const link = linkOf(c);
    const e = new EvalContext(ctx, test, nets, link, geometry, new Rng(ctx.seed).fork('probe-test').nextUint32());
    const site = siteFigures(e);
    const f2 = fig2Convergence(e);
    const f3 = await fig3TopK(e);
    const searches = runSearches(test, geometry, c.fig4.wideBeams, link.amplitude, new Rng(ctx.seed).fork('probe-search').nextUint32());
    const f4 = await fig4Ear(e, searches);
    const sweep = await bitsSweep(e);
    const learned: Record<string, { u: number[]; v: number[] } | null> = {};
    for (const t of nets) learned[checkpointName(t.scheme, t.variant)] = await t.net.probes.beamVariables();
    const info = runtime().info;
    const device = `${info.description} (${info.backend}${info.software ? ', software adapter' : ''})`;
    const seconds = (performance.now() - started) / 1000;
    const beamProbes = learned[checkpointName('beam', 'original')];
    const N = geometry.horizontal * geometry.vertical;
    return {
      title: 'Probe beams + beam predictor (paper 001): data- and model-driven probe beam training and beam prediction',
      summary: [
        `BS UPA ${geometry.horizontal} × ${geometry.vertical} (N = ${N}), one single-antenna user, 30 GHz, 100 MHz, −174 dBm/Hz (σ² = ${fmt(link.noiseDbm, 0)} dBm), ` +
          `L = ${geometry.probes} probe beams, T_s = ${c.system.symbolS * 1e6} µs, T_c = ${c.system.slotS * 1e3} ms (Table I); transmit power P = ` +
          `${c.system.transmitPowerDbm} dBm (our choice: it puts the strongest DFT beam of the drops inside the [−140, −40] dBm window, see the histogram). ` +
          `Channels: drops of the site-specific map-based generator (wireless/channel/beam-prediction-site.ts, site seed ${c.site.siteSeed}): ` +
          `${c.data.train} training, ${c.data.validation} validation, ${test.count} test drops.`,
        `Predictor (Table II): ${geometry.probes} → ${c.training.hidden.join(' → ')} (LeakyReLU(0.04), LeakyReLU(0.04), ReLU) → ${N}, softmax with cross-entropy ` +
          `against the one-hot optimal DFT beam; RSRPs mapped from [−140, −40] dBm onto [0, 1] at its input. Adam, lr ${c.training.lr}, batch ` +
          `${c.training.batch}, ${c.training.epochs} epochs (the paper: 200); probes and predictor trained jointly; probe gradients ${c.training.gradients === 'fused' ? 'closed-form (7)–(11), fused kernel' : 'by autodiff'}. ` +
          `Every scheme starts from the uniform probes and the same initial predictor.`,
        `Schemes: ${configSchemes(c)
          .map((s) => SCHEME_LABELS[s])
          .join(', ')}; each trained twice: without phase noise (deployed as trained, and with ` +
          `B = ${c.quantization.bits}-bit phases) and with element phase noise U[−Δ/2, Δ/2], Δ = 2π/2^B (half-width ${fmt(phaseNoiseHalfWidth(c), 3)} rad; our reading ` +
          `of §III-D's "[−1/2^B, 1/2^B]°", which literally is ±${fmt(1 / 2 ** c.quantization.bits, 3)}°, far below the quantization error it imitates), deployed with B-bit phases. ` +
          `Online inference is Algorithm 1: 1 dB RSRP reports, re-probe of the top ${REPROBE_TOP_K}.`,
        `Learned beam-domain probes (u, v): ${beamProbes ? beamProbes.u.map((u, i) => `(${fmt(u, 2)}, ${fmt(beamProbes.v[i], 2)})`).join(', ') : 'n/a'}. ` +
          `Search baselines: ${searches.map((s) => `${s.name} ${s.measurements} measurements, accuracy ${fmt(s.accuracy)}`).join('; ')}. ` +
          `Evaluation ${fmt(seconds, 1)} s on ${device}${trained ? `, training ${fmt(trained.seconds, 1)} s` : ''}.`,
      ],
      figures: [site.figure, f2.figure, f3.figure, f4.figure, sweep.figure],
      tables: [site.table, f3.table, sweep.table],
      results: {
        site: site.results,
        fig2: f2.results,
        fig3: f3.rows,
        fig4: f4.results,
        bitsSweep: sweep.results,
        searches: searches.map((s) => ({ name: s.name, measurements: s.measurements, accuracy: s.accuracy })),
        learnedProbes: learned,
        link,
        evaluationSeconds: seconds,
        training: trained?.history ?? null,
      },
    };
  } finally {
    for (const t of nets) t.net.dispose();
  }
}

export const probeModel: ModelEntry<ProbeConfig> = {
  name: 'probe',
  title: 'Probe beams + beam predictor: learned UPA probe beams and a DNN beam predictor (paper 001)',
  paper: '001',
  presets: PROBE_PRESETS,
  parseConfig: parseProbeConfig,
  train,
  evaluate,
};
