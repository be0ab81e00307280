import { describe, expect, it } from 'vitest';
import { fitLine, flatness, trend } from '../../../scripts/soak.js';

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

  it("the slopes' standard errors: zero on a line, the textbook value on a known set; the whole run's slope beside the half's", () => {
    expect(fitLine([1, 2, 3, 4], [3, 5, 7, 9])).toEqual({ slope: 2, slopeSe: 0 });
    // y = 0, 1, 1, 3 over x = 0..3: slope 0.9, residuals 0.1, 0.2, −0.7, 0.4 → SSE 0.7, se = √(0.7 / 2 / 5) = √0.07
    const f = fitLine([0, 1, 2, 3], [0, 1, 1, 3]);
    expect(f.slope).toBeCloseTo(0.9, 12);
    expect(f.slopeSe).toBeCloseTo(Math.sqrt(0.07), 12);
    // a level that dips and comes back: the last half rises, the whole run does not
    const dip = steps.map((_, i) => 500 - 40 * Math.sin((Math.PI * i) / 39));
    const t = trend(steps, dip);
    expect(t.perStep).toBeGreaterThan(0);
    expect(Math.abs(t.wholeRun.slope)).toBeLessThan(1e-9);
    expect(t.perStepSe).toBeGreaterThan(0);
  });

  it('too few samples decide nothing', () => {
    expect(trend([1, 2, 3], [1, 2, 3]).verdict).toBe('too few samples');
    expect(flatness([1, 2]).verdict).toBe('too few samples');
  });
});
