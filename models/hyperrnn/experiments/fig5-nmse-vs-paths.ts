/**
 * Fig. 5 (paper 003 §V): NMSE at slot t = 8 vs the number of paths P, both schemes at B = 20, L_ul = L_dl = 2,
 * correlated fading (ρ_dl = 0.99). The paper's text: larger gains for fewer paths (the long-term features then
 * define a low-rank channel the hypernetwork can exploit). Gains count beyond two standard errors.
 */
import type { Claim, Figure } from '../../run/index.js';
import type { HyperrnnConfig } from '../config.js';
import { ratiosAt } from '../evaluate-nmse.js';
import type { NmseBook } from './fig4-nmse-vs-bits.js';
import { fig5Spec } from './networks.js';
import { DLDNN_LABEL, hyperLabel, NMSE_RESOLUTION, nmseSeries, zeroEstimateSeries } from './styles.js';
import { SIGNIFICANCE, db, fmt, fmtGain, pairedGainDb, significantlyDecreasing, significantlyPositive } from './verdicts.js';

export function fig5(c: HyperrnnConfig, book: NmseBook, preset: string): { figure: Figure; results: Record<string, unknown> } {
  const t = c.system.evalSlot;
  const paths = c.fig5.paths;
  const r = (kind: 'dldnn' | 'hyperrnn', P: number) => book[fig5Spec(c, kind, P).name];
  const dnnLinear = paths.map((P) => r('dldnn', P).meanOfRatios[t - 1]);
  const hyperLinear = paths.map((P) => r('hyperrnn', P).meanOfRatios[t - 1]);
  const [dnn, hyper] = [dnnLinear.map(db), hyperLinear.map(db)];
  const gain = paths.map((P) => pairedGainDb(ratiosAt(r('dldnn', P), t), ratiosAt(r('hyperrnn', P), t)));
  const claims: Claim[] = [];
  const below = gain.filter(significantlyPositive).length;
  claims.push({
    what: `HyperRNN below DL-DNN at slot ${t} for P ∈ {${paths.join(', ')}} (by > ${SIGNIFICANCE} standard errors)`,
    paper: '"the proposed HyperRNN achieves a lower NMSE compared to existing methods" at every P',
    ours: paths.map((P, i) => `P = ${P}: ${fmt(hyper[i])} vs ${fmt(dnn[i])} dB`).join('; '),
    difference: `gains ${gain.map(fmtGain).join(', ')}`,
    agrees: below === paths.length,
  });
  claims.push({
    what: `gain over DL-DNN as P grows (${paths.join(' → ')})`,
    paper: '"larger performance gains can be achieved when the channel has a lower number of paths"',
    ours: gain.map(fmtGain).join(' → '),
    difference:
      paths.length < 2
        ? 'one P only: not decidable'
        : `${fmt(gain[0].gain - gain.at(-1)!.gain)} dB more gain at P = ${paths[0]} than at P = ${paths.at(-1)}; each step must shrink by > ${SIGNIFICANCE} standard errors`,
    agrees: paths.length < 2 ? undefined : significantlyDecreasing(gain),
  });
  const figure: Figure = {
    id: 'fig5-nmse-vs-paths',
    title: `NMSE at slot t = ${t} vs number of paths P (Fig. 5)`,
    xLabel: 'paths P',
    yLabel: 'NMSE (dB)',
    series: [
      nmseSeries(c, DLDNN_LABEL, paths, dnnLinear, DLDNN_LABEL, 'correlated'),
      nmseSeries(c, hyperLabel(c.fig5.ulPilots), paths, hyperLinear, hyperLabel(c.fig5.ulPilots), 'correlated'),
      zeroEstimateSeries(c, paths),
    ],
    caption:
      `M = ${c.system.numAntennas}, B = ${c.fig5.bits}, L_ul = ${c.fig5.ulPilots}, L_dl = ${c.system.dlPilots}, ρ_dl = ${c.fig5.rhoDl}, ` +
      `ρ_ul = ${c.fig5.rhoUl}, SNR ${c.system.snrDb} dB; ${c.test.sequences} test sequences per P; preset ${preset}. Dashed: correlated ` +
      `fading (each scheme keeps its colour from Fig. 4). An NMSE of 0 would be drawn at the float32 resolution ${fmt(db(NMSE_RESOLUTION), 1)} dB ` +
      `as an upper bound.`,
    claims,
  };
  return { figure, results: { slot: t, paths, dldnnDb: dnn, hyperrnnDb: hyper, gainDb: gain } };
}
