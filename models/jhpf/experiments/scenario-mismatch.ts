/**
 * Figs. 7 and 9 (paper 000 §IV-B) share one layout: DL-JHPF trained in UMi NLOS and tested in UMi with perfect CSI,
 * in UMa with perfect CSI (scenario mismatch) and in UMa with CSI estimated at the highest pilot SNR (scenario and CSI
 * mismatch), beside the baselines in UMa with that CSI. Claims: scenario mismatch costs < 0.5 dB and both mismatches
 * together < 1 dB at BER 1e−2.
 */
import type { Claim, Figure } from '../../run/types.js';
import { berValues, curveResults, toSeries, type CurveBook } from './curves.js';
import { gapClaim, snrGapDb } from './gaps.js';
import { VARIANT_LABELS, type JhpfVariant } from '../network/variant.js';

export async function scenarioMismatch(
  book: CurveBook,
  band: 'narrowband' | 'ofdm',
  pilotSnrDb: number,
  meta: { id: string; title: string; extraClaims?: (x: Record<string, number[]>, label: string) => Claim[] },
): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  const baselines = [];
  for (const b of book.baselines) baselines.push({ b, curve: await book.baseline(b, band, 'uma', pilotSnrDb) });
  const x = book.snrDb;
  const claims: Claim[] = [];
  const series = [];
  const rows: Partial<Record<JhpfVariant, unknown>> = {};
  for (const v of book.variants) {
    const label = VARIANT_LABELS[v];
    const umi = await book.dljhpf(band, 'umi', null, ', UMi, perfect CSI', v);
    const uma = await book.dljhpf(band, 'uma', null, ', UMa, perfect CSI', v);
    const umaCsi = await book.dljhpf(band, 'uma', pilotSnrDb, `, UMa, CSI est. ${pilotSnrDb} dB`, v);
    const scenarioLoss = snrGapDb(x, berValues(umi), berValues(uma));
    const totalLoss = snrGapDb(x, berValues(umi), berValues(umaCsi));
    claims.push(
      gapClaim(`${label} loss from the scenario mismatch (train UMi, test UMa) at BER 1e-2`, 0.5, scenarioLoss, { tolerance: 0, bound: true }),
      gapClaim(`${label} loss from scenario mismatch and CSI estimated at ${pilotSnrDb} dB, at BER 1e-2`, 1, totalLoss, { tolerance: 0, bound: true }),
    );
    const curves = Object.fromEntries(
      [['dljhpfUmi', umi], ['dljhpfUma', uma], ['dljhpfUmaCsi', umaCsi], ...baselines.map(({ b, curve }) => [b, curve])].map(([k, c]) => [
        k as string,
        berValues(c as never),
      ]),
    );
    claims.push(...(meta.extraClaims?.(curves, label) ?? []));
    series.push(toSeries(umi), toSeries(uma), toSeries(umaCsi));
    rows[v] = {
      umi: curveResults(umi),
      uma: curveResults(uma),
      umaCsi: { pilotSnrDb, ...curveResults(umaCsi) },
      scenarioLossDb: scenarioLoss ?? null,
      scenarioAndCsiLossDb: totalLoss ?? null,
    };
  }
  const figure: Figure = {
    id: meta.id,
    title: meta.title,
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
      baselinesUmaCsi: Object.fromEntries(baselines.map(({ b, curve }) => [b, curveResults(curve)])),
    },
  };
}
