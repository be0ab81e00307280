/**
 * Fig. 4 (paper 003 §V): NMSE at slot t = 8 vs the feedback bits B, DL-DNN and HyperRNN for each L_ul, P = 8 paths,
 * i.i.d. fading (ρ_ul = ρ_dl = 0), L_dl = 2. The paper's curves are known only by its text (the figure's values were
 * not extracted): HyperRNN below DL-DNN even at L_ul = 1, the gain growing with L_ul and with B. A gain counts only
 * when it exceeds two standard errors (paired over the same test sequences; trends: differences of gains).
 */
import type { Claim, Figure } from '../../run/index.js';
import type { HyperrnnConfig } from '../config.js';
import { ratiosAt, type SlotNmse } from '../evaluate-nmse.js';
import { fig4DnnSpec, fig4HyperSpec } from './networks.js';
import { DLDNN_LABEL, hyperLabel, NMSE_RESOLUTION, nmseSeries, zeroEstimateSeries } from './styles.js';
import { SIGNIFICANCE, db, fmt, fmtGain, meanGain, pairedGainDb, significantlyIncreasing, significantlyPositive, type DbGain } from './verdicts.js';

/** Each trained network's NMSE on its setting's test sequences, by checkpoint name. */
export type NmseBook = Record<string, SlotNmse>;

export function fig4(c: HyperrnnConfig, book: NmseBook, preset: string): { figure: Figure; results: Record<string, unknown> } {
  const t = c.system.evalSlot;
  const bits = c.fig4.bits;
  const Ls = c.fig4.ulPilots;
  const linear = (name: string) => book[name].meanOfRatios[t - 1];
  const dnnLinear = bits.map((B) => linear(fig4DnnSpec(c, B).name));
  const hyperLinear = Object.fromEntries(Ls.map((L) => [L, bits.map((B) => linear(fig4HyperSpec(c, B, L).name))]));
  const dnn = dnnLinear.map(db);
  const hyper = Object.fromEntries(Ls.map((L) => [L, hyperLinear[L].map(db)]));
  // gain[L][i]: NMSE_DL-DNN − NMSE_HyperRNN in dB at bits[i] (positive: HyperRNN better), paired over the test set
  const gain: Record<number, DbGain[]> = Object.fromEntries(
    Ls.map((L) => [L, bits.map((B) => pairedGainDb(ratiosAt(book[fig4DnnSpec(c, B).name], t), ratiosAt(book[fig4HyperSpec(c, B, L).name], t)))]),
  );
  const claims: Claim[] = [];

  const points = Ls.flatMap((L) => bits.map((B, i) => ({ L, B, g: gain[L][i] })));
  const below = points.filter((p) => significantlyPositive(p.g));
  const worst = points.reduce((a, b) => (!(b.g.gain >= a.g.gain) ? b : a), points[0]);
  claims.push({
    what: `HyperRNN below DL-DNN at slot ${t}, every L_ul ∈ {${Ls.join(', ')}} and B ∈ {${bits.join(', ')}} (by > ${SIGNIFICANCE} standard errors)`,
    paper: 'lower NMSE for every L_ul, "even if a very short uplink pilot sequence with L_ul = 1 is considered"',
    ours: `significantly below at ${below.length} of ${points.length} points; smallest gain ${fmtGain(worst.g)} (L_ul = ${worst.L}, B = ${worst.B})`,
    difference: below.length === points.length ? 'none: below everywhere' : `${points.length - below.length} points where HyperRNN is not significantly below`,
    agrees: below.length === points.length,
  });

  const byL = Ls.map((L) => meanGain(gain[L]));
  claims.push({
    what: `gain over DL-DNN (mean over B) as L_ul grows (${Ls.join(' → ')})`,
    paper: 'grows with L_ul: "when a longer pilot sequence is employed, e.g. L_ul = 8, the NMSE performance of HyperRNN is significantly improved"',
    ours: byL.map(fmtGain).join(' → '),
    difference:
      Ls.length < 2
        ? 'one L_ul only: not decidable'
        : `${fmt(byL.at(-1)!.gain - byL[0].gain)} dB from L_ul = ${Ls[0]} to ${Ls.at(-1)}; each step must grow by > ${SIGNIFICANCE} standard errors`,
    agrees: Ls.length < 2 ? undefined : significantlyIncreasing(byL),
  });

  const byB = bits.map((_, i) => meanGain(Ls.map((L) => gain[L][i])));
  claims.push({
    what: `gain over DL-DNN (mean over L_ul) as B grows (${bits.join(' → ')})`,
    paper: 'grows with B: "the NMSE reduction is particularly pronounced for longer values of the uplink feedback resolution B"',
    ours: byB.map(fmtGain).join(' → '),
    difference:
      bits.length < 2
        ? 'one B only: not decidable'
        : `${fmt(byB.at(-1)!.gain - byB[0].gain)} dB from B = ${bits[0]} to ${bits.at(-1)}; each step must grow by > ${SIGNIFICANCE} standard errors`,
    agrees: bits.length < 2 ? undefined : significantlyIncreasing(byB),
  });

  const figure: Figure = {
    id: 'fig4-nmse-vs-bits',
    title: `NMSE at slot t = ${t} vs feedback bits B (Fig. 4)`,
    xLabel: 'feedback bits B',
    yLabel: 'NMSE (dB)',
    series: [
      nmseSeries(c, DLDNN_LABEL, bits, dnnLinear, DLDNN_LABEL, 'iid'),
      ...Ls.map((L) => nmseSeries(c, hyperLabel(L), bits, hyperLinear[L], hyperLabel(L), 'iid')),
      zeroEstimateSeries(c, bits),
    ],
    caption:
      `M = ${c.system.numAntennas}, P = ${c.fig4.paths}, L_dl = ${c.system.dlPilots}, ρ_ul = ${c.fig4.rhoUl}, ρ_dl = ${c.fig4.rhoDl}, ` +
      `SNR ${c.system.snrDb} dB; ${c.test.sequences} test sequences of T = ${c.system.numSlots} slots; preset ${preset}. ` +
      `Solid: i.i.d. fading (dashed in the other figures: Fig. 5's correlated fading). An NMSE of 0 would be drawn at the float32 resolution ` +
      `${fmt(db(NMSE_RESOLUTION), 1)} dB as an upper bound (downward triangle).`,
    claims,
  };
  return { figure, results: { slot: t, bits, dldnnDb: dnn, hyperrnnDb: hyper, gainDb: gain, meanGainByUlPilots: byL, meanGainByBits: byB } };
}
