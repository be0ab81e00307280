/**
 * Fig. 8 (paper 000 §IV-B): OFDM (K subcarriers) in UMi NLOS with perfect CSI: DL-JHPF with the unified analog
 * processing of §III-F, the ideal matched analog processing (per-subcarrier analog matrices, curves.ts), and the
 * baselines. Claims at BER 1e−2: unified vs matched ≈ 1 dB loss; DL-JHPF ≈ 4 dB behind fully digital.
 */
import type { Claim, Figure } from '../../run/types.js';
import { berValues, curveResults, toSeries, type CurveBook } from './curves.js';
import { gapClaim, snrAtBer, snrGapDb } from './gaps.js';
import { VARIANT_LABELS } from '../network/variant.js';

export async function fig8(book: CurveBook): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  const baselines = [];
  for (const b of book.baselines) baselines.push({ b, curve: await book.baseline(b, 'ofdm', 'umi', null) });
  const x = book.snrDb;
  const claims: Claim[] = [];
  const series = [];
  const rows: Record<string, unknown> = {};
  const fd = baselines.find((c) => c.b === 'fully-digital');
  for (const v of book.variants) {
    const label = VARIANT_LABELS[v];
    const unified = await book.dljhpf('ofdm', 'umi', null, ' (unified AP)', v);
    const matched = await book.dljhpf('ofdm-matched', 'umi', null, ' (matched AP)', v);
    const apLoss = snrGapDb(x, berValues(matched), berValues(unified));
    claims.push(gapClaim(`${label} loss of the unified analog processing vs matched, OFDM, at BER 1e-2`, 1, apLoss, { tolerance: 1 }));
    const fdGap = fd ? snrGapDb(x, berValues(fd.curve), berValues(unified)) : undefined;
    if (fd) claims.push(gapClaim(`SNR gap of ${label} (unified AP) behind fully digital, OFDM, at BER 1e-2`, 4, fdGap, { tolerance: 1.5 }));
    series.push(toSeries(unified), toSeries(matched));
    rows[v] = {
      unified: curveResults(unified),
      matched: curveResults(matched),
      snrAtBer1e2: { unified: snrAtBer(x, berValues(unified)) ?? null, matched: snrAtBer(x, berValues(matched)) ?? null },
      unifiedApLossDb: apLoss ?? null,
      gapBehindFullyDigitalDb: fdGap ?? null,
      gainDb: Object.fromEntries(baselines.map(({ b, curve }) => [b, snrGapDb(x, berValues(unified), berValues(curve)) ?? null])),
    };
  }
  const figure: Figure = {
    id: 'fig8-ofdm',
    title: 'Fig. 8: BER vs SNR, OFDM, UMi NLOS, perfect CSI',
    xLabel: 'SNR (dB)',
    yLabel: 'BER',
    yScale: 'log',
    series: [...series, ...baselines.map(({ curve }) => toSeries(curve, true))],
    claims,
  };
  return { figure, results: { dljhpf: rows, baselines: Object.fromEntries(baselines.map(({ b, curve }) => [b, curveResults(curve)])) } };
}
