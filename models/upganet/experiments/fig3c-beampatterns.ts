/**
 * Fig. 3c (paper 002 §IV): the channel-averaged beampatterns P̄(θ) = mean āᴴ X Xᴴ ā / P_BS at the highest SNR of the
 * sweep (12 dB in the paper), beside the benchmark āᴴ Ψ ā / P_BS of Eq. (4) (dashed).
 */
import type { Claim, Figure } from '../../run/index.js';
import { toleranceText, within, type Tolerance } from '../../run/verdict.js';
import { styled } from '../../run/index.js';
import { deepestFaithful, type EvalContext, type TrainedNet } from './context.js';
import { BENCHMARK_LABEL, upganetStyles } from './styles.js';
import { fmt } from './format.js';
import { highest } from './format.js';
import type { SweepResult } from './sweep.js';
import { decidedAtIterations, iterationsMismatchText, PAPER_ITERATIONS } from './paper-reference.js';

/** A visible beam: the deepest UPGANet's P̄ at each target within ±50 % of the benchmark's āᴴΨā/P_BS there. */
export const BEAM_TOLERANCE: Tolerance = { rel: 0.5 };

/**
 * Fig. 3c's claim: the deepest faithful UPGANet (or a named variant, `net`) has beams at every target, of the
 * benchmark's height (both directions). The paper's network ran I = PAPER_ITERATIONS: n/a when the preset's I
 * differs (ours still printed).
 */
function beamClaim(e: EvalContext, s: SweepResult, top: number, net: TrainedNet = deepestFaithful(e.nets)): Claim {
  const best = net.label;
  const I = e.config.unfolding.outer;
  const pattern = s.methods[best][s.snrDb.indexOf(top)].pattern;
  const targets = e.config.system.targetsDeg.map((deg) => {
    const i = e.gridDeg.indexOf(Math.round(deg));
    return { deg, ours: i < 0 ? NaN : pattern[i], bench: i < 0 ? NaN : e.reference[i] };
  });
  return {
    what:
      `${best}: beampattern at the targets ${e.config.system.targetsDeg.join(', ')}° at ${top} dB (I = ${I}; Fig. 3c)` +
      (net.variant ? `; named variant: ${net.variant.note}` : ''),
    paper:
      (net.variant ? "the paper's trained network (not this row): " : '') +
      'beams at every target, fitting the benchmark best: ' +
      targets.map((t) => `${fmt(t.bench)} at ${t.deg}°`).join(', ') +
      ` (benchmark āᴴΨā/P_BS; the paper's network at I = ${PAPER_ITERATIONS})`,
    ours: targets.map((t) => `${fmt(t.ours)} at ${t.deg}°`).join(', '),
    difference:
      targets.map((t) => `${fmt(t.ours / t.bench, 2)}×`).join(', ') +
      ` of the benchmark (tolerance ${toleranceText(BEAM_TOLERANCE)} at every target)` +
      iterationsMismatchText(I, PAPER_ITERATIONS),
    agrees: decidedAtIterations(
      I,
      PAPER_ITERATIONS,
      targets.every((t) => within(t.ours, t.bench, BEAM_TOLERANCE)),
    ),
  };
}

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
      { name: BENCHMARK_LABEL, x: [...e.gridDeg], y: [...e.reference] },
    ].map((x) => styled(x, upganetStyles(e.config))),
    caption: `Targets at ${e.config.system.targetsDeg.join(', ')}° (±${e.config.system.halfWidthDeg}°); SNR ${top} dB; preset ${e.ctx.preset}.`,
    claims: [beamClaim(e, s, top), ...e.nets.filter((n) => n.variant !== null).map((n) => beamClaim(e, s, top, n))],
  };
  return {
    figure,
    results: {
      targets: figure.claims?.[0]?.ours,
      snrDb: top,
      gridDeg: e.gridDeg,
      benchmark: e.reference,
      desired: e.desired,
      patterns: Object.fromEntries(labels.map((l) => [l, s.methods[l][i].pattern])),
    },
  };
}
