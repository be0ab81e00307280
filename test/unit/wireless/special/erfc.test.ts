import { describe, expect, it } from 'vitest';
import { erf, erfc, qFunction } from '../../../../wireless/special/erfc.js';
import { normalQuantile } from '../../../../wireless/special/normal-quantile.js';

describe('erfc and Q', () => {
  // scipy.special.erfc
  const table: readonly [number, number][] = [
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028516],
    [2, 0.004677734981047266],
    [3, 2.2090496998585445e-5],
    [5, 1.5374597944280347e-12],
  ];
  it.each(table)('erfc(%f) to 1e-12 relative', (x, expected) => {
    expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-12);
  });

  it('satisfies erfc(−x) = 2 − erfc(x) and erf = 1 − erfc', () => {
    for (const x of [0.1, 1.3, 2.5]) {
      expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
      expect(erf(x)).toBeCloseTo(1 - erfc(x), 15);
    }
  });

  it('gives the Gray QPSK BER Q(√(2 Eb/N0))', () => {
    // scipy: 0.5·erfc(√(Eb/N0)) at 0, 4, 6 dB
    expect(qFunction(Math.sqrt(2))).toBeCloseTo(0.07864960352514258, 14);
    expect(qFunction(Math.sqrt(2 * 10 ** 0.4))).toBeCloseTo(0.01250081804073755, 14);
    expect(qFunction(Math.sqrt(2 * 10 ** 0.6))).toBeCloseTo(0.002388290780932807, 14);
  });
});

describe('normalQuantile', () => {
  it('inverts the normal CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    for (const p of [1e-10, 0.01, 0.3, 0.9, 1 - 1e-6]) {
      const z = normalQuantile(p);
      expect(0.5 * erfc(-z / Math.SQRT2)).toBeCloseTo(p, 12);
    }
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(/p must lie in \(0, 1\)/);
    expect(() => normalQuantile(1.2)).toThrow(RangeError);
  });
});
