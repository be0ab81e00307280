/**
 * The test half of an op's registry entry: its float64 reference and its rows. One file per op family
 * (test/unit/engine/op-rows/<family>.ts, beside engine/ops/<family>.ts), each typed `OpTests<keyof typeof FAMILY_OPS>`,
 * and index.ts joins them as `OpTests<OpName>`: an op without a reference or without a row does not compile.
 * test/unit/engine/registry.test.ts runs every row: the forward pass against the reference (output dtype and shape
 * against the entry's rules too), the VJP against central finite differences (unless the row opts out), second
 * derivatives where the row asks, and for an op without a gradient rule the NoGradientError.
 */
import type { DType, OpAttrs, OpName, Shape, Tensor } from '../../../../engine/index.js';
import type { InputSpec } from '../../../helpers/gradcheck.js';

/** An input as the reference sees it: the float32 values uploaded to the device (interleaved re, im for c64). */
export interface HostInput {
  data: Float32Array;
  shape: Shape;
  dtype: DType;
}

/** The output the entry's rules predict: the reference writes interleaved (re, im) pairs when dtype is c64. */
export interface OutputSpec {
  shape: Shape;
  dtype: DType;
}

interface RowBase<A> {
  /** label of the row (dtypes, shapes, attrs) */
  variant: string;
  inputs: InputSpec[];
  /**
   * false: no finite-difference check of this row (a forward-only row: large, or at values where the function is not
   * differentiable). Default: checked for ops with a vjp or composite gradient.
   */
  fd?: false;
  /** check at most this many elements per input by finite differences (evenly spaced) */
  fdElements?: number;
  /** also check second derivatives (createGraph) */
  gradgrad?: boolean;
  /**
   * For a straight-through estimator: the surrogate whose finite differences the op's VJP must match (the op itself
   * is piecewise constant).
   */
  surrogate?: (inputs: Tensor[], attrs: A) => Tensor;
  /** forward tolerance (defaults atol 1e-5, rtol 1e-4) */
  tol?: { atol?: number; rtol?: number };
}

/** One row: inputs, the op's attrs (omitted when it takes none), and what to check. */
export type OpRow<A> = RowBase<A> & (undefined extends A ? { attrs?: A } : { attrs: A });

export interface OpTest<A> {
  /** the op in float64 on the host, from the same float32 inputs */
  reference: (inputs: HostInput[], attrs: A, out: OutputSpec) => ArrayLike<number>;
  /** at least one row */
  rows: readonly [OpRow<A>, ...OpRow<A>[]];
}

/** The test half of the entries of the ops K. */
export type OpTests<K extends OpName> = { [N in K]: OpTest<OpAttrs<N>> };

/** A list of rows as the non-empty tuple `rows` requires (throws on an empty list). */
export function nonEmpty<T>(rows: T[]): [T, ...T[]] {
  if (rows.length === 0) throw new RangeError('nonEmpty: expected at least one row');
  return rows as [T, ...T[]];
}
