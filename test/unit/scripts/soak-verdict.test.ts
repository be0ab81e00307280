import { describe, expect, it } from 'vitest';
import { flatness, trend } from '../../../scripts/soak.js';

const steps = Array.from({ length: 40 }, (_, i) => 250 * (i + 1));

describe('soak verdict rules', () => {
  it('spread rule: a constant is flat, a 10 % step is not', () => {
    expect(flatness(steps.map(() => 29.34)).verdict).toBe('flat');
    expect(flatness(steps.map((_, i) => (i < 30 ? 100 : 110))).verdict).toBe('rising');
  });

  it('trend rule: RSS swinging ±8 % around a level has no trend; a slow 0.5 %-per-sample rise is rising', () => {
    const swinging = steps.map((_, i) => 850 * (1 + 0.08 * Math.sin(i * 2.1)));
    expect(flatness(swinging).verdict).not.toBe('flat'); // what the spread rule would have said
    expect(trend(steps, swinging).verdict).toBe('flat');
    const leaking = steps.map((_, i) => 800 * (1 + 0.005 * i));
    const t = trend(steps, leaking);
    expect(t.verdict).toBe('rising');
    expect(t.perStep).toBeCloseTo((800 * 0.005) / 250, 9);
    // memory handed back is not a leak
    expect(
      trend(
        steps,
        steps.map((_, i) => 900 * (1 - 0.005 * i)),
      ).verdict,
    ).toBe('flat');
  });

  it('too few samples decide nothing', () => {
    expect(trend([1, 2, 3], [1, 2, 3]).verdict).toBe('too few samples');
    expect(flatness([1, 2]).verdict).toBe('too few samples');
  });
});
