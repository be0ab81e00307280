import { describe, expect, it } from 'vitest';
import { tensor, DTypeError, ShapeError, type DType, type Tensor } from '../../../engine/index.js';
import { max, mean, sum, type ReduceOptions, type ReduceStrategy } from '../../../engine/ops/reduce.js';
import { frobeniusNorm, trace } from '../../../engine/ops/linalg-small.js';
import { sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

type Kind = 'sum' | 'mean' | 'max';
const gpu = { sum, mean, max } as Record<Kind, (x: Tensor, o?: ReduceOptions) => Tensor>;

/** float64 reference of a reduction over `axis` (all elements when undefined); complex data interleaved. */
function reference(kind: Kind, data: Float32Array, shape: number[], dtype: DType, axis?: number) {
  const w = dtype === 'c64' ? 2 : 1;
  const a = axis === undefined ? -1 : axis < 0 ? axis + shape.length : axis;
  const outer = a < 0 ? 1 : sizeOf(shape.slice(0, a));
  const n = a < 0 ? sizeOf(shape) : shape[a];
  const inner = a < 0 ? 1 : sizeOf(shape.slice(a + 1));
  const out = new Float64Array(outer * inner * w);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let c = 0; c < w; c++) {
        let acc = kind === 'max' ? -Infinity : 0;
        for (let k = 0; k < n; k++) {
          const v = data[((o * n + k) * inner + i) * w + c];
          acc = kind === 'max' ? Math.max(acc, v) : acc + v;
        }
        out[(o * inner + i) * w + c] = kind === 'mean' ? acc / n : acc;
      }
    }
  }
  const outShape = a < 0 ? [] : shape.filter((_, j) => j !== a);
  return { out, outShape };
}

const shapes = [[1], [3], [17], [33], [100], [3, 17, 33], [2, 3, 4, 5]];
const cases: Array<[Kind, DType]> = [
  ['sum', 'f32'],
  ['sum', 'c64'],
  ['mean', 'f32'],
  ['mean', 'c64'],
  ['max', 'f32'],
];

function axesOf(shape: number[]): Array<number | undefined> {
  const r = shape.length;
  return [...new Set([undefined, 0, Math.floor(r / 2), r - 1, -1, -r])];
}

async function check(kind: Kind, dtype: DType, shape: number[], axis: number | undefined, opts: ReduceOptions = {}) {
  const data = randomData(sizeOf(shape) * (dtype === 'c64' ? 2 : 1), 17 + shape.length);
  const ref = reference(kind, data, shape, dtype, axis);
  const y = gpu[kind](tensor(data, shape, dtype), { axis, ...opts });
  expect(y.dtype).toBe(dtype);
  const expectedShape = opts.keepdims ? shape.map((d, j) => (axis === undefined || j === (axis < 0 ? axis + shape.length : axis) ? 1 : d)) : ref.outShape;
  expect(y.shape).toEqual(expectedShape);
  // f32 sums of n values in [-1, 1) err by a few ε·√n typically; 1e-8·n is ~10× that at n = 7e4
  const n = axis === undefined ? sizeOf(shape) : shape[axis < 0 ? axis + shape.length : axis];
  expectClose(await y.read(), ref.out, { what: `${kind} ${dtype}`, atol: 1e-5 + 1e-8 * n, rtol: 1e-5 });
}

describe('sum, mean, max against float64', () => {
  for (const [kind, dtype] of cases) {
    for (const shape of shapes) {
      for (const axis of axesOf(shape)) {
        it(`${kind} ${dtype}${JSON.stringify(shape)} axis ${axis ?? 'all'}`, () => check(kind, dtype, shape, axis));
      }
    }
  }

  // Both kernels on the same shapes, whatever `auto` would pick.
  for (const strategy of ['loop', 'tree'] as ReduceStrategy[]) {
    for (const [kind, dtype] of cases) {
      for (const axis of [undefined, 0, 1, -1]) {
        it(`${kind} ${dtype}[3, 17, 33] axis ${axis ?? 'all'} strategy ${strategy}`, () => check(kind, dtype, [3, 17, 33], axis, { strategy }));
      }
    }
  }

  for (const axis of [undefined, 1, -1]) {
    it(`keepdims, axis ${axis ?? 'all'}`, () => check('sum', 'c64', [3, 17, 33], axis, { keepdims: true }));
  }

  // Long axes with several outputs (tree over strided rows) and long axes with many outputs (loop).
  for (const [shape, axis] of [
    [[3, 5000], -1],
    [[5000, 3], 0],
    [[4, 3000, 2], 1],
    [[3000, 40], 1],
    [[20, 70000], 1],
  ] as Array<[number[], number]>) {
    for (const [kind, dtype] of cases) {
      it(`${kind} ${dtype}${JSON.stringify(shape)} axis ${axis}`, () => check(kind, dtype, shape, axis));
    }
  }
});

describe('large all-reductions', () => {
  const n = 1_000_000;
  const data = randomData(n, 42);
  let sumAbs = 0;
  let exact = 0;
  let exactMax = -Infinity;
  for (const v of data) {
    sumAbs += Math.abs(v);
    exact += v;
    exactMax = Math.max(exactMax, v);
  }

  it('sum of 1e6 f32 within a few f32 rounding errors of Σ|x|', async () => {
    const got = await sum(tensor(data, [n])).item();
    // a pairwise/blocked f32 sum errs by ~ε·log₂(n)·Σ|x|; serial summation would err by up to ~ε·n·Σ|x|
    expect(Math.abs(got - exact)).toBeLessThan(2e-6 * sumAbs);
  });

  it('mean of 1e6 values around 1 to 1e-6 relative, over a multi-dimensional shape', async () => {
    const shifted = data.map((v) => 1 + 0.5 * v);
    const exactMean = shifted.reduce((a, b) => a + b, 0) / n;
    const got = await mean(tensor(shifted, [10, 100, 1000])).item();
    expect(Math.abs(got - exactMean)).toBeLessThan(1e-6);
  });

  it('max of 1e6 is exact', async () => {
    expect(await max(tensor(data, [n])).item()).toBe(exactMax);
    const neg = data.map((v) => -5 - Math.abs(v));
    expect(await max(tensor(neg, [1000, 1000])).item()).toBe(neg.reduce((a, b) => Math.max(a, b), -Infinity));
  });

  it('complex mean of 5e5 elements', async () => {
    const m = n / 2;
    const y = await mean(
      tensor(
        data.map((v, i) => (i % 2 ? 2 : -3) + v),
        [m],
        'c64',
      ),
    ).read();
    let re = 0;
    let im = 0;
    for (let i = 0; i < m; i++) {
      re += -3 + data[2 * i];
      im += 2 + data[2 * i + 1];
    }
    expectClose(y, [re / m, im / m], { atol: 1e-6, rtol: 1e-6 });
  });

  it('sum and mean of 3e6 ones are exact (one tree pass into 256 partials, one over them)', async () => {
    const big = 3_000_000;
    const ones = new Float32Array(big).fill(1);
    expect(await sum(tensor(ones, [big])).item()).toBe(big);
    expect(await mean(tensor(ones, [big])).item()).toBeCloseTo(1, 6);
  });
});

describe('reduction errors', () => {
  it('bad axis is a ShapeError naming the op, axis and shape', () => {
    const x = tensor(new Float32Array(6), [2, 3]);
    expect(() => sum(x, { axis: 2 })).toThrow(ShapeError);
    expect(() => sum(x, { axis: 2 })).toThrow(/^sum: axis 2 is out of range for shape \[2, 3\]; expected an integer in \[-2, 1\]/);
    expect(() => mean(x, { axis: -3 })).toThrow(/^mean: axis -3 /);
    expect(() => max(x, { axis: 0.5 })).toThrow(/^max: axis 0.5 /);
    expect(() => sum(tensor([1], []), { axis: 0 })).toThrow(/scalar has no axes/);
  });

  it('max of complex input is a DTypeError', () => {
    expect(() => max(tensor([1, 2], [1], 'c64') as unknown as Tensor<'f32'>)).toThrow(DTypeError);
    expect(() => max(tensor([1, 2], [1], 'c64') as unknown as Tensor<'f32'>)).toThrow(/^max: expected f32 input; got c64 \[1\]/);
  });

  it('empty reductions: sum is 0, mean and max throw', async () => {
    const x = tensor([], [3, 0]);
    expectClose(await sum(x, { axis: 1 }).read(), [0, 0, 0]);
    expect((await sum(x, { axis: 0 }).read()).length).toBe(0);
    expect(() => mean(x, { axis: 1 })).toThrow(/^mean: reduction over axis 1 of shape \[3, 0\] has no elements/);
    expect(() => max(x)).toThrow(ShapeError);
  });

  it('a scalar reduces to itself', async () => {
    expect(await sum(tensor([2.5], [])).item()).toBe(2.5);
    expect(await max(tensor([2.5], []), { keepdims: true }).item()).toBe(2.5);
  });
});

describe('trace and Frobenius norm', () => {
  const batches: number[][] = [
    [1, 1],
    [5, 5],
    [4, 5, 5],
    [2, 3, 33, 33],
    [2, 300, 300],
  ];
  for (const shape of batches) {
    for (const dtype of ['f32', 'c64'] as DType[]) {
      const w = dtype === 'c64' ? 2 : 1;
      const n = shape[shape.length - 1];
      const batch = sizeOf(shape.slice(0, -2));
      const data = randomData(sizeOf(shape) * w, 3 + n);

      it(`trace ${dtype}${JSON.stringify(shape)}`, async () => {
        const ref = new Float64Array(batch * w);
        for (let b = 0; b < batch; b++) {
          for (let i = 0; i < n; i++) for (let c = 0; c < w; c++) ref[b * w + c] += data[((b * n + i) * n + i) * w + c];
        }
        const y = trace(tensor(data, shape, dtype));
        expect(y.dtype).toBe(dtype);
        expect(y.shape).toEqual(shape.slice(0, -2));
        expectClose(await y.read(), ref, { what: 'trace' });
      });

      it(`frobeniusNorm ${dtype}${JSON.stringify(shape)}, per matrix and all`, async () => {
        const per = n * n * w;
        const ref = new Float64Array(batch);
        let all = 0;
        for (let b = 0; b < batch; b++) {
          let s = 0;
          for (let k = 0; k < per; k++) s += data[b * per + k] ** 2;
          ref[b] = Math.sqrt(s);
          all += s;
        }
        const x = tensor(data, shape, dtype);
        const y = frobeniusNorm(x);
        expect(y.dtype).toBe('f32');
        expect(y.shape).toEqual(shape.slice(0, -2));
        expectClose(await y.read(), ref, { what: 'frobeniusNorm' });
        for (const strategy of ['loop', 'tree'] as ReduceStrategy[]) {
          expectClose(await frobeniusNorm(x, { strategy }).read(), ref, { what: `frobeniusNorm ${strategy}` });
        }
        const z = frobeniusNorm(x, { all: true });
        expect(z.shape).toEqual([]);
        expectClose(await z.read(), [Math.sqrt(all)], { what: 'frobeniusNorm all' });
      });
    }
  }

  it('Frobenius norm of non-square batches and of a vector with { all: true }', async () => {
    const data = randomData(3 * 4 * 7, 8);
    const ref = [0, 1, 2].map((b) => Math.hypot(...data.slice(b * 28, (b + 1) * 28)));
    expectClose(await frobeniusNorm(tensor(data, [3, 4, 7])).read(), ref);
    expectClose(await frobeniusNorm(tensor(data, [84]), { all: true }).read(), [Math.hypot(...data)]);
  });

  it('shape errors name the op and shape', () => {
    expect(() => trace(tensor(new Float32Array(24), [2, 3, 4]))).toThrow(ShapeError);
    expect(() => trace(tensor(new Float32Array(24), [2, 3, 4]))).toThrow(/^trace: expected square matrices \[\.\.\., n, n\]; got \[2, 3, 4\]/);
    expect(() => trace(tensor(new Float32Array(3), [3]))).toThrow(/^trace: .*got \[3\]/);
    expect(() => frobeniusNorm(tensor(new Float32Array(3), [3]))).toThrow(/^frobeniusNorm: expected matrices .*got \[3\]/);
  });

  it('empty matrices: trace and norm are 0', async () => {
    expectClose(await trace(tensor([], [2, 0, 0], 'c64')).read(), [0, 0, 0, 0]);
    expectClose(await frobeniusNorm(tensor([], [2, 0, 3])).read(), [0, 0]);
  });
});
