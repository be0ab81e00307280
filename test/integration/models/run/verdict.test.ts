// The verdict rule on hand-made numbers: within a stated tolerance in both directions, NaN never agrees.
import { describe, expect, it } from 'vitest';
import { renderMarkdown, verdict } from '../../../../cli/report/write-report.js';
import { toleranceText, VERDICT_RULE, within } from '../../../../models/run/verdict.js';

describe('verdict rule', () => {
  it('agrees inside the tolerance, in both directions', () => {
    expect(within(20.1, 22.3, { rel: 0.1 })).toBe(true); // −9.9 %
    expect(within(24.5, 22.3, { rel: 0.1 })).toBe(true); // +9.9 %
    expect(within(19.9, 22.3, { rel: 0.1 })).toBe(false); // −10.8 %: too low
    expect(within(24.6, 22.3, { rel: 0.1 })).toBe(false); // +10.3 %: too good is a difference too
    expect(within(-2.5, -3.5, { abs: 1 })).toBe(true);
    expect(within(-2.4, -3.5, { abs: 1 })).toBe(false);
    expect(within(-4.6, -3.5, { abs: 1 })).toBe(false);
    expect(within(10.5, 10, { abs: 0.1, rel: 0.05 })).toBe(true); // either tolerance suffices
  });

  it('NaN, ∞ and a missing tolerance never agree', () => {
    expect(within(NaN, 22.3, { rel: 10 })).toBe(false);
    expect(within(22.3, NaN, { rel: 10 })).toBe(false);
    expect(within(Infinity, Infinity, { abs: 1 })).toBe(false);
    expect(within(1, 1, {})).toBe(false);
  });

  it('the report forces a non-finite claim to disagree and prints the rule', () => {
    expect(verdict({ what: 'R', paper: '22.3', ours: 'NaN', difference: '-', agrees: true })).toMatch(/no/);
    expect(verdict({ what: 'R', paper: '22.3', ours: '21.0', difference: '-', agrees: true })).toBe('yes');
    expect(verdict({ what: 'R', paper: '22.3', ours: '21.0', difference: '-' })).toBe('n/a');
    const md = renderMarkdown(
      { model: 'm', title: 't', paper: 'p', preset: 'quick', seed: 1, device: 'd', command: 'c', startedAt: 's', evalSeconds: 1 },
      { title: 'T', summary: [], figures: [], tables: [], results: {}, claims: [{ what: 'R', paper: '22.3', ours: 'NaN×', difference: '-', agrees: true }] },
    );
    expect(md).toContain(VERDICT_RULE);
    expect(md).toContain('0 agree, 1 differ');
    expect(toleranceText({ abs: 1 }, 'dB')).toBe('±1 dB');
    expect(toleranceText({ rel: 0.1 })).toBe('±10 %');
  });
});
