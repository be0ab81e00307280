/**
 * Fig. 2 (paper 001 §IV-B): top-3 prediction accuracy against the training epoch for the beam domain, uniform probes,
 * the angle domain, the beam domain deployed with B-bit phases ("beam quantified") and the noise-trained beam domain
 * deployed with B-bit phases ("noise quantified"), on the validation drops after every epoch (train.ts afterEpoch).
 */
import type { Claim, EpochRecord, Figure, Series } from '../../run/index.js';
import type { Deployment, EvalContext } from './context.js';
import { fmt, mean, pct } from './format.js';
import { PAPER, TOLERANCE } from './paper-reference.js';
import { deploymentName, deploymentSeries, paperSeries } from './styles.js';

interface Curve {
  /** the paper's legend name (also the key in results.json and the claims) */
  name: string;
  scheme: 'uniform' | 'angle' | 'beam';
  variant: 'original' | 'noise';
  metric: 'top3' | 'top3Quantized';
  /** the deployment the curve measures: its look and legend name, as in Figs. 3–4 (styles.ts) */
  deployment: Deployment;
}

const CURVES: Curve[] = [
  { name: 'beam domain', scheme: 'beam', variant: 'original', metric: 'top3', deployment: 'original' },
  { name: 'uniform', scheme: 'uniform', variant: 'original', metric: 'top3', deployment: 'original' },
  { name: 'angle domain', scheme: 'angle', variant: 'original', metric: 'top3', deployment: 'original' },
  { name: 'beam quantized', scheme: 'beam', variant: 'original', metric: 'top3Quantized', deployment: 'quantized' },
  { name: 'noise quantized', scheme: 'beam', variant: 'noise', metric: 'top3Quantized', deployment: 'noise' },
];

function curve(history: EpochRecord[], metric: string): number[] {
  return history.map((h) => (typeof h[metric] === 'number' ? h[metric] : NaN));
}

export function fig2Convergence(e: EvalContext): { figure: Figure; results: Record<string, unknown> } {
  const B = e.config.quantization.bits;
  const series: Series[] = [];
  const curves: Record<string, number[]> = {};
  for (const c of CURVES) {
    const net = e.net(c.scheme, c.variant);
    if (!net) continue;
    const y = curve(net.history, c.metric);
    curves[c.name] = y;
    series.push(deploymentSeries({ name: c.name, x: net.history.map((h) => h.epoch), y }, c.scheme, c.deployment));
  }
  const claims: Claim[] = [];
  const beam = curves['beam domain'];
  const uniform = curves.uniform;
  const angle = curves['angle domain'];
  const noiseQ = curves['noise quantized'];
  if (beam && uniform) {
    const epochs = uniform.length;
    const last = uniform[epochs - 1];
    // the paper: uniform after 200 epochs only reaches what the proposed schemes reach after 10, i.e. 1/20 of the run
    const reached = beam.findIndex((v) => v >= last) + 1; // 0: never
    const ratio = reached > 0 ? reached / epochs : NaN;
    const paperRatio = PAPER.fig2.uniformEquivalentEpoch / PAPER.fig2.epochs;
    claims.push({
      what: `epochs the beam domain needs to reach uniform probes' final top-3, as a share of the run (${epochs} epochs)`,
      paper: `${PAPER.fig2.uniformEquivalentEpoch} of ${PAPER.fig2.epochs} (${pct(paperRatio, 0)}): "after 200 epochs [uniform] only obtains an accuracy equivalent to 10 epochs of the proposed schemes"`,
      ours:
        reached > 0
          ? `${reached} of ${epochs} (${pct(ratio, 0)}); uniform ends at ${fmt(last)}`
          : `never within ${epochs} epochs (uniform ends at ${fmt(last)}, beam domain at ${fmt(beam[epochs - 1])})`,
      difference:
        reached > 0 ? `${fmt(100 * (ratio - paperRatio), 0)} points (agrees when ≤ ${pct(TOLERANCE.equivalentShare, 0)})` : 'the beam domain never reaches it',
      agrees: ratio <= TOLERANCE.equivalentShare,
    });
  }
  if (beam && angle) {
    const [mb, ma] = [mean(beam), mean(angle)];
    claims.push({
      what: 'training speed: mean top-3 over the epochs, beam domain vs angle domain',
      paper: 'the beam domain trains visibly faster than the angle domain',
      ours: `beam ${fmt(mb)}, angle ${fmt(ma)}`,
      difference: `${fmt(mb - ma)} (agrees when > ${TOLERANCE.speed})`,
      agrees: mb - ma > TOLERANCE.speed,
    });
  }
  if (beam && noiseQ) {
    const [mb, mn] = [mean(beam), mean(noiseQ)];
    const beamQ = curves['beam quantized'];
    claims.push({
      what: `training speed: mean top-3 over the epochs, noise-trained beam domain at ${B} bits vs the beam domain`,
      paper: '"when quantization noise is taken into account, the training speed … can be greatly improved further"',
      ours: `noise quantized ${fmt(mn)}, beam domain ${fmt(mb)}${beamQ ? ` (beam quantized ${fmt(mean(beamQ))})` : ''}`,
      difference: `${fmt(mn - mb)} (agrees when > ${TOLERANCE.speed})`,
      agrees: mn - mb > TOLERANCE.speed,
    });
  }
  const n = e.config.data.validation;
  const figure: Figure = {
    id: 'fig2-top3-vs-epoch',
    title: 'Top-3 prediction accuracy vs training epoch (Fig. 2)',
    xLabel: 'epoch',
    yLabel: 'top-3 accuracy',
    series: [
      ...series,
      ...(e.config.training.epochs >= PAPER.fig2.epochs
        ? [
            paperSeries({ name: 'paper: beam domain, epoch 200', x: [PAPER.fig2.epochs], y: [PAPER.fig2.beamTop3] }, 'beam'),
            paperSeries({ name: 'paper: uniform, epoch 200', x: [PAPER.fig2.epochs], y: [PAPER.fig2.uniformTop3] }, 'uniform'),
          ]
        : []),
    ].filter((s) => s.x.length > 0),
    caption:
      `${n} validation drops after every epoch; Algorithm 1's reports (1 dB RSRPs, the same noise each epoch); quantized: every element ` +
      `phase rounded to B = ${B} bits (Δ = 2π/2^${B}). Legend names as in the paper; each curve is drawn like its deployment in Figs. 3–4 ` +
      `and the B sweep (beam quantized = ${deploymentName('beam', 'quantized')}, noise quantized = ${deploymentName('beam', 'noise')}). The paper's end points (top-3 ≈ 0.6 beam domain, ≈ 0.4 uniform at epoch 200) are ` +
      `drawn when the run trains 200 epochs. Preset ${e.ctx.preset}.`,
    claims,
  };
  return { figure, results: { epochs: Object.fromEntries(Object.entries(curves)), validationDrops: n, bits: B } };
}
