import { describe, expect, it } from 'vitest';
import { tensor, DTypeError, ShapeError, type Tensor } from '../../../engine/index.js';
import { leakyRelu, relu, sigmoid, tanh } from '../../../engine/ops/activation.js';
import { softmax } from '../../../engine/ops/softmax.js';
import { sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

const shapes = [[1], [3], [17], [33], [100], [3, 17, 33]];
/** values where naive formulas overflow, cancel or hit 0/0 */
const extremes = [0, -0, 1e-6, -1e-6, 1e-3, -1e-3, 0.05, -0.099, 0.1, 0.5, -0.5, 20, -20, 40, -40, 44.5, -44.5, 89, -89, 100, -100, 1e4, -1e4];

const pointwise: Array<[string, (x: Tensor<'f32'>) => Tensor<'f32'>, (v: number) => number]> = [
  ['relu', relu, (v) => Math.max(v, 0)],
  ['leakyRelu', (x) => leakyRelu(x), (v) => (v >= 0 ? v : 0.01 * v)],
  ['leakyRelu slope 0.2', (x) => leakyRelu(x, 0.2), (v) => (v >= 0 ? v : 0.2 * v)],
  ['sigmoid', sigmoid, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))],
  ['tanh', tanh, Math.tanh],
];

describe('activations against float64', () => {
  for (const [name, fn, ref] of pointwise) {
    for (const shape of shapes) {
      it(`${name} ${JSON.stringify(shape)}`, async () => {
        const data = randomData(sizeOf(shape), 5 + shape[0]).map((v) => 6 * v);
        expectClose(await fn(tensor(data, shape)).read(), Array.from(data, ref), { what: name, atol: 1e-6, rtol: 2e-6 });
      });
    }
    it(`${name} is finite and exact at extreme inputs`, async () => {
      const y = await fn(tensor(extremes, [extremes.length])).read();
      expect(y.every(Number.isFinite), `${name}: ${y}`).toBe(true);
      // relative tolerance so that tanh(±1e-6) ≈ ±1e-6 is checked to 1e-6 relative, not swamped by atol
      expectClose(y, extremes.map(ref), { what: name, atol: 1e-30, rtol: 2e-6 });
    });
    it(`${name} rejects complex input`, () => {
      expect(() => fn(tensor([1, 2], [1], 'c64') as unknown as Tensor<'f32'>)).toThrow(DTypeError);
    });
  }

  it('sigmoid and tanh saturate at ±100', async () => {
    expectClose(await sigmoid(tensor([-100, 100], [2])).read(), [0, 1], { atol: 1e-30, rtol: 1e-7 });
    expectClose(await tanh(tensor([-100, 100], [2])).read(), [-1, 1], { atol: 0, rtol: 0 });
  });
});

function softmaxRef(data: ArrayLike<number>, len: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let r = 0; r < data.length / len; r++) {
    let m = -Infinity;
    for (let k = 0; k < len; k++) m = Math.max(m, data[r * len + k]);
    let s = 0;
    for (let k = 0; k < len; k++) s += Math.exp(data[r * len + k] - m);
    for (let k = 0; k < len; k++) out[r * len + k] = Math.exp(data[r * len + k] - m) / s;
  }
  return out;
}

describe('softmax over the last axis', () => {
  // one invocation per row up to 128 and for ≥ 2048 rows up to 1024 ([2048, 200]); one workgroup per row otherwise
  // (129, 1000, 4096 cover partial and full strides of the workgroup)
  const softmaxShapes = [[1], [3], [17], [33], [100], [3, 17, 33], [2000, 100], [4, 128], [7, 129], [2, 3, 1000], [5, 4096], [1, 1], [2048, 200]];
  for (const shape of softmaxShapes) {
    it(`softmax ${JSON.stringify(shape)}`, async () => {
      const data = randomData(sizeOf(shape), 3 + shape.length).map((v) => 8 * v);
      const y = await softmax(tensor(data, shape)).read();
      expectClose(y, softmaxRef(data, shape[shape.length - 1]), { what: 'softmax', atol: 1e-7, rtol: 1e-5 });
    });
  }

  for (const len of [5, 100, 300, 4096]) {
    it(`softmax rows of length ${len} with values around ±1e4 stay finite and exact`, async () => {
      const rows = 6;
      const data = randomData(rows * len, 9).map((v, i) => {
        const row = Math.floor(i / len);
        // rows: all ≈ +1e4, all ≈ −1e4, mixed ±1e4, one dominant value, equal values, small spread
        if (row === 0) return 1e4 + 4 * v;
        if (row === 1) return -1e4 + 4 * v;
        if (row === 2) return (i % 2 ? 1e4 : -1e4) + 4 * v;
        if (row === 3) return i % len === len - 1 ? 1e4 : 4 * v;
        if (row === 4) return 1e4;
        return 1e4 + 0.01 * v;
      });
      const y = await softmax(tensor(data, [rows, len])).read();
      expect(y.every(Number.isFinite)).toBe(true);
      expectClose(y, softmaxRef(data, len), { what: 'softmax', atol: 1e-7, rtol: 1e-5 });
      for (let r = 0; r < rows; r++) {
        const s = y.slice(r * len, (r + 1) * len).reduce((a, b) => a + b, 0);
        expect(Math.abs(s - 1), `row ${r} sums to ${s}`).toBeLessThan(1e-5);
      }
    });
  }

  it('softmax errors name the op', () => {
    expect(() => softmax(tensor([1], []))).toThrow(ShapeError);
    expect(() => softmax(tensor([1], []))).toThrow(/^softmax: .*got \[\]/);
    expect(() => softmax(tensor([1, 2], [1], 'c64') as unknown as Tensor<'f32'>)).toThrow(DTypeError);
  });

  it('softmax of an empty tensor is empty', async () => {
    expect((await softmax(tensor([], [0, 5])).read()).length).toBe(0);
    expect((await softmax(tensor([], [3, 0])).read()).length).toBe(0);
  });
});
