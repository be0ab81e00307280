import { describe, expect, it } from 'vitest';
import { Generator, blocksFor, complexNormal, normal, philoxBits, uniform } from '../../../engine/ops/random.js';
import { useRuntime } from '../../helpers/gpu.js';

useRuntime();

/** float64/BigInt reference of Philox4x32-10 (Random123 philox.h). */
function philoxRef(counter: number[], key: number[]): number[] {
  const mulhilo = (a: number, b: number): [number, number] => {
    const p = BigInt(a) * BigInt(b);
    return [Number(p >> 32n), Number(p & 0xffffffffn)];
  };
  let c = [...counter];
  const k = [...key];
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k[0] = (k[0] + 0x9e3779b9) >>> 0;
      k[1] = (k[1] + 0xbb67ae85) >>> 0;
    }
    const [hi0, lo0] = mulhilo(0xd2511f53, c[0]);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c[2]);
    c = [(hi1 ^ c[1] ^ k[0]) >>> 0, lo1, (hi0 ^ c[3] ^ k[1]) >>> 0, lo0];
  }
  return c;
}

const hex = (words: ArrayLike<number>) => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ');
const bitsOf = async (t: { read(): Promise<Float32Array> }) => new Uint32Array((await t.read()).buffer);

describe('Philox4x32-10 known answers (Random123 kat_vectors)', () => {
  const kats: Array<{ counter: [number, number, number, number]; key: [number, number]; expected: string }> = [
    { counter: [0, 0, 0, 0], key: [0, 0], expected: '6627e8d5 e169c58d bc57ac4c 9b00dbd8' },
    { counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], expected: '408f276d 41c83b0e a20bc7c6 6d5451fd' },
    { counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], key: [0xa4093822, 0x299f31d0], expected: 'd16cfe09 94fdcceb 5001e420 24126ea1' },
  ];
  for (const { counter, key, expected } of kats) {
    it(`key ${hex(key)} counter ${hex(counter)}`, async () => {
      expect(hex(philoxRef(counter, key))).toBe(expected);
      expect(hex(await bitsOf(philoxBits(4, { key, counter })))).toBe(expected);
    });
  }

  it('consecutive blocks use consecutive 128-bit counters, with carries', async () => {
    const counter: [number, number, number, number] = [0xfffffffe, 0xffffffff, 0xffffffff, 7];
    const key: [number, number] = [123, 456];
    const got = await bitsOf(philoxBits(4 * 300 + 2, { key, counter }));
    const expected: number[] = [];
    const c = [...counter];
    for (let b = 0; b < 301; b++) {
      expected.push(...philoxRef(c, key));
      // c + 1 with carry
      for (let w = 0; w < 4; w++) {
        c[w] = (c[w] + 1) >>> 0;
        if (c[w] !== 0) break;
      }
    }
    expect(hex(got)).toBe(hex(expected.slice(0, 4 * 300 + 2)));
  });
});

describe('reproducibility', () => {
  it('the same seed gives identical bytes; different seeds and offsets differ', async () => {
    const shape = [3, 1001];
    const a = await bitsOf(normal(shape, { seed: 7 }));
    const b = await bitsOf(normal(shape, { seed: 7 }));
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = await bitsOf(normal(shape, { seed: 8 }));
    const d = await bitsOf(normal(shape, { seed: 7, offset: 1 }));
    const same = (x: Uint32Array, y: Uint32Array) => x.filter((v, i) => v === y[i]).length;
    expect(same(a, c)).toBeLessThan(5);
    // offset 1 shifts the stream by one block of 4 words
    expect(Array.from(d.subarray(0, 100))).toEqual(Array.from(a.subarray(4, 104)));
    const u1 = await bitsOf(uniform([5000], { seed: 2 ** 40 + 3 }));
    const u2 = await bitsOf(uniform([5000], { seed: 3 }));
    expect(same(u1, u2)).toBeLessThan(5);
  });

  it('uniform values are the top 24 bits of the Philox words', async () => {
    const u = await uniform([10], { seed: 0, low: -1, high: 3 }).read();
    const words = philoxRef([0, 0, 0, 0], [0, 0]).concat(philoxRef([1, 0, 0, 0], [0, 0]), philoxRef([2, 0, 0, 0], [0, 0]));
    expect(Array.from(u)).toEqual(words.slice(0, 10).map((w) => Math.fround(-1 + 4 * Math.fround((w >>> 8) / 2 ** 24))));
  });

  it('a Generator advances its offset and continues the same stream; state() restores it', async () => {
    const g = new Generator(99);
    const first = await bitsOf(g.normal([8]));
    expect(g.state()).toEqual({ seed: 99, offset: 2 });
    const second = await bitsOf(g.normal([6]));
    expect(g.state()).toEqual({ seed: 99, offset: 4 });
    const whole = await bitsOf(normal([14], { seed: 99 }));
    expect(Array.from(first).concat(Array.from(second))).toEqual(Array.from(whole));

    const saved = g.state();
    const next = await bitsOf(g.complexNormal([5, 3]));
    expect(g.state().offset).toBe(4 + blocksFor([5, 3], 'c64'));
    const again = new Generator(1);
    again.setState(saved);
    expect(Array.from(await bitsOf(again.complexNormal([5, 3])))).toEqual(Array.from(next));
    // fresh numbers on every call
    const u1 = await g.uniform([64]).read();
    const u2 = await g.uniform([64]).read();
    expect(u1.filter((v, i) => v === u2[i]).length).toBeLessThan(3);
  });

  it('uniform never reaches high, even where low + (high − low)·u rounds up to it', async () => {
    // (1 − 2⁻²⁴)·(high − low) rounds to high − low in float32 for these bounds
    const x = await uniform([1 << 16], { seed: 4, low: 1, high: 1 + 2 ** -20 }).read();
    expect(x.every((v) => v >= 1 && v < 1 + 2 ** -20)).toBe(true);
    // the 8 float32 values in [1, 1 + 2⁻²⁰) all occur
    expect(new Set(x).size).toBe(8);
  });

  it('rejects bad seeds and parameters', () => {
    expect(() => normal([4], { seed: -1 })).toThrow(/normal: seed must be an integer/);
    expect(() => uniform([4], { seed: 1.5 })).toThrow(RangeError);
    expect(() => uniform([4], { seed: 1, low: 2, high: 1 })).toThrow(/low ≤ high/);
    expect(() => normal([4], { seed: 1, std: -1 })).toThrow(/std ≥ 0/);
    expect(() => complexNormal([4], { seed: 1, variance: NaN })).toThrow(/variance/);
    expect(() => new Generator(2 ** 53)).toThrow(/Generator: seed/);
    expect(() => normal([2, -1], { seed: 1 })).toThrow(/non-negative integers/);
  });

  it('empty shapes give empty tensors', async () => {
    expect((await normal([0, 3], { seed: 1 }).read()).length).toBe(0);
  });
});

/** mean and variance in float64 */
function moments(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i] - mean) ** 2;
  return { mean, variance: v / (x.length - 1) };
}

/** |got − expected| ≤ 4 standard errors */
function within4se(got: number, expected: number, se: number, what: string): void {
  expect(Math.abs(got - expected), `${what}: ${got} vs ${expected} (se ${se})`).toBeLessThanOrEqual(4 * se);
}

describe('moments on 2²⁰ samples, within 4 standard errors', () => {
  const N = 1 << 20;

  it('uniform(low, high)', async () => {
    const [low, high] = [-2, 5];
    const x = await uniform([N], { seed: 11, low, high }).read();
    expect(x.every((v) => v >= low && v < high)).toBe(true);
    const { mean, variance } = moments(x);
    const w = high - low;
    const sigma2 = (w * w) / 12;
    within4se(mean, (low + high) / 2, Math.sqrt(sigma2 / N), 'mean');
    // Var of (x − μ)² for a uniform: μ₄ − σ⁴ with μ₄ = w⁴/80
    within4se(variance, sigma2, Math.sqrt((w ** 4 / 80 - sigma2 ** 2) / N), 'variance');
  });

  it('normal(mean, std)', async () => {
    const [mu, std] = [1.5, 0.7];
    const x = await normal([N], { seed: 12, mean: mu, std }).read();
    const { mean, variance } = moments(x);
    within4se(mean, mu, std / Math.sqrt(N), 'mean');
    within4se(variance, std * std, std * std * Math.sqrt(2 / (N - 1)), 'variance');
    // tails: P(|z| > 3) = 0.0026998
    const p = 0.0026998;
    const tail = x.filter((v) => Math.abs(v - mu) > 3 * std).length / N;
    within4se(tail, p, Math.sqrt((p * (1 - p)) / N), 'P(|z| > 3σ)');
  });

  it('complexNormal(σ²): E|z|² = σ², E z² = 0, Re and Im each N(0, σ²/2)', async () => {
    const s2 = 2.5;
    const z = await complexNormal([N], { seed: 13, variance: s2 }).read();
    let p = 0;
    let zr = 0;
    let zi = 0;
    const re = new Float64Array(N);
    const im = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const [a, b] = [z[2 * i], z[2 * i + 1]];
      re[i] = a;
      im[i] = b;
      p += a * a + b * b;
      zr += a * a - b * b;
      zi += 2 * a * b;
    }
    // |z|² ~ Exp(σ²): sd σ²; Re z² and Im z² each have sd σ²
    const se = s2 / Math.sqrt(N);
    within4se(p / N, s2, se, 'E|z|²');
    within4se(zr / N, 0, se, 'Re E z²');
    within4se(zi / N, 0, se, 'Im E z²');
    for (const [part, name] of [
      [re, 'Re'],
      [im, 'Im'],
    ] as const) {
      const m = moments(part);
      within4se(m.mean, 0, Math.sqrt(s2 / 2 / N), `${name} mean`);
      within4se(m.variance, s2 / 2, (s2 / 2) * Math.sqrt(2 / (N - 1)), `${name} variance`);
    }
  });
});
