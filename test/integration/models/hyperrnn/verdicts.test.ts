import { describe, expect, it } from 'vitest';
import {
  pairedGainDb,
  significantlyDecreasing,
  significantlyIncreasing,
  significantlyPositive,
  strictlyIncreasing,
} from '../../../../models/hyperrnn/experiments/verdicts.js';
import { Rng } from '../../../../wireless/random/rng.js';

describe('verdict statistics', () => {
  it('pairedGainDb: the dB ratio of the means; zero error for proportional samples', () => {
    const a = [1, 2, 3, 4];
    expect(pairedGainDb(a, a)).toEqual({ gain: 0, se: 0 });
    const g = pairedGainDb(
      a,
      a.map((x) => x / 2),
    );
    expect(g.gain).toBeCloseTo(10 * Math.log10(2), 12);
    expect(g.se).toBeCloseTo(0, 12);
    expect(Number.isNaN(pairedGainDb([1], [1]).gain)).toBe(true);
  });

  it('pairedGainDb: its standard error matches the spread of the gain over repeated experiments (±20 %)', () => {
    const rng = new Rng(5);
    const exp = () => -Math.log(1 - rng.uniform());
    const gains: number[] = [];
    const ses: number[] = [];
    for (let r = 0; r < 300; r++) {
      const a = Array.from({ length: 400 }, exp);
      const b = a.map((x) => 0.5 * x + 0.5 * exp()); // correlated with a, same mean
      const g = pairedGainDb(a, b);
      gains.push(g.gain);
      ses.push(g.se);
    }
    const m = gains.reduce((x, y) => x + y, 0) / gains.length;
    const sd = Math.sqrt(gains.reduce((x, y) => x + (y - m) ** 2, 0) / (gains.length - 1));
    const meanSe = ses.reduce((x, y) => x + y, 0) / ses.length;
    expect(Math.abs(meanSe / sd - 1)).toBeLessThan(0.2);
    expect(Math.abs(m)).toBeLessThan((3 * sd) / Math.sqrt(300));
  });

  it('significance: NaN never agrees; trends need every step beyond two standard errors', () => {
    expect(significantlyPositive({ gain: NaN, se: 0 })).toBe(false);
    expect(significantlyPositive({ gain: 0.3, se: 0.1 })).toBe(true);
    expect(significantlyPositive({ gain: 0.15, se: 0.1 })).toBe(false);
    expect(
      significantlyIncreasing([
        { gain: 0, se: 0.01 },
        { gain: 0.1, se: 0.01 },
        { gain: 0.2, se: 0.01 },
      ]),
    ).toBe(true);
    expect(
      significantlyIncreasing([
        { gain: 0, se: 0.1 },
        { gain: 0.1, se: 0.1 },
      ]),
    ).toBe(false);
    expect(
      significantlyDecreasing([
        { gain: 1, se: 0.01 },
        { gain: 0.5, se: 0.01 },
      ]),
    ).toBe(true);
    expect(strictlyIncreasing([1, NaN, 3])).toBe(false);
  });
});
