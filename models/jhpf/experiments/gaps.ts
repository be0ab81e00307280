/**
 * SNR gaps between BER curves at a target BER (paper 000 §IV-B states them at BER = 1e−2): the SNR where a curve first
 * falls to the target, by linear interpolation of log10(BER) against SNR (dB) between the two grid points around the
 * crossing; undefined when the curve never reaches the target on the grid (or starts below it with no crossing seen).
 */
import type { Claim } from '../../run/types.js';
import { toleranceText, within } from '../../run/verdict.js';

/** The first SNR at which `ber` (on the increasing grid `snrDb`) reaches `target`, or undefined. */
export function snrAtBer(snrDb: readonly number[], ber: readonly number[], target = 1e-2): number | undefined {
  if (snrDb.length !== ber.length) throw new RangeError(`snrAtBer: expected as many BER values as SNRs; got ${ber.length} and ${snrDb.length}`);
  if (!(target > 0 && target < 1)) throw new RangeError(`snrAtBer: expected a target BER in (0, 1); got ${target}`);
  const lt = Math.log10(target);
  for (let i = 1; i < snrDb.length; i++) {
    const [a, b] = [ber[i - 1], ber[i]];
    if (!(a > target) || !(b <= target)) continue;
    // a zero BER (no errors counted) is placed one decade under the target so that the crossing stays finite
    const la = Math.log10(a);
    const lb = b > 0 ? Math.log10(b) : lt - 1;
    return snrDb[i - 1] + ((la - lt) / (la - lb)) * (snrDb[i] - snrDb[i - 1]);
  }
  return undefined;
}

/**
 * Gap (dB) of curve `other` behind `reference` at the target BER: snr(other) − snr(reference); positive when `other`
 * needs more SNR. Undefined when either curve misses the target.
 */
export function snrGapDb(snrDb: readonly number[], reference: readonly number[], other: readonly number[], target = 1e-2): number | undefined {
  const r = snrAtBer(snrDb, reference, target);
  const o = snrAtBer(snrDb, other, target);
  return r === undefined || o === undefined ? undefined : o - r;
}

const fmt = (x: number | undefined) => (x === undefined ? 'not reached' : `${x.toFixed(2)} dB`);

/**
 * A claim comparing a measured gap with the paper's, by the shared verdict rule: agrees when within(ours, paper,
 * {abs: tolerance}) (models/run/verdict.ts); for a bound ('<'), when ours < paper + tolerance (a smaller loss
 * satisfies a bound). Undefined when the gap is not measurable on this grid; a non-finite gap never agrees.
 */
export function gapClaim(what: string, paperDb: number, oursDb: number | undefined, o: { tolerance: number; bound?: boolean }): Claim {
  const paper = `${o.bound ? '<' : '≈'} ${paperDb} dB`;
  if (oursDb === undefined) return { what, paper, ours: 'not reached on the SNR grid', difference: 'undecidable', agrees: undefined };
  const diff = oursDb - paperDb;
  const agrees = o.bound ? Number.isFinite(oursDb) && oursDb < paperDb + o.tolerance : within(oursDb, paperDb, { abs: o.tolerance });
  const tol = o.bound ? `bound, tolerance +${o.tolerance} dB` : `tolerance ${toleranceText({ abs: o.tolerance }, 'dB')}`;
  return { what, paper, ours: fmt(oursDb), difference: `${diff >= 0 ? '+' : ''}${diff.toFixed(2)} dB vs paper (${tol})`, agrees };
}
