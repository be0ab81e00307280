import { describe, expect, it } from 'vitest';
import { bitsPerSymbol, qamConstellation, qamDemodulateHard, qamModulate, type QamOrder } from '../../../../wireless/modulation/gray-qam.js';
import { hardDecisionFromLlr, qamMaxLogLlr } from '../../../../wireless/modulation/max-log-llr.js';
import { randomBits } from '../../../../wireless/modulation/bits.js';
import { Rng } from '../../../../wireless/random/rng.js';

const ORDERS: QamOrder[] = [4, 16, 64];

/** all k-bit patterns of a constellation, b_0 first */
function allPatterns(order: QamOrder): Uint8Array {
  const k = bitsPerSymbol(order);
  const bits = new Uint8Array(order * k);
  for (let s = 0; s < order; s++) for (let i = 0; i < k; i++) bits[s * k + i] = (s >> (k - 1 - i)) & 1;
  return bits;
}

describe('Gray square QAM', () => {
  it('maps QPSK as TS 38.211 §5.1.3', () => {
    const x = qamModulate([0, 0, 0, 1, 1, 0, 1, 1], 4);
    const a = 1 / Math.SQRT2;
    expect(Array.from(x)).toEqual([a, a, a, -a, -a, a, -a, -a].map((v) => expect.closeTo(v, 15)));
  });

  it('maps 16-QAM as TS 38.211 §5.1.4', () => {
    // x = ((1−2b0)(2−(1−2b2)) + j(1−2b1)(2−(1−2b3)))/√10
    const bits = allPatterns(16);
    const x = qamModulate(bits, 16);
    for (let s = 0; s < 16; s++) {
      const [b0, b1, b2, b3] = bits.subarray(4 * s, 4 * s + 4);
      expect(x[2 * s]).toBeCloseTo(((1 - 2 * b0) * (2 - (1 - 2 * b2))) / Math.sqrt(10), 14);
      expect(x[2 * s + 1]).toBeCloseTo(((1 - 2 * b1) * (2 - (1 - 2 * b3))) / Math.sqrt(10), 14);
    }
  });

  it.each(ORDERS)('%i-QAM has unit average energy, distinct points and Gray neighbours', (order) => {
    const con = qamConstellation(order);
    let energy = 0;
    const seen = new Set<string>();
    for (let s = 0; s < order; s++) {
      energy += con.points[2 * s] ** 2 + con.points[2 * s + 1] ** 2;
      seen.add(`${con.points[2 * s].toFixed(9)},${con.points[2 * s + 1].toFixed(9)}`);
    }
    expect(energy / order).toBeCloseTo(1, 14);
    expect(seen.size).toBe(order);
    // Nearest neighbours (distance 2·scale) differ in exactly one bit.
    const d = 2 * con.scale;
    for (let a = 0; a < order; a++) {
      for (let b = a + 1; b < order; b++) {
        const dist = Math.hypot(con.points[2 * a] - con.points[2 * b], con.points[2 * a + 1] - con.points[2 * b + 1]);
        if (Math.abs(dist - d) < 1e-9) {
          let x = a ^ b;
          let ones = 0;
          while (x) {
            ones += x & 1;
            x >>= 1;
          }
          expect(ones).toBe(1);
        }
      }
    }
  });

  it.each(ORDERS)('%i-QAM hard demap inverts the map (all patterns and random bits)', (order) => {
    const bits = allPatterns(order);
    expect(Array.from(qamDemodulateHard(qamModulate(bits, order), order))).toEqual(Array.from(bits));
    const rng = new Rng(order);
    const random = randomBits(bitsPerSymbol(order) * 500, rng);
    expect(qamDemodulateHard(qamModulate(random, order), order)).toEqual(random);
  });

  it.each(ORDERS)('%i-QAM max-log LLR signs reproduce the bits and agree with hard decisions under noise', (order) => {
    const rng = new Rng(100 + order);
    const bits = randomBits(bitsPerSymbol(order) * 400, rng);
    const x = qamModulate(bits, order);
    expect(hardDecisionFromLlr(qamMaxLogLlr(x, order, 0.1))).toEqual(bits);
    const noisy = x.map((v) => v + 0.2 * rng.normal());
    expect(hardDecisionFromLlr(qamMaxLogLlr(noisy, order, 0.08))).toEqual(qamDemodulateHard(noisy, order));
  });

  it('QPSK max-log LLR is exact: 2√2·y/N0 per axis', () => {
    const llr = qamMaxLogLlr([0.3, -0.7], 4, 0.5);
    expect(llr[0]).toBeCloseTo((2 * Math.SQRT2 * 0.3) / 0.5, 12);
    expect(llr[1]).toBeCloseTo((2 * Math.SQRT2 * -0.7) / 0.5, 12);
  });

  it('16-QAM LLR of b0 by hand (max-log, in-phase axis)', () => {
    const s = 1 / Math.sqrt(10);
    const y = 0.5 * s; // between levels +1s (b0=0) and −1s (b0=1)
    const n0 = 0.2;
    const llr = qamMaxLogLlr([y, 3 * s], 16, n0);
    expect(llr[0]).toBeCloseTo(((y + s) ** 2 - (y - s) ** 2) / n0, 12);
    // b2 (in-phase amplitude bit): 0 ↔ |level| = 1, 1 ↔ |level| = 3
    expect(llr[2]).toBeCloseTo(((y - 3 * s) ** 2 - (y - s) ** 2) / n0, 12);
  });

  it('refuses bad input', () => {
    expect(() => qamModulate([0, 1, 1], 4)).toThrow(/multiple of log2\(M\) = 2/);
    expect(() => qamModulate([0, 2], 4)).toThrow(/bits must be 0 or 1/);
    expect(() => qamConstellation(8 as QamOrder)).toThrow(/one of 4, 16, 64/);
    expect(() => qamMaxLogLlr([0, 0], 4, 0)).toThrow(/noise variance must be > 0/);
  });
});
