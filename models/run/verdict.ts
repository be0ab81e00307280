/**
 * The verdict rule every report uses for its claims: ours agrees with the paper only when it lies within a tolerance
 * stated beside the claim, in both directions (better than the paper by more than the tolerance differs too), and a
 * non-finite or missing value never agrees.
 */

/** Printed under every report's claims table. */
export const VERDICT_RULE =
  'Verdict rule: a claim agrees only when ours lies within the tolerance stated in its row, in both directions ' +
  '(beating the paper by more than the tolerance is a difference too); NaN, ±∞ or a missing value never agrees; ' +
  'n/a marks a claim this preset cannot decide.';

/** A tolerance around the paper's value: absolute (same unit), relative (fraction of |paper|), or both (either suffices). */
export interface Tolerance {
  abs?: number;
  rel?: number;
}

/** |ours − paper| ≤ the tolerance; false when either value is not finite or no tolerance is given. */
export function within(ours: number, paper: number, tol: Tolerance): boolean {
  if (!Number.isFinite(ours) || !Number.isFinite(paper)) return false;
  const d = Math.abs(ours - paper);
  const absOk = tol.abs !== undefined && d <= tol.abs;
  const relOk = tol.rel !== undefined && d <= tol.rel * Math.abs(paper);
  return absOk || relOk;
}

/** The tolerance in words, for the claim's difference column: '±1 dB', '±10 %', '±1 dB or ±10 %'. */
export function toleranceText(tol: Tolerance, unit = ''): string {
  const parts: string[] = [];
  if (tol.abs !== undefined) parts.push(`±${tol.abs}${unit ? ` ${unit}` : ''}`);
  if (tol.rel !== undefined) parts.push(`±${Math.round(tol.rel * 1000) / 10} %`);
  return parts.join(' or ') || 'no tolerance (never agrees)';
}

/** True when every value is finite; a claim built on a non-finite value is forced to disagree by the report writer. */
export function allFinite(...xs: number[]): boolean {
  return xs.every(Number.isFinite);
}
