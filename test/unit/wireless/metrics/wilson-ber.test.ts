import { describe, expect, it } from 'vitest';
import { evaluateBer } from '../../../../wireless/metrics/evaluate-ber.js';
import { wilsonInterval } from '../../../../wireless/metrics/wilson-interval.js';

describe('wilsonInterval', () => {
  // Reference: the closed form evaluated in double precision with scipy's normal quantile.
  it.each([
    [0, 10, 0.95, 0, 0.2775327998628892],
    [5, 10, 0.95, 0.236593090512564, 0.7634069094874361],
    [1, 100, 0.95, 0.0017674320641406505, 0.054486196178705315],
    [10, 10, 0.95, 0.7224672001371107, 1],
    [81, 263, 0.95, 0.2552885198782742, 0.36620957698280004],
    [3, 1000, 0.99, 0.0007581012310614666, 0.011793516682924922],
  ])('k = %i, n = %i, level %f', (k, n, c, lower, upper) => {
    const w = wilsonInterval(k, n, c);
    expect(w.lower).toBeCloseTo(lower, 12);
    expect(w.upper).toBeCloseTo(upper, 12);
    expect(w.estimate).toBe(k / n);
    expect(w.confidence).toBe(c);
  });

  it('refuses invalid counts', () => {
    expect(() => wilsonInterval(3, 0)).toThrow(/trials must be a positive integer/);
    expect(() => wilsonInterval(11, 10)).toThrow(/in \[0, 10\]/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/confidence/);
  });
});

describe('evaluateBer', () => {
  it('stops once enough errors were counted', async () => {
    let calls = 0;
    const r = await evaluateBer(
      () => {
        calls++;
        return { errors: 7, bits: 1000 };
      },
      { minErrors: 20, maxBits: 1e9 },
    );
    expect(calls).toBe(3);
    expect(r).toMatchObject({ errors: 21, bits: 3000, steps: 3, stoppedBy: 'errors' });
    expect(r.estimate).toBeCloseTo(0.007, 15);
    expect(r.lower).toBeLessThan(0.007);
    expect(r.upper).toBeGreaterThan(0.007);
  });

  it('stops at the bit budget and awaits async steps one at a time', async () => {
    let running = 0;
    const progress: number[] = [];
    const r = await evaluateBer(
      async (i) => {
        running++;
        expect(running).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
        return { errors: i % 2, bits: 500 };
      },
      { minErrors: 100, maxBits: 2000, onProgress: (t) => progress.push(t.bits) },
    );
    expect(r).toMatchObject({ errors: 2, bits: 2000, steps: 4, stoppedBy: 'budget' });
    expect(progress).toEqual([500, 1000, 1500, 2000]);
  });

  it('refuses inconsistent step reports and bad options', async () => {
    await expect(evaluateBer(() => ({ errors: 5, bits: 3 }), { minErrors: 1, maxBits: 10 })).rejects.toThrow(/reported 5 errors for 3 bits/);
    await expect(evaluateBer(() => ({ errors: 0, bits: 0 }), { minErrors: 1, maxBits: 10 })).rejects.toThrow(/positive integer bit count/);
    await expect(evaluateBer(() => ({ errors: 0, bits: 1 }), { minErrors: 0, maxBits: 10 })).rejects.toThrow(/minErrors/);
  });
});
