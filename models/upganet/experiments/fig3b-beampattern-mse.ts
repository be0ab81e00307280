/**
 * Fig. 3b (paper 002 §IV): beampattern MSE vs SNR, 10·log10 mean_θ |P_bm(θ) − P̄(θ)|² with patterns normalized by
 * P_BS and averaged over test channels first (as the authors' released code does), with the paper's SCA-ManOpt and ZF
 * values dashed.
 *
 * Like with like (as in Fig. 3a): conventional PGA's MSE claim uses its run at the re-run's I
 * (SweepResult.pgaAtReference); UPGANet's claims against the re-run and the paper's margin are n/a when the preset's
 * I differs from the reference's, with ours still printed. The curves keep the preset's I.
 */
import type { Claim, Figure } from '../../run/index.js';
import { toleranceText, within, type Tolerance } from '../../run/verdict.js';
import { styled } from '../../run/index.js';
import { deepestFaithful, PGA_LABEL, SCA_LABEL, type EvalContext } from './context.js';
import { PAPER_SCA_LABEL, PAPER_ZF_LABEL, upganetStyles } from './styles.js';
import { fmt, highest } from './format.js';
import {
  decidedAtIterations,
  iterationsMismatchText,
  PAPER_ITERATIONS,
  PAPER_MSE_GAIN_OVER_SCA_DB,
  PAPER_MSE_SCA_DB,
  PAPER_MSE_ZF_DB,
  PAPER_SNR_DB,
  RERUN_12DB,
} from './paper-reference.js';
import type { SweepResult } from './sweep.js';

/** Agreement with the paper's 2.5 dB advantage over SCA-ManOpt within this many dB. */
export const SCA_MSE_TOLERANCE: Tolerance = { abs: 1.5 };
/** The MSEs at the highest SNR against the authors' re-run (UPGANet J = 20: −3.5 dB, conventional PGA: 7.4 dB). */
export const MSE_TOLERANCE: Tolerance = { abs: 1 };

export function fig3bBeampatternMse(e: EvalContext, s: SweepResult): { figure: Figure; results: Record<string, unknown> } {
  const at = (label: string, snr: number) => s.methods[label][s.snrDb.indexOf(snr)];
  const top = highest(s.snrDb);
  const best = deepestFaithful(e.nets).label;
  const claims: Claim[] = [];
  const I = e.config.unfolding.outer;
  const refI = RERUN_12DB.iterations;
  const signed = (d: number) => `${d >= 0 ? '+' : ''}${fmt(d)}`;

  {
    const v = at(best, top).mseDb;
    const paper = RERUN_12DB.mseJ20Db;
    claims.push({
      what: `beampattern MSE of ${best} at ${top} dB (I = ${I})`,
      paper: `≈ ${paper} dB (the authors' code re-run at ${RERUN_12DB.snrDb} dB, I = ${refI})`,
      ours: `${fmt(v)} dB`,
      difference: `${signed(v - paper)} dB (tolerance ${toleranceText(MSE_TOLERANCE, 'dB')}; acceptance also needs ≤ 0 dB)${iterationsMismatchText(I, refI)}`,
      agrees: decidedAtIterations(I, refI, within(v, paper, MSE_TOLERANCE) && v <= 0),
    });
  }
  {
    const ref = s.pgaAtReference;
    const v = ref.point.mseDb;
    const paper = RERUN_12DB.msePgaDb;
    claims.push({
      what:
        `beampattern MSE of ${PGA_LABEL} at ${ref.snrDb} dB (I = ${ref.iterations}` +
        (ref.iterations !== I ? `, the reference's I; the curve is I = ${I}` : '') +
        ')',
      paper: `≈ ${paper} dB (the authors' code re-run at ${RERUN_12DB.snrDb} dB, I = ${refI})`,
      ours: `${fmt(v)} dB` + (ref.iterations !== I ? ` (I = ${I}: ${fmt(at(PGA_LABEL, top).mseDb)} dB)` : ''),
      difference: `${signed(v - paper)} dB (tolerance ${toleranceText(MSE_TOLERANCE, 'dB')})${iterationsMismatchText(ref.iterations, refI)}`,
      agrees: decidedAtIterations(ref.iterations, refI, within(v, paper, MSE_TOLERANCE)),
    });
  }

  for (const n of e.nets.filter((x) => x.variant !== null)) {
    const v = at(n.label, top).mseDb;
    const paper = RERUN_12DB.mseJ20Db;
    claims.push({
      what: `beampattern MSE of ${n.label} at ${top} dB (I = ${I}); named variant: ${n.variant!.note}`,
      paper: `≈ ${paper} dB (the paper's trained J = 20 network, I = ${refI}; this row is not the paper's)`,
      ours: `${fmt(v)} dB`,
      difference: `${signed(v - paper)} dB (tolerance ${toleranceText(MSE_TOLERANCE, 'dB')}; acceptance also needs ≤ 0 dB)${iterationsMismatchText(I, refI)}`,
      agrees: decidedAtIterations(I, refI, within(v, paper, MSE_TOLERANCE) && v <= 0),
    });
  }
  const oursCommon = at(best, top).common.mseDb;
  const sca = at(SCA_LABEL, top).mseDb;
  const gap = sca - oursCommon;
  claims.push({
    what: `beampattern MSE advantage of ${best} over ${SCA_LABEL} at ${top} dB (the ${at(SCA_LABEL, top).channels} channels SCA-ManOpt ran on)`,
    paper: `≈ ${PAPER_MSE_GAIN_OVER_SCA_DB} dB lower (I = ${PAPER_ITERATIONS})`,
    ours: `${gap >= 0 ? `${fmt(gap)} dB lower` : `${fmt(-gap)} dB higher`} (${fmt(oursCommon)} vs ${fmt(sca)} dB)`,
    difference: `${fmt(gap - PAPER_MSE_GAIN_OVER_SCA_DB)} dB (tolerance ${toleranceText(SCA_MSE_TOLERANCE, 'dB')})${iterationsMismatchText(I, PAPER_ITERATIONS)}`,
    agrees: decidedAtIterations(I, PAPER_ITERATIONS, within(gap, PAPER_MSE_GAIN_OVER_SCA_DB, SCA_MSE_TOLERANCE)),
  });

  const labels = Object.keys(s.methods);
  const styles = upganetStyles(e.config);
  const figure: Figure = {
    id: 'fig3b-beampattern-mse-vs-snr',
    title: 'Beampattern MSE vs SNR (Fig. 3b)',
    xLabel: 'SNR (dB)',
    yLabel: 'beampattern MSE (dB)',
    series: [
      ...labels.map((l) => ({ name: l, x: [...s.snrDb], y: s.methods[l].map((m) => m.mseDb) })),
      { name: PAPER_SCA_LABEL, x: [...PAPER_SNR_DB], y: [...PAPER_MSE_SCA_DB] },
      { name: PAPER_ZF_LABEL, x: [...PAPER_SNR_DB], y: PAPER_SNR_DB.map(() => PAPER_MSE_ZF_DB) },
    ].map((x) => styled(x, styles)),
    caption: `Patterns āᴴ X Xᴴ ā / P_BS on θ = ${e.gridDeg[0]}…${e.gridDeg.at(-1)}° (${e.gridDeg.length} angles), averaged over channels before the MSE; preset ${e.ctx.preset}.`,
    claims,
  };
  const results = {
    snrDb: s.snrDb,
    mseDb: Object.fromEntries(labels.map((l) => [l, s.methods[l].map((m) => m.mseDb)])),
    mseDbOnScaChannels: Object.fromEntries(labels.map((l) => [l, s.methods[l].map((m) => m.common.mseDb)])),
    bestVsPgaDb: at(PGA_LABEL, top).mseDb - at(best, top).mseDb,
    pgaAtReference: { iterations: s.pgaAtReference.iterations, snrDb: s.pgaAtReference.snrDb, mseDb: s.pgaAtReference.point.mseDb },
    bestVsScaDb: gap,
  };
  return { figure, results };
}
