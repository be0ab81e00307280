/**
 * Fig. 3a (paper 002 §IV): communications sum rate R vs SNR for UPGANet (each J), conventional PGA, ZF (fully
 * digital, communications only) and SCA-ManOpt, with the paper's ZF and SCA-ManOpt curves (paper-details §1) dashed.
 */
import type { Claim, Figure } from '../../run/index.js';
import { PGA_LABEL, SCA_LABEL, upganetLabel, ZF_LABEL, type EvalContext } from './context.js';
import { fmt, highest, pct } from './format.js';
import { PAPER_GAIN_OVER_SCA, PAPER_RATE_SCA, PAPER_RATE_ZF, PAPER_SNR_DB, paperValueAt, RERUN_12DB } from './paper-reference.js';
import type { SweepResult } from './sweep.js';

/** ZF is the same closed form here and in the paper: its curve must land within this relative distance. */
export const ZF_TOLERANCE = 0.05;
/** UPGANet (largest J) over conventional PGA at the highest SNR: the acceptance ratio. */
export const PGA_RATIO_TARGET = 1.25;
/** Gain over SCA-ManOpt: agreement within this many percentage points of the paper's 33.5 %. */
export const SCA_GAIN_TOLERANCE = 0.1;

export function fig3aSumRate(e: EvalContext, s: SweepResult): { figure: Figure; results: Record<string, unknown> } {
  const at = (label: string, snr: number) => s.methods[label][s.snrDb.indexOf(snr)];
  const top = highest(s.snrDb);
  const Jmax = Math.max(...e.nets.map((n) => n.J));
  const best = upganetLabel(Jmax);
  const claims: Claim[] = [];

  const ratio = at(best, top).meanRate / at(PGA_LABEL, top).meanRate;
  claims.push({
    what: `sum rate of ${best} over ${PGA_LABEL} at ${top} dB (${at(best, top).channels} test channels)`,
    paper: `≈ ${fmt(RERUN_12DB.rateJ20 / RERUN_12DB.ratePga)}× (${RERUN_12DB.rateJ20} vs ${RERUN_12DB.ratePga} bit/s/Hz, the authors' step sizes re-run at 12 dB); PGA is the worst JCAS scheme`,
    ours: `${fmt(ratio)}× (${fmt(at(best, top).meanRate)} vs ${fmt(at(PGA_LABEL, top).meanRate)} bit/s/Hz)`,
    difference: `${fmt(ratio - RERUN_12DB.rateJ20 / RERUN_12DB.ratePga)} in the ratio; acceptance needs ≥ ${PGA_RATIO_TARGET}×`,
    agrees: ratio >= PGA_RATIO_TARGET,
  });

  const zfDev = s.snrDb
    .filter((x) => PAPER_SNR_DB.includes(x))
    .map((x) => ({ snr: x, ours: at(ZF_LABEL, x).meanRate, paper: paperValueAt(PAPER_RATE_ZF, x) }))
    .map((d) => ({ ...d, rel: (d.ours - d.paper) / d.paper }));
  const worst = zfDev.reduce((a, b) => (Math.abs(b.rel) > Math.abs(a.rel) ? b : a), zfDev[0]);
  if (worst) {
    claims.push({
      what: `ZF (digital) sum rate vs the paper's, SNR ${zfDev.map((d) => d.snr).join(', ')} dB`,
      paper: zfDev.map((d) => fmt(d.paper)).join(', '),
      ours: zfDev.map((d) => fmt(d.ours)).join(', '),
      difference: `largest relative difference ${pct(worst.rel)} at ${worst.snr} dB (tolerance ±${pct(ZF_TOLERANCE, 0)})`,
      agrees: zfDev.every((d) => Math.abs(d.rel) <= ZF_TOLERANCE),
    });
  }

  const scaOurs = at(SCA_LABEL, top).common.meanRate;
  const bestCommon = at(best, top).common.meanRate;
  const gain = bestCommon / scaOurs - 1;
  claims.push({
    what: `sum-rate gain of ${best} over ${SCA_LABEL} at ${top} dB (the ${at(SCA_LABEL, top).channels} channels SCA-ManOpt ran on)`,
    paper: `≈ +${pct(PAPER_GAIN_OVER_SCA)} (paper's SCA-ManOpt: ${fmt(paperValueAt(PAPER_RATE_SCA, top))} bit/s/Hz)`,
    ours: `${gain >= 0 ? '+' : ''}${pct(gain)} (${fmt(bestCommon)} vs ${fmt(scaOurs)} bit/s/Hz)`,
    difference: `${fmt(100 * (gain - PAPER_GAIN_OVER_SCA), 1)} percentage points (tolerance ±${fmt(100 * SCA_GAIN_TOLERANCE, 0)})`,
    agrees: Math.abs(gain - PAPER_GAIN_OVER_SCA) <= SCA_GAIN_TOLERANCE,
  });

  const labels = Object.keys(s.methods);
  const figure: Figure = {
    id: 'fig3a-sum-rate-vs-snr',
    title: 'Sum rate vs SNR (Fig. 3a)',
    xLabel: 'SNR (dB)',
    yLabel: 'sum rate R (bit/s/Hz)',
    series: [
      ...labels.map((l) => ({ name: l, x: [...s.snrDb], y: s.methods[l].map((m) => m.meanRate) })),
      { name: 'paper: ZF', x: [...PAPER_SNR_DB], y: [...PAPER_RATE_ZF], dashed: true },
      { name: 'paper: SCA-ManOpt', x: [...PAPER_SNR_DB], y: [...PAPER_RATE_SCA], dashed: true },
    ],
    caption:
      `N = ${e.config.system.numAntennas}, K = ${e.config.system.numUsers}, N_RF = ${e.config.system.numRf}, ω = ${e.config.system.omega}, ` +
      `I = ${e.config.unfolding.outer}; mean over ${e.testH.shape[0]} test channels (SCA-ManOpt: first ${e.config.baselines.scaChannels}); preset ${e.ctx.preset}.`,
    claims,
  };
  const results = {
    snrDb: s.snrDb,
    rate: Object.fromEntries(labels.map((l) => [l, s.methods[l].map((m) => m.meanRate)])),
    rateOnScaChannels: Object.fromEntries(labels.map((l) => [l, s.methods[l].map((m) => m.common.meanRate)])),
    ratioBestOverPga: ratio,
    gainOverSca: gain,
    zfRelativeDeviation: zfDev,
  };
  return { figure, results };
}
