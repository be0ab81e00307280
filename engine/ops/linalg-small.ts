/**
 * Small matrix reductions over the last two dimensions, batched over the leading ones:
 * trace (square matrices, real or complex) and the Frobenius norm ‖X‖_F = √(Σ |x_ij|²) (real output).
 * Both are strided reductions (reduce.ts): the trace walks the diagonal with stride n + 1.
 */
import { ShapeError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor, zeros } from '../tensor/create.js';
import { reduceStrided, type ReduceStrategy } from './reduce.js';
import { attachGrad } from '../autodiff/graph.js';
import { safeDivisor } from '../autodiff/unbroadcast.js';
import { div, mul } from './elementwise.js';

/** tr X for X [..., n, n] → [...]; same dtype as X. */
export function trace<D extends DType>(x: Tensor<D>): Tensor<D> {
  const s = x.shape;
  if (s.length < 2 || s[s.length - 1] !== s[s.length - 2]) {
    throw new ShapeError(`trace: expected square matrices [..., n, n]; got ${fmt(s)}. Slice or pad to a square shape`);
  }
  const n = s[s.length - 1];
  const batch = s.slice(0, -2);
  const out =
    n === 0 ? zeros(batch, x.dtype) : (reduceStrided('trace', x, 'sum', { outer: sizeOf(batch), inner: 1, n, sOuter: n * n, sInner: 0, sK: n + 1 }, batch) as Tensor<D>);
  // linear: grad_X = g · I (g broadcast over each matrix's diagonal)
  return attachGrad('trace', out, [x], (g) => [mul(g.reshape([...batch, 1, 1]), identity(n))]);
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
  const s = x.shape;
  let batch: number[];
  let n: number;
  if (options.all) {
    batch = [];
    n = x.size;
  } else {
    if (s.length < 2) {
      throw new ShapeError(
        `frobeniusNorm: expected matrices [..., m, n] (rank ≥ 2); got ${fmt(s)}. Pass { all: true } for the norm of all elements`,
      );
    }
    batch = s.slice(0, -2);
    n = s[s.length - 1] * s[s.length - 2];
  }
  const layout = { outer: sizeOf(batch), inner: 1, n, sOuter: n, sInner: 0, sK: 1 };
  const out =
    n === 0 ? zeros(batch, 'f32') : (reduceStrided('frobeniusNorm', x, 'sumAbs2', layout, batch, { post: 'sqrt', strategy: options.strategy }) as Tensor<'f32'>);
  // ∂‖X‖/∂Re x = Re x/‖X‖, ∂‖X‖/∂Im x = Im x/‖X‖: grad = g · X/‖X‖, 0 for X = 0 (as PyTorch's norm)
  const kept = options.all ? s.map(() => 1) : [...batch, 1, 1];
  return attachGrad('frobeniusNorm', out, [x], (g) => [mul(div(g, safeDivisor(out)).reshape(kept), x)]);
}
