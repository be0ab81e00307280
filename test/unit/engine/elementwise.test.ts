import { describe, it } from 'vitest';
import { add, complex, div, mul, scale, sub, tensor, type DType } from '../../../engine/index.js';
import { broadcastShapes, broadcastStrides, sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

type C = [number, number];
const ops: Record<string, (x: C, y: C) => C> = {
  add: (x, y) => [x[0] + y[0], x[1] + y[1]],
  sub: (x, y) => [x[0] - y[0], x[1] - y[1]],
  mul: (x, y) => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]],
  div: (x, y) => {
    const d = y[0] * y[0] + y[1] * y[1];
    return [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d];
  },
};
const gpuOps = { add, sub, mul, div } as const;

/** float64 reference of a broadcast binary op over interleaved/real data. */
function reference(op: string, a: Float32Array, as: number[], ad: DType, b: Float32Array, bs: number[], bd: DType) {
  const shape = broadcastShapes(op, as, bs);
  const sa = broadcastStrides(as, shape);
  const sb = broadcastStrides(bs, shape);
  const n = sizeOf(shape);
  const complexOut = ad === 'c64' || bd === 'c64';
  const out = new Float64Array(complexOut ? 2 * n : n);
  const get = (d: Float32Array, dt: DType, i: number): C => (dt === 'c64' ? [d[2 * i], d[2 * i + 1]] : [d[i], 0]);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let ia = 0;
    let ib = 0;
    for (let k = shape.length - 1; k >= 0; k--) {
      const c = rest % shape[k];
      rest = Math.floor(rest / shape[k]);
      ia += c * sa[k];
      ib += c * sb[k];
    }
    const r = ops[op](get(a, ad, ia), get(b, bd, ib));
    if (complexOut) out.set(r, 2 * i);
    else out[i] = r[0];
  }
  return { shape, out };
}

const shapes: Array<[number[], number[]]> = [
  [[1], [1]],
  [[3], [3]],
  [[17, 33], [33]],
  [[100], [1]],
  [
    [3, 1, 17],
    [1, 33, 1],
  ],
  [
    [2, 3, 4, 5, 6],
    [3, 1, 5, 1],
  ],
  [[], [33, 3]],
];

describe('binary element-wise ops against float64', () => {
  for (const op of Object.keys(gpuOps) as Array<keyof typeof gpuOps>) {
    for (const [ad, bd] of [
      ['f32', 'f32'],
      ['c64', 'c64'],
      ['f32', 'c64'],
      ['c64', 'f32'],
    ] as Array<[DType, DType]>) {
      for (const [as, bs] of shapes) {
        it(`${op} ${ad}${JSON.stringify(as)} × ${bd}${JSON.stringify(bs)}`, async () => {
          const wa = ad === 'c64' ? 2 : 1;
          const wb = bd === 'c64' ? 2 : 1;
          const da = randomData(sizeOf(as) * wa, 3);
          // keep divisors away from zero
          const db = randomData(sizeOf(bs) * wb, 7).map((v) => (op === 'div' ? v + Math.sign(v || 1) * 0.5 : v));
          const ref = reference(op, da, as, ad, db, bs, bd);
          const out = gpuOps[op](tensor(da, as, ad), tensor(db, bs, bd));
          expectClose(await out.read(), ref.out, { what: op });
        });
      }
    }
  }

  it('complex(re, im) and scale', async () => {
    const re = randomData(17 * 3, 1);
    const im = randomData(3, 2);
    const z = complex(tensor(re, [17, 3]), tensor(im, [3]));
    const expected = new Float64Array(2 * 51);
    for (let i = 0; i < 51; i++) {
      expected[2 * i] = re[i];
      expected[2 * i + 1] = im[i % 3];
    }
    expectClose(await z.read(), expected);
    const s = await scale(z, [0, 2]).read();
    expectClose(
      s,
      expected.map((_, k) => (k % 2 === 0 ? -2 * expected[k + 1] : 2 * expected[k - 1])),
    );
  });
});
