/** Rows and float64 references of engine/losses (the ops with registry entries). */
import type { DType, Reduction } from '../../../../engine/index.js';
import type { BCE_OPS } from '../../../../engine/losses/bce.js';
import type { CROSS_ENTROPY_OPS } from '../../../../engine/losses/cross-entropy.js';
import type { MSE_OPS } from '../../../../engine/losses/mse.js';
import type { LOSS_POINTWISE_OPS } from '../../../../engine/losses/pointwise.js';
import type { InputSpec } from '../../../helpers/gradcheck.js';
import { at, cabs2, csub, size } from './host.js';
import { nonEmpty, type HostInput, type OpRow, type OpTests } from './types.js';

const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];
const SHAPE = [4, 5];

/** The reduction of per-element (or per-sample) values. */
function reduce(values: number[], reduction: Reduction = 'mean'): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return reduction === 'none' ? values : [reduction === 'sum' ? total : total / values.length];
}

const clampedLog = (v: number, floor = -100) => Math.max(Math.log(v), floor);

/** log-softmax of each row of the last axis. */
function logSoftmaxRows(x: HostInput): number[] {
  const len = x.shape[x.shape.length - 1];
  const out: number[] = [];
  for (let r = 0; r < x.data.length / len; r++) {
    const row = Array.from(x.data.subarray(r * len, (r + 1) * len));
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((acc, v) => acc + Math.exp(v - m), 0));
    out.push(...row.map((v) => v - lse));
  }
  return out;
}

/** A row per reduction of two [4, 5] inputs of the given kinds; second derivatives for 'mean'. */
function reductionRows(first: InputSpec, second: InputSpec): [OpRow<{ reduction?: Reduction }>, ...OpRow<{ reduction?: Reduction }>[]] {
  const [head, ...rest] = REDUCTIONS.map((reduction) => ({
    variant: reduction,
    inputs: [first, second],
    attrs: { reduction },
    gradgrad: reduction === 'mean',
  }));
  return [head, ...rest];
}

export const LOSS_POINTWISE_ROWS: OpTests<keyof typeof LOSS_POINTWISE_OPS> = {
  clampedLog: {
    reference: ([x], { floor }) => Array.from(x.data, (v) => clampedLog(v, floor)),
    rows: [
      { variant: 'positive', inputs: [{ shape: SHAPE, dtype: 'f32', kind: 'positive' }], attrs: {} },
      { variant: '[3, 17, 33] in [0, 1), floor −5', inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'unit' }], attrs: { floor: -5 }, fd: false },
    ],
  },
};

export const BCE_ROWS: OpTests<keyof typeof BCE_OPS> = {
  bceWithLogits: {
    reference: ([x, y], { reduction }) =>
      reduce(
        Array.from(x.data, (v, i) => Math.max(v, 0) - v * y.data[i] + Math.log1p(Math.exp(-Math.abs(v)))),
        reduction,
      ),
    rows: reductionRows({ shape: SHAPE, dtype: 'f32', kind: 'wide' }, { shape: SHAPE, dtype: 'f32', kind: 'unit' }),
  },
  bce: {
    reference: ([p, y], { reduction }) =>
      reduce(
        Array.from(p.data, (v, i) => -(y.data[i] * clampedLog(v) + (1 - y.data[i]) * clampedLog(1 - v))),
        reduction,
      ),
    rows: reductionRows({ shape: SHAPE, dtype: 'f32', kind: 'prob' }, { shape: SHAPE, dtype: 'f32', kind: 'unit' }),
  },
};

export const CROSS_ENTROPY_ROWS: OpTests<keyof typeof CROSS_ENTROPY_OPS> = {
  logSoftmax: {
    reference: ([x]) => logSoftmaxRows(x),
    rows: [
      { variant: '[3, 7]', inputs: [{ shape: [3, 7], dtype: 'f32' }], gradgrad: true },
      { variant: '[5, 17, 33]', inputs: [{ shape: [5, 17, 33], dtype: 'f32', kind: 'wide' }], fd: false },
    ],
  },
  crossEntropy: {
    reference: ([x, t], { indices, reduction }) => {
      const C = x.shape[x.shape.length - 1];
      const ls = logSoftmaxRows(x);
      const perSample = Array.from({ length: ls.length / C }, (_, r) => {
        let s = 0;
        for (let c = 0; c < C; c++) s -= (t ? t.data[r * C + c] : Number(indices![r] === c)) * ls[r * C + c];
        return s;
      });
      return reduce(perSample, reduction);
    },
    rows: nonEmpty<OpRow<{ indices?: number[]; reduction?: Reduction }>>([
      ...REDUCTIONS.map((reduction) => ({
        variant: `host class indices, ${reduction}`,
        inputs: [{ shape: SHAPE, dtype: 'f32' as DType, kind: 'wide' as const }],
        attrs: { indices: [0, 3, 4, 1], reduction },
      })),
      {
        variant: 'class distribution [2, 3, 3], wrt logits and distribution',
        inputs: [
          { shape: [2, 3, 3], dtype: 'f32' },
          { shape: [2, 3, 3], dtype: 'f32', kind: 'unit' },
        ],
        attrs: {},
      },
    ]),
  },
};

/** |a − b|² per element. */
const squaredErrors = (a: HostInput, b: HostInput) => Array.from({ length: size(a.shape) }, (_, i) => cabs2(csub(at(a, i), at(b, i))));

export const MSE_ROWS: OpTests<keyof typeof MSE_OPS> = {
  mse: {
    reference: ([a, b], { reduction }) => reduce(squaredErrors(a, b), reduction),
    rows: nonEmpty<OpRow<{ reduction?: Reduction }>>(
      (['f32', 'c64'] as DType[]).flatMap((dtype) =>
        REDUCTIONS.map((reduction) => ({
          variant: `${dtype} ${reduction}`,
          inputs: [
            { shape: SHAPE, dtype },
            { shape: SHAPE, dtype },
          ],
          attrs: { reduction },
          gradgrad: reduction === 'mean' && dtype === 'c64',
        })),
      ),
    ),
  },
  nmse: {
    reference: ([a, b], { reduction }) => {
      const batch = a.shape[0];
      const per = size(a.shape) / batch;
      const err = squaredErrors(a, b);
      const ratios = Array.from({ length: batch }, (_, s) => {
        let e = 0;
        let r = 0;
        for (let k = s * per; k < (s + 1) * per; k++) {
          e += err[k];
          r += cabs2(at(b, k));
        }
        return e / r;
      });
      return reduce(ratios, reduction);
    },
    rows: nonEmpty<OpRow<{ reduction?: Reduction }>>([
      ...REDUCTIONS.map((reduction) => ({
        variant: `c64 [3, 2, 4] ${reduction}`,
        inputs: [
          { shape: [3, 2, 4], dtype: 'c64' as DType },
          { shape: [3, 2, 4], dtype: 'c64' as DType, kind: 'nonzero' as const },
        ],
        attrs: { reduction },
      })),
      {
        variant: 'f32 [5] (one value per sample)',
        inputs: [
          { shape: [5], dtype: 'f32' },
          { shape: [5], dtype: 'f32', kind: 'nonzero' },
        ],
        attrs: {},
      },
    ]),
  },
};
