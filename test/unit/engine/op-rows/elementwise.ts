/** Rows and float64 references of engine/ops/elementwise.ts. */
import type { DType } from '../../../../engine/index.js';
import type { ELEMENTWISE_OPS } from '../../../../engine/ops/elementwise.js';
import type { InputSpec } from '../../../helpers/gradcheck.js';
import { binary, cadd, cdiv, cmul, csub, pointwise } from './host.js';
import type { OpRow, OpTests } from './types.js';

const DTYPES: DType[] = ['f32', 'c64'];
const PAIRS = DTYPES.flatMap((a) => DTYPES.map((b) => [a, b] as const));
/** Broadcasting shapes that are no tile multiple: [3, 1, 17] against [33, 1] → [3, 33, 17]. */
const A = [3, 1, 17];
const B = [33, 1];
/** Forward-only broadcasts: rank 5 against rank 4, and a scalar against a matrix. */
const FORWARD: Array<[number[], number[]]> = [
  [
    [2, 3, 4, 5, 6],
    [3, 1, 5, 1],
  ],
  [[], [33, 3]],
];

/** Every dtype pair on the broadcasting shapes (finite differences), then forward-only shapes. */
function arithmeticRows(symbol: string, { divisor = false, gradgrad = false } = {}): [OpRow<undefined>, ...OpRow<undefined>[]] {
  const second = (shape: number[], dtype: DType): InputSpec => ({ shape, dtype, kind: divisor ? 'nonzero' : 'any' });
  const [first, ...rest] = [
    ...PAIRS.map(([a, b]) => ({
      variant: `${a}${symbol}${b} [3, 1, 17] × [33, 1]`,
      inputs: [{ shape: A, dtype: a }, second(B, b)],
      gradgrad: gradgrad && a === 'c64' && b === 'c64',
    })),
    ...PAIRS.flatMap(([a, b]) =>
      FORWARD.map(([sa, sb]) => ({
        variant: `${a}${symbol}${b} ${JSON.stringify(sa)} × ${JSON.stringify(sb)}`,
        inputs: [{ shape: sa, dtype: a }, second(sb, b)],
        fd: false as const,
      })),
    ),
  ];
  return [first, ...rest];
}

export const ELEMENTWISE_ROWS: OpTests<keyof typeof ELEMENTWISE_OPS> = {
  add: { reference: binary(cadd), rows: arithmeticRows('+') },
  sub: { reference: binary(csub), rows: arithmeticRows('-') },
  mul: { reference: binary(cmul), rows: arithmeticRows('*', { gradgrad: true }) },
  div: { reference: binary(cdiv), rows: arithmeticRows('/', { divisor: true, gradgrad: true }) },
  complex: {
    reference: binary((re, im) => [re[0], im[0]]),
    rows: [
      {
        variant: 'f32, f32 broadcast',
        inputs: [
          { shape: A, dtype: 'f32' },
          { shape: B, dtype: 'f32' },
        ],
      },
      {
        variant: '[17, 3] with [3]',
        inputs: [
          { shape: [17, 3], dtype: 'f32' },
          { shape: [3], dtype: 'f32' },
        ],
        fd: false,
      },
    ],
  },
  scale: {
    reference: (inputs, { s }, out) => {
      const k: [number, number] = typeof s === 'number' ? [s, 0] : [s[0], s[1]];
      return pointwise((z) => cmul(z, k))(inputs, undefined, out);
    },
    rows: [
      { variant: 'f32 by real', inputs: [{ shape: A, dtype: 'f32' }], attrs: { s: -1.5 } },
      { variant: 'f32 by complex', inputs: [{ shape: A, dtype: 'f32' }], attrs: { s: [0.5, -2] } },
      { variant: 'c64 by complex', inputs: [{ shape: A, dtype: 'c64' }], attrs: { s: [0.5, -2] } },
      { variant: 'c64 by real', inputs: [{ shape: A, dtype: 'c64' }], attrs: { s: 3 } },
      { variant: 'c64 [51, 3] by j2', inputs: [{ shape: [51, 3], dtype: 'c64' }], attrs: { s: [0, 2] }, fd: false },
    ],
  },
};
