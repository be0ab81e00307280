/**
 * Fig. 9 (paper 000 §IV-B): OFDM with scenario and CSI mismatch (layout in scenario-mismatch.ts), plus the paper's
 * statement that DL-JHPF stays ≈ 4 dB behind fully digital (here: UMa, estimated CSI, both sides).
 */
import type { Figure } from '../../run/types.js';
import type { CurveBook } from './curves.js';
import { gapClaim, snrGapDb } from './gaps.js';
import { scenarioMismatch } from './scenario-mismatch.js';

export function fig9(book: CurveBook, pilotSnrDb: number): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  return scenarioMismatch(book, 'ofdm', pilotSnrDb, {
    id: 'fig9-ofdm-mismatch',
    title: `Fig. 9: OFDM, mismatched channel scenario (train UMi, test UMa) and CSI (${pilotSnrDb} dB)`,
    extraClaims: (c, label) =>
      c['fully-digital']
        ? [
            gapClaim(
              `SNR gap of ${label} behind fully digital, OFDM, UMa, CSI est. ${pilotSnrDb} dB, at BER 1e-2`,
              4,
              snrGapDb(book.snrDb, c['fully-digital'], c.dljhpfUmaCsi),
              { tolerance: 1.5 },
            ),
          ]
        : [],
  });
}
