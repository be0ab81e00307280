/**
 * Fig. 3c (paper 002 §IV): the channel-averaged beampatterns P̄(θ) = mean āᴴ X Xᴴ ā / P_BS at the highest SNR of the
 * sweep (12 dB in the paper), beside the benchmark āᴴ Ψ ā / P_BS of Eq. (4) (dashed).
 */
import type { Figure } from '../../run/index.js';
import type { EvalContext } from './context.js';
import { highest } from './format.js';
import type { SweepResult } from './sweep.js';

export function fig3cBeampatterns(e: EvalContext, s: SweepResult): { figure: Figure; results: Record<string, unknown> } {
  const top = highest(s.snrDb);
  const i = s.snrDb.indexOf(top);
  const labels = Object.keys(s.methods);
  const figure: Figure = {
    id: 'fig3c-beampatterns',
    title: `Average beampatterns at ${top} dB (Fig. 3c)`,
    xLabel: 'θ (degrees)',
    yLabel: 'normalized beampattern āᴴ X Xᴴ ā / P_BS',
    series: [
      ...labels.map((l) => ({ name: l, x: [...e.gridDeg], y: s.methods[l][i].pattern })),
      { name: 'benchmark Ψ (Eq. (4))', x: [...e.gridDeg], y: [...e.reference], dashed: true },
    ],
    caption: `Targets at ${e.config.system.targetsDeg.join(', ')}° (±${e.config.system.halfWidthDeg}°); SNR ${top} dB; preset ${e.ctx.preset}.`,
  };
  return {
    figure,
    results: { snrDb: top, gridDeg: e.gridDeg, benchmark: e.reference, desired: e.desired, patterns: Object.fromEntries(labels.map((l) => [l, s.methods[l][i].pattern])) },
  };
}
