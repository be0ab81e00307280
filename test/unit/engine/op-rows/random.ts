/** Rows and float64 references of engine/ops/random.ts: the Philox stream on the host, transformed as the kernel does. */
import type { RANDOM_OPS } from '../../../../engine/ops/random.js';
import { f32, philoxWords, size, split64 } from './host.js';
import type { OpTests } from './types.js';

/** The stream of a draw: `n` words from block `offset` under key `seed`. */
const stream = (n: number, seed: number, offset = 0) => philoxWords(n, [...split64(offset), 0, 0], split64(seed));
/** The top 24 bits as a uniform in [0, 1) */
const unit = (w: number) => (w >>> 8) / 2 ** 24;

/** The largest float32 strictly below the float32 nearest to v (the kernel's clamp, so that high is never reached). */
function nextBelow(v: number): number {
  const f = new Float32Array([v]);
  const bits = new Int32Array(f.buffer);
  if (f[0] === 0) return -(2 ** -149);
  bits[0] += f[0] > 0 ? -1 : 1;
  return f[0];
}

/** Box–Muller on word pairs, as draw_normal: u1 ∈ (0, 1], θ = 2π·u2 − π. */
function normals(words: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    const u1 = ((words[i] >>> 8) + 1) / 2 ** 24;
    const theta = 2 * Math.PI * unit(words[i + 1]) - Math.PI;
    const r = Math.sqrt(-2 * Math.log(u1));
    out.push(r * Math.cos(theta), r * Math.sin(theta));
  }
  return out;
}
/** Normals for n values (words are consumed in blocks of 4). */
const normalValues = (n: number, seed: number, offset?: number) => normals(stream(4 * Math.ceil(n / 4), seed, offset)).slice(0, n);

/** sin/cos/log of the device's f32 arithmetic: Box–Muller values agree to ~1e-5 of their size. */
const NORMAL_TOL = { atol: 2e-5, rtol: 2e-5 };

export const RANDOM_ROWS: OpTests<keyof typeof RANDOM_OPS> = {
  uniform: {
    reference: (_, { shape, seed, offset, low = 0, high = 1 }) => {
      const upper = high > low ? nextBelow(high) : high;
      return stream(size(shape), seed, offset).map((w) => Math.min(f32(low) + f32(high - low) * unit(w), upper));
    },
    rows: [
      { variant: '[3, 37] in [−1, 2)', inputs: [], attrs: { shape: [3, 37], seed: 5, low: -1, high: 2 } },
      { variant: '[1001] default range, offset 3', inputs: [], attrs: { shape: [1001], seed: 2 ** 40 + 7, offset: 3 } },
    ],
  },
  normal: {
    reference: (_, { shape, seed, offset, mean = 0, std = 1 }) => normalValues(size(shape), seed, offset).map((z) => f32(mean) + f32(std) * z),
    rows: [
      { variant: '[5, 13] mean 1, std 2', inputs: [], attrs: { shape: [5, 13], seed: 3, mean: 1, std: 2 }, tol: NORMAL_TOL },
      { variant: '[257] standard, offset 9', inputs: [], attrs: { shape: [257], seed: 11, offset: 9 }, tol: NORMAL_TOL },
    ],
  },
  complexNormal: {
    reference: (_, { shape, seed, offset, variance = 1 }) => normalValues(2 * size(shape), seed, offset).map((z) => f32(Math.sqrt(variance / 2)) * z),
    rows: [{ variant: '[7, 9] variance 2', inputs: [], attrs: { shape: [7, 9], seed: 13, variance: 2 }, tol: NORMAL_TOL }],
  },
  philoxBits: {
    // the words reinterpreted as float32, as the tensor holds them
    reference: (_, { words, key, counter = [0, 0, 0, 0] }) => new Float32Array(Uint32Array.from(philoxWords(words, counter, key)).buffer),
    rows: [
      {
        variant: '30 words, counter with a carry',
        inputs: [],
        attrs: { words: 30, key: [1, 2], counter: [0xfffffffe, 0xffffffff, 3, 0] },
        tol: { atol: 0, rtol: 0 },
      },
    ],
  },
};
