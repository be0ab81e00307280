/**
 * Fig. 6 (paper 000 §IV-B): DL-JHPF with mismatched CSI in UMi NLOS: designing from channels estimated at the pilot
 * SNRs (10 and 20 dB), transmitting over the true channels; the perfect-CSI curve of Fig. 5 is the lower bound, and the
 * baselines are shown with the CSI of the highest pilot SNR. Claims: at 20 dB "almost the same" as perfect CSI (we
 * take ≤ 0.5 dB at BER 1e−2), at 10 dB a loss of less than 1 dB.
 */
import type { Claim, Figure } from '../../run/types.js';
import { berValues, curveResults, toSeries, type Curve, type CurveBook } from './curves.js';
import { gapClaim, snrGapDb } from './gaps.js';
import { VARIANT_LABELS } from '../network/variant.js';

/** The paper's bound on DL-JHPF's loss at BER 1e−2 by pilot SNR (dB). */
const PAPER_LOSS: Record<number, { db: number; tolerance: number }> = { 20: { db: 0.5, tolerance: 0 }, 10: { db: 1, tolerance: 0 } };

export async function fig6(book: CurveBook, pilotSnrDb: number[]): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  const best = Math.max(...pilotSnrDb);
  const baselines = [];
  for (const b of book.baselines) baselines.push({ b, curve: await book.baseline(b, 'narrowband', 'umi', best) });
  const claims: Claim[] = [];
  const series = [];
  const rows: Record<string, unknown> = {};
  for (const v of book.variants) {
    const label = VARIANT_LABELS[v];
    const perfect = await book.dljhpf('narrowband', 'umi', null, ', perfect CSI', v);
    const mismatched: { pilot: number; curve: Curve }[] = [];
    for (const pilot of [...pilotSnrDb].sort((a, b) => b - a))
      mismatched.push({ pilot, curve: await book.dljhpf('narrowband', 'umi', pilot, `, CSI est. ${pilot} dB`, v) });
    const loss: Record<string, number | null> = {};
    for (const { pilot, curve } of mismatched) {
      const gap = snrGapDb(book.snrDb, berValues(perfect), berValues(curve));
      loss[`${pilot}dB`] = gap ?? null;
      const paper = PAPER_LOSS[pilot];
      if (paper)
        claims.push(gapClaim(`${label} loss from CSI estimated at ${pilot} dB, at BER 1e-2`, paper.db, gap, { tolerance: paper.tolerance, bound: true }));
    }
    series.push(toSeries(perfect), ...mismatched.map((m) => toSeries(m.curve)));
    rows[v] = { perfect: curveResults(perfect), estimated: Object.fromEntries(mismatched.map((m) => [`${m.pilot}dB`, curveResults(m.curve)])), lossDb: loss };
  }
  const figure: Figure = {
    id: 'fig6-csi-mismatch',
    title: 'Fig. 6: robustness to mismatched CSI, UMi NLOS',
    xLabel: 'SNR (dB)',
    yLabel: 'BER',
    yScale: 'log',
    series: [...series, ...baselines.map(({ curve }) => toSeries(curve, true))],
    claims,
  };
  return {
    figure,
    results: {
      dljhpf: rows,
      baselinesEstimated: { pilotSnrDb: best, ...Object.fromEntries(baselines.map(({ b, curve }) => [b, curveResults(curve)])) },
    },
  };
}
