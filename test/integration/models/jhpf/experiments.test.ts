import { describe, expect, it } from 'vitest';
import { gapClaim, snrAtBer, snrGapDb } from '../../../../models/jhpf/experiments/gaps.js';

describe('jhpf SNR gaps at a target BER', () => {
  const snr = [-10, -5, 0, 5, 10];

  it('interpolates log10(BER) linearly between the grid points around the crossing', () => {
    // 1e-1 at 0 dB, 1e-3 at 5 dB: log-linear, 1e-2 at 2.5 dB
    expect(snrAtBer(snr, [0.4, 0.2, 1e-1, 1e-3, 1e-5])).toBeCloseTo(2.5, 12);
    // exactly on a grid point
    expect(snrAtBer(snr, [0.4, 0.2, 1e-2, 1e-3, 1e-5])).toBeCloseTo(0, 12);
    // 1e-2 · 10^{0.5} at −5 dB, 1e-2 · 10^{-1.5} at 0 dB: a quarter of the way
    expect(snrAtBer(snr, [0.1, 10 ** -1.5, 10 ** -3.5, 1e-5, 1e-6])).toBeCloseTo(-5 + 5 * (0.5 / 2), 12);
  });

  it('is undefined when the curve never reaches the target, and handles zero-error points', () => {
    expect(snrAtBer(snr, [0.4, 0.3, 0.2, 0.1, 0.05])).toBeUndefined();
    expect(snrAtBer(snr, [0.4, 0.3, 0.2, 1e-1, 0])).toBeCloseTo(5 + 5 * (1 / 2), 12);
  });

  it('gaps are other minus reference, and claims state ours, the paper and the difference', () => {
    const ref = [0.4, 0.2, 1e-1, 1e-3, 1e-5];
    const other = [0.4, 0.3, 0.2, 1e-1, 1e-3];
    expect(snrGapDb(snr, ref, other)).toBeCloseTo(5, 12);
    expect(snrGapDb(snr, ref, [0.4, 0.4, 0.4, 0.4, 0.4])).toBeUndefined();
    const c = gapClaim('gap', 4, 5, { tolerance: 1.5 });
    expect(c).toMatchObject({ paper: '≈ 4 dB', ours: '5.00 dB', agrees: true });
    expect(c.difference).toContain('+1.00 dB');
    expect(gapClaim('gap', 4, 6, { tolerance: 1.5 }).agrees).toBe(false);
    expect(gapClaim('loss', 0.5, 0.7, { tolerance: 0, bound: true }).agrees).toBe(false);
    expect(gapClaim('loss', 0.5, 0.2, { tolerance: 0, bound: true })).toMatchObject({ paper: '< 0.5 dB', agrees: true });
    expect(gapClaim('loss', 0.5, undefined, { tolerance: 0 }).agrees).toBeUndefined();
  });
});
