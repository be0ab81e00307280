import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, tensor, type DType } from '../../../engine/index.js';
import { concat, matrixTranspose, slice, sliceAxis, stack, transpose } from '../../../engine/ops/layout.js';
import { sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

const w = (dt: DType) => (dt === 'c64' ? 2 : 1);

/** Host array with a shape, indexed by multi-index (reference for every op). */
class Host {
  constructor(
    readonly data: Float32Array,
    readonly shape: number[],
    readonly dtype: DType,
  ) {}
  static random(shape: number[], dtype: DType, seed: number): Host {
    return new Host(randomData(sizeOf(shape) * w(dtype), seed), shape, dtype);
  }
  static build(shape: number[], dtype: DType, f: (idx: number[]) => number[]): Host {
    const h = new Host(new Float32Array(sizeOf(shape) * w(dtype)), shape, dtype);
    for (let i = 0; i < sizeOf(shape); i++) {
      const v = f(unravel(i, shape));
      for (let k = 0; k < w(dtype); k++) h.data[i * w(dtype) + k] = v[k];
    }
    return h;
  }
  at(idx: number[]): number[] {
    let flat = 0;
    for (let d = 0; d < this.shape.length; d++) flat = flat * this.shape[d] + idx[d];
    return Array.from(this.data.subarray(flat * w(this.dtype), (flat + 1) * w(this.dtype)));
  }
  gpu() {
    return tensor(this.data, this.shape, this.dtype);
  }
}

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

async function expectEqualHost(t: { shape: readonly number[]; read(): Promise<Float32Array> }, ref: Host, what: string) {
  expect(t.shape, `${what}: shape`).toEqual(ref.shape);
  // copies are exact
  expectClose(await t.read(), ref.data, { atol: 0, rtol: 0, what });
}

const dtypes: DType[] = ['f32', 'c64'];

describe('slice', () => {
  for (const dt of dtypes) {
    it(`${dt}: starts/sizes with negative starts and -1 sizes`, async () => {
      const x = Host.random([4, 5, 6], dt, 1);
      const cases: Array<[number[], number[], number[], number[]]> = [
        // starts, sizes, resolved starts, resolved sizes
        [
          [1, 2, 3],
          [2, 3, 2],
          [1, 2, 3],
          [2, 3, 2],
        ],
        [
          [-2, 0, -6],
          [-1, 5, 4],
          [2, 0, 0],
          [2, 5, 4],
        ],
        [[3], [], [3, 0, 0], [1, 5, 6]],
        [
          [0, 0, 0],
          [4, 5, 6],
          [0, 0, 0],
          [4, 5, 6],
        ],
        [
          [0, 1, 5],
          [4, 0, 1],
          [0, 1, 5],
          [4, 0, 1],
        ],
        [
          [1, 1, 1],
          [1, 1, 1],
          [1, 1, 1],
          [1, 1, 1],
        ],
      ];
      for (const [starts, sizes, b, s] of cases) {
        const ref = Host.build(s, dt, (idx) => x.at(idx.map((v, d) => v + b[d])));
        await expectEqualHost(slice(x.gpu(), starts, sizes), ref, `slice ${starts} ${sizes}`);
      }
    });
  }

  it('sliceAxis takes Python-style begin/end', async () => {
    const x = Host.random([3, 7], 'c64', 2);
    const ref = Host.build([3, 3], 'c64', ([i, j]) => x.at([i, j + 2]));
    await expectEqualHost(sliceAxis(x.gpu(), -1, 2, -2), ref, 'sliceAxis');
    expect(sliceAxis(x.gpu(), 0, 5).shape).toEqual([0, 7]);
  });

  it('rejects out-of-range regions, naming the op and shapes', () => {
    const x = tensor(new Float32Array(12), [3, 4]);
    expect(() => slice(x, [0, 2], [3, 3])).toThrow(ShapeError);
    expect(() => slice(x, [0, 2], [3, 3])).toThrow(/slice: axis 1 of \[3, 4\]: expected 0 ≤ start ≤ start \+ size ≤ 4; got start 2, size 3/);
    expect(() => slice(x, [-4], [])).toThrow(/axis 0 of \[3, 4\]/);
    expect(() => slice(x, [0, 0, 0])).toThrow(/slice: expected at most 2 starts/);
  });
});

describe('concat and stack', () => {
  for (const dt of dtypes) {
    it(`${dt}: concat along every axis (negative too)`, async () => {
      for (const axis of [0, 1, 2, -1]) {
        const a = ((axis % 3) + 3) % 3;
        const shapes = [2, 3, 1].map((k) => [3, 4, 5].map((d, i) => (i === a ? k : d)));
        const parts = shapes.map((s, i) => Host.random(s, dt, 10 + i));
        const total = shapes.reduce((acc, s) => acc + s[a], 0);
        const outShape = [3, 4, 5].map((d, i) => (i === a ? total : d));
        const ref = Host.build(outShape, dt, (idx) => {
          let k = idx[a];
          let p = 0;
          while (k >= parts[p].shape[a]) k -= parts[p++].shape[a];
          return parts[p].at(idx.map((v, d) => (d === a ? k : v)));
        });
        await expectEqualHost(
          concat(
            parts.map((p) => p.gpu()),
            axis,
          ),
          ref,
          `concat axis ${axis}`,
        );
      }
    });

    it(`${dt}: stack along a new axis`, async () => {
      for (const axis of [0, 1, 2, -1, -3]) {
        const parts = [0, 1, 2, 3].map((i) => Host.random([3, 5], dt, 20 + i));
        const a = axis < 0 ? axis + 3 : axis;
        const outShape = [3, 5];
        outShape.splice(a, 0, 4);
        const ref = Host.build(outShape, dt, (idx) => {
          const j = idx[a];
          return parts[j].at(idx.filter((_, d) => d !== a));
        });
        await expectEqualHost(
          stack(
            parts.map((p) => p.gpu()),
            axis,
          ),
          ref,
          `stack axis ${axis}`,
        );
      }
    });
  }

  it('concat with an empty part and a single input', async () => {
    const x = Host.random([2, 3], 'f32', 3);
    const empty = tensor([], [0, 3]);
    await expectEqualHost(concat([empty, x.gpu(), empty]), x, 'concat with empty');
    await expectEqualHost(concat([x.gpu()], 1), x, 'concat single');
  });

  it('errors name the op and the shapes', () => {
    const a = tensor(new Float32Array(6), [2, 3]);
    const b = tensor(new Float32Array(8), [2, 4]);
    const c = tensor(new Float32Array(12), [2, 3], 'c64');
    expect(() => concat([a, b], 0)).toThrow(ShapeError);
    expect(() => concat([a, b], 0)).toThrow(/concat: inputs must match except on axis 0; got \[2, 3\], \[2, 4\]/);
    expect(concat([a, b], 1).shape).toEqual([2, 7]);
    expect(() => concat([a, c as never])).toThrow(DTypeError);
    expect(() => concat([])).toThrow(/concat: expected at least one tensor/);
    expect(() => concat([a], 2)).toThrow(/concat: axis 2 is out of range/);
    expect(() => stack([a, b])).toThrow(/stack: inputs must have the same shape; got \[2, 3\], \[2, 4\]/);
    expect(() => stack([a, a], 3)).toThrow(ShapeError);
  });
});

describe('transpose', () => {
  for (const dt of dtypes) {
    it(`${dt}: general permutations`, async () => {
      const shape = [2, 3, 4, 5];
      const x = Host.random(shape, dt, 5);
      for (const perm of [
        [3, 2, 1, 0],
        [0, 2, 1, 3],
        [1, 0, 3, 2],
        [2, 3, 0, 1],
        [0, 1, 2, 3],
      ]) {
        const ref = Host.build(
          perm.map((p) => shape[p]),
          dt,
          (idx) => {
            const src = new Array(4);
            perm.forEach((p, d) => (src[p] = idx[d]));
            return x.at(src);
          },
        );
        await expectEqualHost(transpose(x.gpu(), perm), ref, `transpose ${perm}`);
      }
    });

    it(`${dt}: default swaps the last two axes; matrixTranspose conjugates on request`, async () => {
      const x = Host.random([3, 4, 6], dt, 6);
      const t = Host.build([3, 6, 4], dt, ([b, i, j]) => x.at([b, j, i]));
      const h = Host.build([3, 6, 4], dt, ([b, i, j]) => x.at([b, j, i]).map((v, k) => (k === 1 ? -v : v)));
      await expectEqualHost(transpose(x.gpu()), t, 'transpose default');
      await expectEqualHost(matrixTranspose(x.gpu()), t, 'matrixTranspose');
      await expectEqualHost(matrixTranspose(x.gpu(), true), h, 'matrixTranspose conjugate');
    });
  }

  it('rank 8 with no mergeable axes', async () => {
    const shape = [2, 3, 2, 3, 2, 3, 2, 3];
    const perm = [7, 6, 5, 4, 3, 2, 1, 0];
    const x = Host.random(shape, 'c64', 8);
    const ref = Host.build(
      perm.map((p) => shape[p]),
      'c64',
      (idx) => x.at([...idx].reverse()),
    );
    await expectEqualHost(transpose(x.gpu(), perm), ref, 'rank-8 transpose');
  });

  it('rejects bad permutations and rank < 2 defaults', () => {
    const x = tensor(new Float32Array(6), [2, 3]);
    expect(() => transpose(x, [0, 0])).toThrow(/transpose: expected a permutation of 0..1 for \[2, 3\]; got \[0, 0\]/);
    expect(() => transpose(x, [1, 0, 2])).toThrow(ShapeError);
    expect(() => matrixTranspose(tensor([1, 2], [2]))).toThrow(/matrixTranspose: expected a tensor of rank ≥ 2/);
  });
});
