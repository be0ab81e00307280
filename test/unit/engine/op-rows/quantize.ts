/** Rows and float64 references of engine/ops/quantize.ts: the VJPs are checked against their surrogates. */
import { scale, tanh, type Tensor } from '../../../../engine/index.js';
import type { QUANTIZE_OPS } from '../../../../engine/ops/quantize.js';
import { pointwise } from './host.js';
import type { OpTests } from './types.js';

/** round half to even, as WGSL's round and torch.round */
function roundEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
const real = (t: Tensor) => t as Tensor<'f32'>;

export const QUANTIZE_ROWS: OpTests<keyof typeof QUANTIZE_OPS> = {
  signSte: {
    reference: pointwise((z) => [Math.sign(z[0]), 0]),
    rows: [
      {
        variant: 'a = 2',
        inputs: [{ shape: [4, 5], dtype: 'f32', kind: 'nonzero' }],
        attrs: { a: 2 },
        surrogate: ([x], { a }) => tanh(scale(real(x), a)),
        gradgrad: true,
      },
      { variant: '[3, 17, 33], a = 0.5', inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'wide' }], attrs: { a: 0.5 }, fd: false },
    ],
  },
  roundSte: {
    reference: pointwise((z) => [roundEven(z[0]), 0]),
    rows: [
      { variant: '[4, 5]', inputs: [{ shape: [4, 5], dtype: 'f32', kind: 'phases' }], surrogate: ([x]) => x },
      { variant: '[3, 17, 33]', inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'phases' }], fd: false },
    ],
  },
  quantizePhase: {
    reference: (inputs, { bits }, out) => {
      const step = (2 * Math.PI) / 2 ** bits;
      return pointwise((z) => [step * roundEven(z[0] / step), 0])(inputs, undefined, out);
    },
    rows: [
      { variant: '3 bits', inputs: [{ shape: [4, 5], dtype: 'f32', kind: 'phases' }], attrs: { bits: 3 }, surrogate: ([x]) => x },
      {
        variant: '[3, 17, 33], 1 bit',
        inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'phases' }],
        attrs: { bits: 1 },
        fd: false,
        tol: { atol: 1e-5, rtol: 1e-5 },
      },
    ],
  },
};
