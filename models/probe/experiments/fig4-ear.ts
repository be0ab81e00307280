/**
 * Fig. 4 (paper 001 §IV-D): effective achievable rate, eq. (12), against the number of users sharing a slot, for the
 * prediction schemes (Algorithm 1: L probes + 5 re-probes per user) and the hierarchical and binary searches.
 *
 * Overhead model (the paper states none): every probed beam costs one symbol T_s; the U users are aligned one after
 * another within the slot T_c, so the pre-log factor of eq. (12) is max(0, 1 − U·M·T_s/T_c) with M the measurements per
 * user (wireless/metrics/effective-achievable-rate.ts): M = 8 + 5 = 13 for Algorithm 1, 16 + 8 = 24 for the
 * hierarchical search, 2·7 = 14 for the binary search. The rate term is log2(1 + P|a_{i*}ᴴh|²/σ²) of the selected
 * beam's true gain, averaged over the test drops (the SNR varies with each drop's path loss).
 */
import { effectiveAchievableRate, trainingEfficiency } from '../../../wireless/metrics/effective-achievable-rate.js';
import type { Claim, Figure, Series } from '../../run/index.js';
import type { SchemeName } from '../probes.js';
import { SCHEME_LABELS, type Deployment, type EvalContext } from './context.js';
import { fmt, pct } from './format.js';
import { PAPER, TOLERANCE } from './paper-reference.js';
import type { SearchResult } from './search.js';
import { BASELINE_CURVES, baselineSeries, DEPLOYMENT_LABELS, deploymentSeries, type BaselineCurve } from './styles.js';

interface Method {
  /** the name in the claims and results.json */
  name: string;
  /** what the curve is: a scheme in a deployment (its look in every figure), or a search baseline */
  look: { scheme: SchemeName; deployment: Deployment } | BaselineCurve;
  measurements: number;
  snr: Float64Array;
  accuracy: number;
}

export async function fig4Ear(e: EvalContext, searches: SearchResult[]): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  const c = e.config;
  const B = c.quantization.bits;
  const times = { symbolDurationS: c.system.symbolS, slotDurationS: c.system.slotS };
  const users = Array.from({ length: c.fig4.maxUsers }, (_, i) => i + 1);
  const methods: Method[] = [];
  for (const scheme of [...new Set(e.nets.map((t) => t.scheme))]) {
    // the deployable variant: noise-trained, B-bit phases (the as-trained one when no noise-trained net exists)
    const variant = e.net(scheme, 'noise') ? 'noise' : 'original';
    const r = await e.deployment(scheme, variant, B);
    methods.push({
      name: `${SCHEME_LABELS[scheme]} + Algorithm 1`,
      look: { scheme, deployment: variant === 'noise' ? 'noise' : 'quantized' },
      measurements: r.algorithm1.measurements,
      snr: r.snr.algorithm1,
      accuracy: r.algorithm1.accuracy,
    });
  }
  for (const s of searches) {
    const look = BASELINE_CURVES.find((b) => b === s.name);
    if (!look) throw new RangeError(`fig4Ear: no look for search '${s.name}'; known: ${BASELINE_CURVES.join(', ')}`);
    methods.push({ name: s.name, look, measurements: s.measurements, snr: s.snr, accuracy: s.accuracy });
  }
  const optimal = (await e.deployment(e.nets[0].scheme, e.nets[0].variant, B)).snr.optimal;
  const ear = (m: { measurements: number; snr: Float64Array }, u: number) =>
    effectiveAchievableRate(m.snr, { trainingSymbols: m.measurements, users: u, ...times });
  const curves = Object.fromEntries(methods.map((m) => [m.name, users.map((u) => ear(m, u))]));
  const overhead = (m: number, u: number) => 1 - trainingEfficiency({ trainingSymbols: m, users: u, ...times });

  const claims: Claim[] = [];
  const U = Math.min(PAPER.fig4.users, c.fig4.maxUsers);
  const hier = methods.find((m) => m.name === 'hierarchical search');
  const bin = methods.find((m) => m.name === 'binary search');
  const predictors = methods.filter((m) => m.name.endsWith('Algorithm 1'));
  const one = methods.map((m) => ear(m, 1));
  const spread = (Math.max(...one) - Math.min(...one)) / Math.max(...one);
  claims.push({
    what: 'EAR of every scheme with a single user',
    paper: '"the EAR performances of each scheme are close"',
    ours: methods.map((m, i) => `${m.name} ${fmt(one[i], 2)}`).join(', ') + ' bit/s/Hz',
    difference: `spread ${pct(spread)} of the largest (agrees when ≤ ${pct(TOLERANCE.closeEar, 0)})`,
    agrees: spread <= TOLERANCE.closeEar,
  });
  if (bin) {
    const v = ear(bin, U);
    claims.push({
      what: `binary search EAR at ${U} users`,
      paper: '0: "the search time of the binary search scheme occupies all the channel coherence time"',
      ours: `${fmt(v, 2)} bit/s/Hz (its ${bin.measurements} measurements take ${pct(overhead(bin.measurements, U))} of the slot)`,
      difference:
        v === 0
          ? 'none'
          : `${fmt(v, 2)} bit/s/Hz above 0: reaching 0 at ${U} users takes ≥ ${Math.ceil(c.system.slotS / (U * c.system.symbolS))} symbols per user`,
      agrees: v === 0,
    });
  }
  if (hier) {
    const share = overhead(hier.measurements, U);
    claims.push({
      what: `share of the slot the hierarchical search spends at ${U} users`,
      paper: pct(PAPER.fig4.hierarchicalOverhead, 0),
      ours: `${pct(share)} (${hier.measurements} measurements per user; uncapped ${pct((U * hier.measurements * c.system.symbolS) / c.system.slotS)})`,
      difference: `${fmt(100 * (share - PAPER.fig4.hierarchicalOverhead), 1)} points (tolerance ±${100 * TOLERANCE.overheadPoints})`,
      agrees: Math.abs(share - PAPER.fig4.hierarchicalOverhead) <= TOLERANCE.overheadPoints,
    });
    if (predictors.length > 0) {
      const m = predictors[0].measurements;
      const saving = share - overhead(m, U);
      claims.push({
        what: `training-overhead saving of the prediction schemes against the hierarchical search at ${U} users (share of the slot)`,
        paper: `≈ ${pct(PAPER.fig4.predictionSaving, 0)}`,
        ours: `${pct(saving)} (${pct(overhead(m, U))} for ${m} measurements vs ${pct(share)}); relative saving per user 1 − ${m}/${hier.measurements} = ${pct(1 - m / hier.measurements)}`,
        difference: `${fmt(100 * (saving - PAPER.fig4.predictionSaving), 1)} points (tolerance ±${100 * TOLERANCE.overheadPoints})`,
        agrees: Math.abs(saving - PAPER.fig4.predictionSaving) <= TOLERANCE.overheadPoints,
      });
    }
  }
  const ideal = users.map(() => effectiveAchievableRate(optimal, { trainingSymbols: 0, ...times }));
  const figure: Figure = {
    id: 'fig4-ear-vs-users',
    title: 'Effective achievable rate vs number of users (Fig. 4)',
    xLabel: 'users per slot',
    yLabel: 'EAR (bit/s/Hz)',
    series: [
      ...methods.map((m): Series => {
        const per = `(${m.measurements} per user)`;
        if (typeof m.look === 'string') return baselineSeries({ name: `${m.name} ${per}`, x: users, y: curves[m.name] }, m.look);
        const { scheme, deployment } = m.look;
        return deploymentSeries({ name: `${m.name} ${per}`, x: users, y: curves[m.name] }, scheme, deployment);
      }),
      baselineSeries({ name: 'optimal beam, no training', x: users, y: ideal }, 'optimal beam'),
    ],
    caption:
      `Eq. (12) over ${e.test.count} test drops with P = ${c.system.transmitPowerDbm} dBm, σ² = ${fmt(e.link.noiseDbm, 0)} dBm; users aligned in turn, one symbol ` +
      `T_s = ${c.system.symbolS * 1e6} µs per measurement, slot T_c = ${c.system.slotS * 1e3} ms. Prediction schemes: noise-trained probes at ` +
      `B = ${B} bits (drawn like '${DEPLOYMENT_LABELS.noise}' in Fig. 3), RSRPs in 1 dB steps, re-probe of the top 5. A scheme whose training fills the slot has EAR 0, drawn at 0 (the binary search's at 100 users is the paper's claim). Preset ${e.ctx.preset}.`,
    claims,
  };
  return {
    figure,
    results: {
      users,
      ear: curves,
      optimal: ideal[0],
      methods: methods.map((m) => ({
        name: m.name,
        measurements: m.measurements,
        accuracy: m.accuracy,
        meanRate: ear(m, 1) / trainingEfficiency({ trainingSymbols: m.measurements, ...times }),
      })),
    },
  };
}
