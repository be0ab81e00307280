/** Fig. 7 (paper 000 §IV-B): narrowband scenario and CSI mismatch (layout and claims in scenario-mismatch.ts). */
import type { Figure } from '../../run/types.js';
import type { CurveBook } from './curves.js';
import { scenarioMismatch } from './scenario-mismatch.js';

export function fig7(book: CurveBook, pilotSnrDb: number): Promise<{ figure: Figure; results: Record<string, unknown> }> {
  return scenarioMismatch(book, 'narrowband', pilotSnrDb, {
    id: 'fig7-scenario-mismatch',
    title: `Fig. 7: robustness to mismatched channel scenario (train UMi, test UMa) and CSI (${pilotSnrDb} dB)`,
  });
}
