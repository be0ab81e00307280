/**
 * Phase resolution sweep (paper 001 §III-D: "limited phase resolution B, such as 3−7 bits"): top-1 and top-3 accuracy
 * of every scheme deployed with B-bit phases, for the network trained without phase noise and the one trained with
 * the noise of the run's B (`quantization.bits`), with the unquantized accuracy as the reference.
 */
import type { Figure, Series, Table } from '../../run/index.js';
import type { Variant } from '../train.js';
import { SCHEME_LABELS, type EvalContext } from './context.js';
import { fmt } from './format.js';
import { deploymentName, deploymentSeries } from './styles.js';

export async function bitsSweep(e: EvalContext): Promise<{ figure: Figure; table: Table; results: Record<string, unknown> }> {
  const c = e.config;
  const bits = [...c.quantization.sweepBits].sort((a, b) => a - b);
  const series: Series[] = [];
  const rows: (string | number)[][] = [];
  const results: Record<string, { top1: number[]; top3: number[]; unquantizedTop3: number }> = {};
  const schemes = [...new Set(e.nets.map((t) => t.scheme))];
  const bar = e.ctx.progress.start('phase-resolution sweep', schemes.length * 2 * bits.length, 'deployment');
  try {
    for (const scheme of schemes) {
      for (const variant of ['original', 'noise'] as Variant[]) {
        if (!e.net(scheme, variant)) continue;
        const label = `${SCHEME_LABELS[scheme]}, ${variant === 'noise' ? `noise-trained (B = ${c.quantization.bits})` : 'trained without noise'}`;
        const top1: number[] = [];
        const top3: number[] = [];
        for (const b of bits) {
          const r = await e.ranking(scheme, variant, b);
          top1.push(r.topK[1]);
          top3.push(r.topK[3]);
          bar.tick();
        }
        const plain = (await e.ranking(scheme, variant, null)).topK[3];
        results[label] = { top1, top3, unquantizedTop3: plain };
        // trained without noise and deployed at B bits is Fig. 3's 'quantized' deployment; its unquantized line is 'as trained'
        const deployment = variant === 'noise' ? 'noise' : 'quantized';
        series.push(deploymentSeries({ name: deploymentName(scheme, deployment), x: bits, y: top3 }, scheme, deployment));
        if (variant === 'original')
          series.push(deploymentSeries({ name: deploymentName(scheme, 'original'), x: bits, y: bits.map(() => plain) }, scheme, 'original'));
        rows.push([label, ...top3.map((v) => fmt(v)), fmt(plain)]);
      }
    }
  } finally {
    bar.done();
  }
  const figure: Figure = {
    id: 'bits-sweep-top3',
    title: 'Top-3 accuracy vs phase resolution B of the deployed probes',
    xLabel: 'phase bits B',
    yLabel: 'top-3 accuracy',
    series,
    caption:
      `${e.test.count} test drops; every element phase rounded to Δ = 2π/2^B; the noise-trained networks used U[−Δ/2, Δ/2] of B = ${c.quantization.bits} ` +
      `(not retrained per B); 'as trained': the unquantized accuracy of the network trained without noise (flat in B). Preset ${e.ctx.preset}.`,
  };
  const table: Table = {
    id: 'bits-sweep-table',
    title: 'Top-3 accuracy per phase resolution',
    columns: ['network', ...bits.map((b) => `B = ${b}`), 'unquantized'],
    rows,
  };
  return { figure, table, results: { bits, ...results } };
}
