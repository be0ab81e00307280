/**
 * Fig. 3 (paper 001 §IV-C): top-1/3/5 prediction accuracy of every scheme (uniform, angle, beam, reference) deployed
 * as trained ("original"), with its phases quantized to B bits ("quantization") and noise-trained then quantized
 * ("noise"), on the test drops; with Algorithm 1's accuracy (re-probe of the top 5) and its rate loss beside them.
 */
import type { Claim, Figure, Table } from '../../run/index.js';
import type { SchemeName } from '../probes.js';
import { REPROBE_TOP_K } from '../system.js';
import { DEPLOYMENTS, deploymentOf, SCHEME_LABELS, type Deployment, type EvalContext } from './context.js';
import { differenceSe, fmt, pct } from './format.js';
import { PAPER, TOLERANCE } from './paper-reference.js';
import { deploymentName, deploymentSeries } from './styles.js';

export interface TopKRow {
  scheme: SchemeName;
  deployment: Deployment;
  top1: number;
  top3: number;
  top5: number;
  algorithm1: number;
  /** mean over drops of 10 log10(SNR(i*)/SNR(optimal)), dB (≤ 0) */
  algorithm1LossDb: number;
  top1LossDb: number;
}

function meanLossDb(chosen: Float64Array, optimal: Float64Array): number {
  let s = 0;
  for (let i = 0; i < chosen.length; i++) s += 10 * Math.log10(chosen[i] / optimal[i]);
  return s / chosen.length;
}

export async function fig3TopK(e: EvalContext): Promise<{ figure: Figure; table: Table; rows: TopKRow[] }> {
  const B = e.config.quantization.bits;
  const n = e.test.count;
  const rows: TopKRow[] = [];
  const schemes = [...new Set(e.nets.map((t) => t.scheme))];
  const bar = e.ctx.progress.start('Fig. 3: top-K on the test drops', schemes.length * DEPLOYMENTS.length, 'deployment');
  try {
    for (const scheme of schemes) {
      for (const d of DEPLOYMENTS) {
        const { variant, bits } = deploymentOf(d, B);
        if (!e.net(scheme, variant)) continue;
        const r = await e.deployment(scheme, variant, bits);
        rows.push({
          scheme,
          deployment: d,
          top1: r.topK[1],
          top3: r.topK[3],
          top5: r.topK[5],
          algorithm1: r.algorithm1.accuracy,
          algorithm1LossDb: meanLossDb(r.snr.algorithm1, r.snr.optimal),
          top1LossDb: meanLossDb(r.snr.top1, r.snr.optimal),
        });
        bar.tick();
      }
    }
  } finally {
    bar.done();
  }
  const row = (s: SchemeName, d: Deployment) => rows.find((r) => r.scheme === s && r.deployment === d);
  const claims: Claim[] = [];
  const [beam, angle, uniform] = [row('beam', 'original'), row('angle', 'original'), row('uniform', 'original')];
  if (beam && angle && uniform) {
    const g1 = beam.top3 - angle.top3;
    const g2 = angle.top3 - uniform.top3;
    const se1 = differenceSe(beam.top3, angle.top3, n);
    const se2 = differenceSe(angle.top3, uniform.top3, n);
    claims.push({
      what: 'order of the schemes, top-3 as trained: beam domain > angle domain > uniform',
      paper: 'beam domain > angle domain > uniform (Figs. 2, 3)',
      ours: `beam ${fmt(beam.top3)}, angle ${fmt(angle.top3)}, uniform ${fmt(uniform.top3)}`,
      difference: `beam − angle ${fmt(g1)} (${fmt(g1 / se1, 1)} SE), angle − uniform ${fmt(g2)} (${fmt(g2 / se2, 1)} SE); each gap must exceed ${TOLERANCE.sigmas} SE`,
      agrees: g1 > TOLERANCE.sigmas * se1 && g2 > TOLERANCE.sigmas * se2,
    });
    const gap = beam.top3 - uniform.top3;
    const paperGap = PAPER.fig2.beamTop3 - PAPER.fig2.uniformTop3;
    claims.push({
      what: 'top-3 gain of the beam domain over uniform probes',
      paper: `≈ ${fmt(paperGap, 2)} (Fig. 2 at epoch 200: ≈ ${PAPER.fig2.beamTop3} vs ≈ ${PAPER.fig2.uniformTop3})`,
      ours: `${fmt(gap)} (${fmt(beam.top3)} vs ${fmt(uniform.top3)})`,
      difference: `${fmt(gap - paperGap)} (tolerance ±${TOLERANCE.accuracyGap})`,
      agrees: Math.abs(gap - paperGap) <= TOLERANCE.accuracyGap,
    });
  }
  for (const s of schemes.filter((x) => x !== 'uniform')) {
    const [o, q, z] = [row(s, 'original'), row(s, 'quantized'), row(s, 'noise')];
    if (!o || !q) continue;
    const drop = o.top3 - q.top3;
    const se = differenceSe(o.top3, q.top3, n);
    const hurts = drop > TOLERANCE.sigmas * se;
    claims.push({
      what: `${SCHEME_LABELS[s]}: top-3 lost to ${B}-bit phase quantization`,
      paper: 'quantization "seriously degrades the performance"',
      ours: `${fmt(o.top3)} → ${fmt(q.top3)}`,
      difference: `loss ${fmt(drop)} (${fmt(drop / se, 1)} SE; agrees when > ${TOLERANCE.sigmas} SE)`,
      agrees: hurts,
    });
    if (!z) continue;
    const recovered = (z.top3 - q.top3) / drop;
    claims.push({
      what: `${SCHEME_LABELS[s]}: share of the quantization loss recovered by noise-adding training`,
      paper: 'noise adding "significantly improves the prediction accuracies on all schemes"; most of the loss recovered',
      ours: `quantized ${fmt(q.top3)}, noise-trained + quantized ${fmt(z.top3)}, as trained ${fmt(o.top3)}`,
      difference: hurts
        ? `${pct(recovered)} recovered (agrees when ≥ ${pct(TOLERANCE.recovery, 0)})`
        : `undecidable: quantization did not cost a significant loss here (${fmt(drop)})`,
      agrees: hurts && recovered >= TOLERANCE.recovery,
    });
  }
  const figure: Figure = {
    id: 'fig3-topk-accuracy',
    title: 'Top-K beam prediction accuracy per scheme (Fig. 3)',
    xLabel: 'K',
    yLabel: 'top-K accuracy',
    series: rows.map((r) =>
      deploymentSeries({ name: deploymentName(r.scheme, r.deployment), x: [1, 3, 5], y: [r.top1, r.top3, r.top5] }, r.scheme, r.deployment),
    ),
    caption:
      `${n} test drops. as trained (the paper's "original"): deployed as trained; B-bit phases ("quantization"): every element phase rounded ` +
      `to B = ${B} bits; noise-trained ("noise"): trained with element phase noise U[−Δ/2, Δ/2] then quantized. Colour: the scheme; dash and ` +
      `point: the deployment, as in every figure of this report. RSRPs reported with 1 dB resolution; preset ${e.ctx.preset}.`,
    claims,
  };
  const table: Table = {
    id: 'fig3-table',
    title: `Top-K accuracy and Algorithm 1 (re-probe of the top ${REPROBE_TOP_K}) per scheme and deployment`,
    columns: ['scheme', 'deployment', 'top-1', 'top-3', 'top-5', 'Algorithm 1 accuracy', 'Algorithm 1 SNR loss (dB)', 'top-1 SNR loss (dB)'],
    rows: rows.map((r) => [
      SCHEME_LABELS[r.scheme],
      r.deployment,
      fmt(r.top1),
      fmt(r.top3),
      fmt(r.top5),
      fmt(r.algorithm1),
      fmt(r.algorithm1LossDb, 2),
      fmt(r.top1LossDb, 2),
    ]),
    caption:
      `SNR loss: mean over the ${n} test drops of 10 log10(|a_iᴴh|² / |a_optᴴh|²) for Algorithm 1's i* and for the predictor's top-1. ` +
      `Algorithm 1 spends L + ${REPROBE_TOP_K} = ${e.geometry.probes + REPROBE_TOP_K} measurements per user.`,
  };
  return { figure, table, rows };
}
