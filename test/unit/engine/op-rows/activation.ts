/** Rows and float64 references of engine/ops/activation.ts and engine/ops/softmax.ts. */
import type { OpAttrs } from '../../../../engine/index.js';
import type { ACTIVATION_OPS } from '../../../../engine/ops/activation.js';
import type { SOFTMAX_OPS } from '../../../../engine/ops/softmax.js';
import type { ValueKind } from '../../../helpers/gradcheck.js';
import { emit, pointwise, size } from './host.js';
import type { OpRow, OpTests } from './types.js';

const real = (f: (v: number) => number) => pointwise((z) => [f(z[0]), 0]);

/** A [4, 5] row (finite differences) and a forward-only [3, 17, 33] row, with the given attrs. */
function rows<A>(attrs: A, kind: ValueKind, gradgrad = false): [OpRow<A>, ...OpRow<A>[]] {
  return [
    { variant: '[4, 5]', inputs: [{ shape: [4, 5], dtype: 'f32', kind }], attrs, gradgrad } as OpRow<A>,
    { variant: '[3, 17, 33]', inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'wide' }], attrs, fd: false, tol: { atol: 1e-6, rtol: 2e-6 } } as OpRow<A>,
  ];
}

const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

export const ACTIVATION_ROWS: OpTests<keyof typeof ACTIVATION_OPS> = {
  relu: { reference: real((v) => Math.max(v, 0)), rows: rows(undefined, 'nonzero') },
  leakyRelu: {
    reference: (inputs, { slope = 0.01 }, out) => real((v) => (v >= 0 ? v : slope * v))(inputs, undefined, out),
    rows: [
      ...rows<OpAttrs<'leakyRelu'>>({ slope: 0.2 }, 'nonzero'),
      { variant: 'default slope', inputs: [{ shape: [4, 5], dtype: 'f32', kind: 'nonzero' }], attrs: {} },
    ],
  },
  sigmoid: { reference: real(sigmoid), rows: rows(undefined, 'wide', true) },
  tanh: { reference: real(Math.tanh), rows: rows(undefined, 'wide', true) },
};

export const SOFTMAX_ROWS: OpTests<keyof typeof SOFTMAX_OPS> = {
  softmax: {
    reference: ([x], _, out) => {
      const len = x.shape[x.shape.length - 1];
      const y = new Float64Array(size(out.shape));
      for (let r = 0; r < y.length / len; r++) {
        const row = Array.from(x.data.subarray(r * len, (r + 1) * len));
        const m = Math.max(...row);
        const s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
        row.forEach((v, k) => (y[r * len + k] = Math.exp(v - m) / s));
      }
      return emit(y.length, 'f32', (i) => [y[i], 0]);
    },
    rows: [
      { variant: '[3, 4, 7]', inputs: [{ shape: [3, 4, 7], dtype: 'f32', kind: 'wide' }], gradgrad: true },
      { variant: 'rows of 300 (one workgroup per row)', inputs: [{ shape: [2, 300], dtype: 'f32' }] },
      {
        variant: '[7, 129] (workgroup kernel, partial stride)',
        inputs: [{ shape: [7, 129], dtype: 'f32', kind: 'wide' }],
        fd: false,
        tol: { atol: 1e-7, rtol: 1e-5 },
      },
    ],
  },
};
