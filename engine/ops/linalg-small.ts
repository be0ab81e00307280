/**
 * Small matrix reductions over the last two dimensions, batched over the leading ones:
 * trace (square matrices, real or complex) and the Frobenius norm ‖X‖_F = √(Σ |x_ij|²) (real output).
 * Both are strided reductions (reduce.ts): the trace walks the diagonal with stride n + 1.
 */
import { ShapeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor, zeros } from '../tensor/create.js';
import { reduceStrided, type ReduceStrategy } from './reduce.js';
import { safeDivisor } from '../autodiff/unbroadcast.js';
import { ANY, defineOps, ops, realOut, sameDType, type VjpContext } from './op.js';

/** tr X for X [..., n, n] → [...]; same dtype as X. */
export function trace<D extends DType>(x: Tensor<D>): Tensor<D> {
  const op = LINALG_SMALL_OPS.trace;
  op.check([x]);
  const batch = traceShape(x.shape);
  const n = x.shape[x.rank - 1];
  const out =
    n === 0
      ? zeros(batch, x.dtype)
      : (reduceStrided('trace', x, 'sum', { outer: sizeOf(batch), inner: 1, n, sOuter: n * n, sInner: 0, sK: n + 1 }, batch) as Tensor<D>);
  return op.attach(out, [x]);
}

/** The batch shape [...] of square matrices [..., n, n], or a ShapeError. */
function traceShape(s: Shape): number[] {
  if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
    throw new ShapeError(`trace: expected square matrices [..., n, n]; got ${fmt(s)}. Slice or pad to a square shape`);
  }
  return s.slice(0, -2);
}

/** The n × n identity, f32 (uploaded: n is a matrix dimension, small). */
function identity(n: number): Tensor<'f32'> {
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return tensor(data, [n, n]);
}

export interface FrobeniusOptions {
  /** the norm of all elements as one vector (any rank) instead of one norm per matrix of the last two dimensions */
  all?: boolean;
  /** kernel choice, as for the reductions in reduce.ts */
  strategy?: ReduceStrategy;
}

/**
 * ‖X‖_F = √(Σ_ij |x_ij|²) for X [..., m, n] (real or complex) → [...] f32, or one value (shape []) with `all`.
 * Squares are summed in f32: entries beyond ~1e19 overflow.
 */
export function frobeniusNorm(x: Tensor, options: FrobeniusOptions = {}): Tensor<'f32'> {
  const op = LINALG_SMALL_OPS.frobeniusNorm;
  op.check([x]);
  const batch = frobeniusShape(x.shape, options);
  const n = options.all ? x.size : x.shape[x.rank - 1] * x.shape[x.rank - 2];
  const layout = { outer: sizeOf(batch), inner: 1, n, sOuter: n, sInner: 0, sK: 1 };
  const out =
    n === 0
      ? zeros(batch, 'f32')
      : (reduceStrided('frobeniusNorm', x, 'sumAbs2', layout, batch, { post: 'sqrt', strategy: options.strategy }) as Tensor<'f32'>);
  return op.attach(out, [x], options);
}

/** The norms' shape: [...] for matrices [..., m, n], [] with `all`; a ShapeError for rank < 2 without `all`. */
function frobeniusShape(s: Shape, options: FrobeniusOptions): number[] {
  if (options.all) return [];
  if (s.length < 2) {
    throw new ShapeError(`frobeniusNorm: expected matrices [..., m, n] (rank ≥ 2); got ${fmt(s)}. Pass { all: true } for the norm of all elements`);
  }
  return s.slice(0, -2);
}

/** The registry entries of this family (engine/ops/op.ts). */
export const LINALG_SMALL_OPS = defineOps('linalg-small', {
  trace: {
    fn: trace,
    call: ([x]) => trace(x),
    kernel: { shader: 'reduce/reduce', selector: 'OP_SUM' },
    dtypes: ANY,
    outDType: sameDType,
    shape: ([s]) => traceShape(s),
    // linear: grad_X = g · I (g broadcast over each matrix's diagonal)
    vjp: (g, { inputs: [x] }) => [ops.mul(g.reshape([...x.shape.slice(0, -2), 1, 1]), identity(x.shape[x.rank - 1]))],
  },
  frobeniusNorm: {
    fn: frobeniusNorm,
    call: ([x], options: FrobeniusOptions) => frobeniusNorm(x, options),
    kernel: { shader: 'reduce/reduce', selector: 'OP_SUM_ABS2' },
    dtypes: ANY,
    outDType: realOut,
    shape: ([s], options = {}) => frobeniusShape(s, options),
    // ∂‖X‖/∂Re x = Re x/‖X‖, ∂‖X‖/∂Im x = Im x/‖X‖: grad = g · X/‖X‖, 0 for X = 0 (as PyTorch's norm)
    vjp: (g, { inputs: [x], out, saved: options }: VjpContext<FrobeniusOptions>) => {
      const kept = options.all ? x.shape.map(() => 1) : [...x.shape.slice(0, -2), 1, 1];
      return [ops.mul(ops.div(g, safeDivisor(out as Tensor<'f32'>)).reshape(kept), x)];
    },
  },
});
