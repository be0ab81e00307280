/**
 * NMSE vs slot t = 1…T: what the recurrence gains over time. HyperRNN's estimate of slot t uses the UL pilots of
 * slots 1…t (long-term features) and, through the estimation RNN's state, the feedback of earlier slots (useful when
 * the fading is correlated); DL-DNN estimates every slot on its own, so its curve is flat up to test noise. Shown for
 * Fig. 5's correlated setting at its fewest paths and Fig. 4's i.i.d. setting at its largest B and L_ul.
 */
import type { Claim, Figure } from '../../run/index.js';
import type { HyperrnnConfig } from '../config.js';
import type { NmseBook } from './fig4-nmse-vs-bits.js';
import { fig4DnnSpec, fig4HyperSpec, fig5Spec } from './networks.js';
import { DLDNN_LABEL, hyperLabel, nmseSeries, type Setting } from './styles.js';
import { ratiosAt } from '../evaluate-nmse.js';
import { SIGNIFICANCE, db, fmt, fmtGain, pairedGainDb, significantlyPositive } from './verdicts.js';

export function nmseVsSlot(c: HyperrnnConfig, book: NmseBook, preset: string): { figure: Figure; results: Record<string, unknown> } {
  const T = c.system.numSlots;
  const t = c.system.evalSlot;
  const slots = Array.from({ length: T }, (_, i) => i + 1);
  const P = c.fig5.paths[0];
  const B = c.fig4.bits.at(-1)!;
  const L = c.fig4.ulPilots.at(-1)!;
  const curves: { name: string; key: string; scheme: string; setting: Setting }[] = [
    {
      name: `${hyperLabel(c.fig5.ulPilots)}, Fig. 5 setting (P = ${P}, ρ_dl = ${c.fig5.rhoDl}, B = ${c.fig5.bits})`,
      key: fig5Spec(c, 'hyperrnn', P).name,
      scheme: hyperLabel(c.fig5.ulPilots),
      setting: 'correlated',
    },
    { name: `${DLDNN_LABEL}, Fig. 5 setting (P = ${P}, B = ${c.fig5.bits})`, key: fig5Spec(c, 'dldnn', P).name, scheme: DLDNN_LABEL, setting: 'correlated' },
    {
      name: `${hyperLabel(L)}, Fig. 4 setting (P = ${c.fig4.paths}, i.i.d., B = ${B})`,
      key: fig4HyperSpec(c, B, L).name,
      scheme: hyperLabel(L),
      setting: 'iid',
    },
    { name: `${DLDNN_LABEL}, Fig. 4 setting (B = ${B})`, key: fig4DnnSpec(c, B).name, scheme: DLDNN_LABEL, setting: 'iid' },
  ];
  const linear = curves.map((s) => book[s.key].meanOfRatios);
  const corr = linear[0].map(db);
  const iid = linear[2].map(db);
  // slot t over slot 1 of the same network on the same sequences (paired)
  const overTime = (key: string) => pairedGainDb(ratiosAt(book[key], 1), ratiosAt(book[key], t));
  const [gCorr, gIid] = [overTime(curves[0].key), overTime(curves[2].key)];
  const claims: Claim[] = [
    {
      what: `HyperRNN with correlated fading (ρ_dl = ${c.fig5.rhoDl}, P = ${P}): NMSE at slot ${t} vs slot 1`,
      paper: 'the RNNs "leverage the temporal correlation of the fading amplitudes" (§I): later slots estimated better than the first',
      ours: `${fmt(corr[t - 1])} dB at slot ${t}, ${fmt(corr[0])} dB at slot 1`,
      difference: `${fmtGain(gCorr)} gained over ${t - 1} slots (> ${SIGNIFICANCE} standard errors required)`,
      agrees: significantlyPositive(gCorr),
    },
    {
      what: `HyperRNN with i.i.d. fading (P = ${c.fig4.paths}, B = ${B}, L_ul = ${L}): NMSE at slot ${t} vs slot 1`,
      paper: 'the hypernetwork extracts the long-term features from the UL pilots of past slots (§IV): later slots estimated better',
      ours: `${fmt(iid[t - 1])} dB at slot ${t}, ${fmt(iid[0])} dB at slot 1`,
      difference: `${fmtGain(gIid)} gained over ${t - 1} slots (> ${SIGNIFICANCE} standard errors required)`,
      agrees: significantlyPositive(gIid),
    },
  ];
  const figure: Figure = {
    id: 'nmse-vs-slot',
    title: 'NMSE vs slot t (recurrence over the T slots)',
    xLabel: 'slot t',
    yLabel: 'NMSE (dB)',
    series: curves.map((s, i) => nmseSeries(c, s.name, slots, linear[i], s.scheme, s.setting)),
    caption:
      `M = ${c.system.numAntennas}, L_dl = ${c.system.dlPilots}, SNR ${c.system.snrDb} dB, ${c.test.sequences} test sequences; preset ${preset}. ` +
      `Colour: the scheme, as in Figs. 4 and 5; solid: i.i.d. fading (Fig. 4), dashed: correlated fading (Fig. 5).`,
    claims,
  };
  return {
    figure,
    results: { slots, curves: Object.fromEntries(curves.map((s, i) => [s.key, linear[i].map(db)])), gainOverSlotsDb: { correlated: gCorr, iid: gIid } },
  };
}
