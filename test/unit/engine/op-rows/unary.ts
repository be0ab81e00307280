/** Rows and float64 references of engine/ops/unary.ts. */
import type { DType } from '../../../../engine/index.js';
import type { UNARY_OPS } from '../../../../engine/ops/unary.js';
import type { ValueKind } from '../../../helpers/gradcheck.js';
import { cabs2, cconj, pointwise, type C } from './host.js';
import type { OpRow, OpTests } from './types.js';

/**
 * For each dtype the op takes: a [4, 5] row (finite differences) and forward rows on [17] and [3, 17, 33].
 * `gradgrad`: which dtypes also check second derivatives.
 */
function rows(dtypes: DType[], kind: ValueKind = 'any', gradgrad: DType[] = []): [OpRow<undefined>, ...OpRow<undefined>[]] {
  const [first, ...rest] = dtypes.flatMap((dtype) => [
    { variant: `${dtype} [4, 5]`, inputs: [{ shape: [4, 5], dtype, kind }], gradgrad: gradgrad.includes(dtype) },
    { variant: `${dtype} [17]`, inputs: [{ shape: [17], dtype, kind }], fd: false as const },
    { variant: `${dtype} [3, 17, 33]`, inputs: [{ shape: [3, 17, 33], dtype, kind }], fd: false as const },
  ]);
  return [first, ...rest];
}
const BOTH: DType[] = ['f32', 'c64'];
const REAL: DType[] = ['f32'];
/** arg z; a real number's phase is 0 or π */
const arg = (z: C): number => (z[1] === 0 ? (z[0] < 0 ? Math.PI : 0) : Math.atan2(z[1], z[0]));

export const UNARY_ROWS: OpTests<keyof typeof UNARY_OPS> = {
  copy: { reference: pointwise((z) => z), rows: rows(BOTH) },
  re: { reference: pointwise((z) => [z[0], 0]), rows: rows(BOTH) },
  im: { reference: pointwise((z) => [z[1], 0]), rows: rows(BOTH) },
  conj: { reference: pointwise(cconj), rows: rows(BOTH) },
  abs: { reference: pointwise((z) => [Math.hypot(z[0], z[1]), 0]), rows: rows(BOTH, 'nonzero', ['c64']) },
  abs2: { reference: pointwise((z) => [cabs2(z), 0]), rows: rows(BOTH, 'any', BOTH) },
  angle: { reference: pointwise((z) => [arg(z), 0]), rows: rows(BOTH, 'nonzero', ['c64']) },
  neg: { reference: pointwise((z) => [-z[0], -z[1]]), rows: rows(BOTH) },
  exp: { reference: pointwise((z) => [Math.exp(z[0]) * Math.cos(z[1]), Math.exp(z[0]) * Math.sin(z[1])]), rows: rows(BOTH, 'any', BOTH) },
  sqrt: { reference: pointwise((z) => [Math.sqrt(z[0]), 0]), rows: rows(REAL, 'positive', REAL) },
  sign: { reference: pointwise((z) => [Math.sign(z[0]), 0]), rows: rows(REAL, 'nonzero') },
  unitModulus: {
    reference: (inputs, { c = 1 }, out) => pointwise((z) => [c * Math.cos(z[0]), c * Math.sin(z[0])])(inputs, undefined, out),
    rows: [
      { variant: 'c = 1', inputs: [{ shape: [4, 5], dtype: 'f32' }], attrs: {}, gradgrad: true },
      { variant: 'c = -2.5, phases beyond ±π', inputs: [{ shape: [4, 5], dtype: 'f32', kind: 'phases' }], attrs: { c: -2.5 } },
      {
        variant: '[3, 17, 33], c = 0.25',
        inputs: [{ shape: [3, 17, 33], dtype: 'f32', kind: 'phases' }],
        attrs: { c: 0.25 },
        fd: false,
        tol: { atol: 3e-7, rtol: 0 },
      },
    ],
  },
};
