import { describe, expect, it } from 'vitest';
import { tensor, DTypeError, type DType, type Tensor } from '../../../engine/index.js';
import { abs, abs2, angle, conj, copy, exp, im, neg, re, sign, sqrt, unitModulus } from '../../../engine/ops/unary.js';
import { sizeOf } from '../../../engine/tensor/shape.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

const shapes = [[1], [3], [17], [33], [100], [3, 17, 33]];

type C = [number, number];
/** float64 reference per op: input element (re, im) → output element (re, im); real outputs use [v, 0]. */
const refs: Record<string, (z: C) => C> = {
  copy: (z) => z,
  re: (z) => [z[0], 0],
  im: (z) => [z[1], 0],
  conj: (z) => [z[0], -z[1]],
  abs: (z) => [Math.hypot(z[0], z[1]), 0],
  abs2: (z) => [z[0] * z[0] + z[1] * z[1], 0],
  angle: (z) => [Math.atan2(z[1], z[0]), 0],
  neg: (z) => [-z[0], -z[1]],
  exp: (z) => [Math.exp(z[0]) * Math.cos(z[1]), Math.exp(z[0]) * Math.sin(z[1])],
  sqrt: (z) => [Math.sqrt(z[0]), 0],
  sign: (z) => [Math.sign(z[0]), 0],
};
const gpu = { copy, re, im, conj, abs, abs2, angle, neg, exp, sqrt, sign } as Record<string, (x: Tensor) => Tensor>;
/** output dtype per op and input dtype; absent = op rejects that input */
const outDType: Record<string, Partial<Record<DType, DType>>> = {
  copy: { f32: 'f32', c64: 'c64' },
  re: { f32: 'f32', c64: 'f32' },
  im: { f32: 'f32', c64: 'f32' },
  conj: { f32: 'f32', c64: 'c64' },
  abs: { f32: 'f32', c64: 'f32' },
  abs2: { f32: 'f32', c64: 'f32' },
  angle: { f32: 'f32', c64: 'f32' },
  neg: { f32: 'f32', c64: 'c64' },
  exp: { f32: 'f32', c64: 'c64' },
  sqrt: { f32: 'f32' },
  sign: { f32: 'f32' },
};

function inputData(op: string, n: number, dtype: DType, seed: number): Float32Array {
  const d = randomData(n * (dtype === 'c64' ? 2 : 1), seed).map((v) => 3 * v);
  if (op === 'sqrt') return d.map(Math.abs);
  // exact zeros and exact negatives exercise angle(0) = 0, angle(−x) = π, sign(0) = 0
  for (let i = 0; i < d.length; i += 7) d[i] = 0;
  return d;
}

function reference(op: string, data: Float32Array, dtype: DType, out: DType): Float64Array {
  const n = dtype === 'c64' ? data.length / 2 : data.length;
  const r = new Float64Array(out === 'c64' ? 2 * n : n);
  for (let i = 0; i < n; i++) {
    const z: C = dtype === 'c64' ? [data[2 * i], data[2 * i + 1]] : [data[i], 0];
    const v = refs[op](z);
    if (out === 'c64') r.set(v, 2 * i);
    else r[i] = v[0];
  }
  return r;
}

describe('unary element-wise ops against float64', () => {
  for (const op of Object.keys(refs)) {
    for (const dtype of ['f32', 'c64'] as DType[]) {
      const out = outDType[op][dtype];
      if (!out) {
        it(`${op} rejects ${dtype}`, () => {
          expect(() => gpu[op](tensor(new Float32Array(6), [3], dtype))).toThrow(DTypeError);
          expect(() => gpu[op](tensor(new Float32Array(6), [3], dtype))).toThrow(new RegExp(`^${op}: expected f32 input; got c64 \\[3\\]`));
        });
        continue;
      }
      for (const shape of shapes) {
        it(`${op} ${dtype}${JSON.stringify(shape)} → ${out}`, async () => {
          const data = inputData(op, sizeOf(shape), dtype, shape.length * 100 + shape[0]);
          const y = gpu[op](tensor(data, shape, dtype));
          expect(y.dtype).toBe(out);
          expect(y.shape).toEqual(shape);
          expectClose(await y.read(), reference(op, data, dtype, out), { what: op, atol: 2e-6, rtol: 2e-6 });
        });
      }
    }
  }

  it('angle of real values is 0 or π', async () => {
    const y = await angle(tensor([-2, -0.5, 0, 0.5, 2], [5])).read();
    expectClose(y, [Math.PI, Math.PI, 0, 0, 0], { atol: 1e-7, rtol: 0 });
  });

  it('angle of complex values to 3e-7 (the builtin atan2 may err by ~3e-6)', async () => {
    const n = 20000;
    const d = randomData(2 * n, 21).map((v, i) => (i % 6 === 0 ? 1e-3 * v : v));
    const ref = Array.from({ length: n }, (_, i) => Math.atan2(d[2 * i + 1], d[2 * i]));
    expectClose(await angle(tensor(d, [n], 'c64')).read(), ref, { what: 'angle', atol: 3e-7, rtol: 0 });
  });

  it('angle of complex values on the axes, 0 included', async () => {
    const y = await angle(tensor([0, 0, -1, 0, 0, 1, 0, -1, 1, 1], [5], 'c64')).read();
    expectClose(y, [0, Math.PI, Math.PI / 2, -Math.PI / 2, Math.PI / 4], { atol: 1e-7, rtol: 0 });
  });

  it('abs of complex values near the f32 limit does not overflow', async () => {
    const y = await abs(tensor([3e30, 4e30, 0, 0, -1e-30, 0], [3], 'c64')).read();
    expectClose(y, [5e30, 0, 1e-30], { atol: 0, rtol: 1e-6 });
  });

  it('copy is a new buffer', async () => {
    const x = tensor([1, 2, 3], [3]);
    const y = copy(x);
    x.dispose();
    expectClose(await y.read(), [1, 2, 3], { atol: 0, rtol: 0 });
  });

  for (const shape of shapes) {
    it(`unitModulus ${JSON.stringify(shape)} with c = 1 and c = 0.25`, async () => {
      const phi = randomData(sizeOf(shape), 11).map((v) => 16 * Math.PI * v);
      for (const c of [1, 0.25]) {
        const z = c === 1 ? unitModulus(tensor(phi, shape)) : unitModulus(tensor(phi, shape), c);
        expect(z.dtype).toBe('c64');
        const ref = new Float64Array(2 * phi.length);
        phi.forEach((p, i) => ref.set([c * Math.cos(p), c * Math.sin(p)], 2 * i));
        expectClose(await z.read(), ref, { what: `unitModulus c=${c}`, atol: 3e-7, rtol: 0 });
      }
    });
  }

  it('unitModulus rejects complex phases', () => {
    expect(() => unitModulus(tensor([0, 0], [1], 'c64') as unknown as Tensor<'f32'>)).toThrow(DTypeError);
  });
});
