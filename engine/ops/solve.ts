/**
 * Batched small linear solves on the GPU (shaders/solve/solve.wgsl, shaders/solve/gram.wgsl): one invocation
 * factors one matrix, one invocation per column of B substitutes. Meant for the many small systems of precoding and
 * combining (K×K zero-forcing, N_RF×N_RF pseudo-inverses), n up to ~64; the work per matrix is sequential, so large
 * single systems belong to a blocked solver instead.
 *
 * Shapes: A [..., n, n], B [..., n, m] → X [..., n, m]; the batch dimensions (...) of A and B broadcast (NumPy
 * rules) and A's factorization is computed once per distinct A matrix. Each operand may be f32 or c64; X is c64 if
 * either is. A system whose factorization breaks down (not positive definite for `solveHermitian`, singular for
 * `solve`) yields NaN in its X: results stay on the GPU, so no error can be thrown without a readback.
 */
import { ShapeError } from '../errors.js';
import { promote, type DType, type Promote } from '../tensor/dtype.js';
import { broadcastStrides, fmt, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { matrixTranspose } from './layout.js';
import { buffersOf, coalesce, launch1d, pack8 } from './launch.js';
import { ANY, defineOps, promoted, sameDType, type Op } from './op.js';

const KERNEL = 'solve/solve';

/**
 * X = A⁻¹ B for Hermitian (real symmetric) positive definite A, by Cholesky A = L Lᴴ. Only the lower triangle and
 * the real part of the diagonal of A are read.
 *
 * @param A [..., n, n] f32 | c64, Hermitian positive definite
 * @param B [..., n, m] f32 | c64
 * @returns X [..., n, m], NaN for a matrix that is not numerically positive definite
 */
export function solveHermitian<A extends DType, B extends DType>(A: Tensor<A>, B: Tensor<B>): Tensor<Promote<A, B>> {
  return batchedSolve(SOLVE_OPS.solveHermitian, 'cholesky', A, B);
}

/**
 * X = A⁻¹ B for general square A, by LU factorization with partial pivoting (P A = L U).
 *
 * @param A [..., n, n] f32 | c64
 * @param B [..., n, m] f32 | c64
 * @returns X [..., n, m], NaN for a matrix with an exactly zero pivot column
 */
export function solve<A extends DType, B extends DType>(A: Tensor<A>, B: Tensor<B>): Tensor<Promote<A, B>> {
  return batchedSolve(SOLVE_OPS.solve, 'lu', A, B);
}

/**
 * Moore–Penrose pseudo-inverse of full-rank matrices through the normal equations:
 * tall or square (m ≥ n, full column rank) A⁺ = (AᴴA)⁻¹Aᴴ; wide (m < n, full row rank) A⁺ = Aᴴ(AAᴴ)⁻¹.
 * The Gram matrix squares the condition number (κ(AᴴA) = κ(A)²), so in float32 this suits moderately conditioned
 * A (κ(A) ≲ 10³); a rank-deficient A gives NaN or meaningless values.
 *
 * @param A [..., m, n] f32 | c64
 * @returns A⁺ [..., n, m]
 */
export function pinv<D extends DType>(A: Tensor<D>): Tensor<D> {
  SOLVE_OPS.pinv.check([A]);
  if (A.rank < 2) throw new ShapeError(`pinv: expected matrices [..., m, n]; got ${fmt(A.shape)}`);
  const [m, n] = A.shape.slice(-2);
  const tall = m >= n;
  const G = gramOf('pinv', A, tall);
  try {
    if (tall) {
      // (AᴴA) X = Aᴴ
      const Ah = matrixTranspose(A, true);
      try {
        return solveHermitian(G, Ah) as Tensor<D>;
      } finally {
        Ah.dispose();
      }
    }
    // (AAᴴ) Y = A, A⁺ = Yᴴ since AAᴴ is Hermitian
    const Y = solveHermitian(G, A);
    try {
      return matrixTranspose(Y, true) as Tensor<D>;
    } finally {
      Y.dispose();
    }
  } finally {
    G.dispose();
  }
}

/**
 * Gram matrices of a batch: 'AhA' gives AᴴA ([..., r, k] → [..., k, k]), 'AAh' gives AAᴴ ([..., k, r] → [..., k, k]).
 * Both triangles are written, G_ji as the exact conjugate of G_ij.
 */
export function gram<D extends DType>(A: Tensor<D>, form: 'AhA' | 'AAh'): Tensor<D> {
  if (form !== 'AhA' && form !== 'AAh') throw new RangeError(`gram: form must be 'AhA' or 'AAh'; got '${form}'`);
  SOLVE_OPS.gram.check([A]);
  return gramOf('gram', A, form === 'AhA');
}

/** The Gram matrices' shape [..., k, k] of A [..., rows, cols] (k = cols for AᴴA, rows for AAᴴ). */
function gramShape(op: string, a: Shape, left: boolean): number[] {
  if (a.length < 2) throw new ShapeError(`${op}: expected matrices [..., rows, cols]; got ${fmt(a)}`);
  const [rows, cols] = a.slice(-2);
  const k = left ? cols : rows;
  return [...a.slice(0, -2), k, k];
}

function gramOf<D extends DType>(op: string, A: Tensor<D>, left: boolean): Tensor<D> {
  const shape = gramShape(op, A.shape, left);
  const [rows, cols] = A.shape.slice(-2);
  const [k, r] = left ? [cols, rows] : [rows, cols];
  const G = Tensor.empty(shape, A.dtype, op);
  if (G.size > 0) {
    const overrides = { COMPLEX: Number(A.dtype === 'c64'), SIDE: left ? 0 : 1 };
    launch1d('solve/gram', G.size, buffersOf(op, { mats: A, gram: G }), { n: G.size, k, r }, overrides);
  }
  return G;
}

function batchedSolve<A extends DType, B extends DType>(entry: Op, method: 'cholesky' | 'lu', A: Tensor<A>, B: Tensor<B>): Tensor<Promote<A, B>> {
  entry.check([A, B]);
  const op = entry.name;
  const { n, m, aBatch, outBatch, c } = solveShapes(op, A.shape, B.shape);
  const out = Tensor.empty([...outBatch, n, m], promote(A.dtype, B.dtype), op);
  if (out.size === 0) return out;
  const overrides = { A_COMPLEX: Number(A.dtype === 'c64'), B_COMPLEX: Number(B.dtype === 'c64') };
  const batchParams = {
    rank: c.shape.length,
    batch_shape: pack8(op, c.shape),
    a_stride: pack8(op, c.strides[0]),
    b_stride: pack8(op, c.strides[1]),
  };
  const aCount = sizeOf(aBatch);
  // scratch: the factors (A's dtype), the first failed pivot per matrix, LU's row swaps
  const fac = Tensor.empty([aCount, n, n], A.dtype, `${op}:factor`);
  const info = Tensor.empty([aCount], 'f32', `${op}:info`);
  const piv = method === 'lu' ? Tensor.empty([aCount, n], 'f32', `${op}:pivots`) : null;
  try {
    const factorBuffers = buffersOf(op, { lhs: A, factors: fac, info, ...(piv ? { pivots: piv } : {}) });
    launch1d(KERNEL, aCount, factorBuffers, { count: aCount, n, m, ...batchParams }, overrides, `${method}_factor`);
    const count = sizeOf(outBatch) * m;
    const substituteBuffers = buffersOf(op, { factors: fac, info, rhs: B, sol: out, ...(piv ? { pivots: piv } : {}) });
    launch1d(KERNEL, count, substituteBuffers, { count, n, m, ...batchParams }, overrides, `${method}_substitute`);
  } finally {
    // released to the pool; later work that reuses the buffers is ordered after these dispatches
    fac.dispose();
    info.dispose();
    piv?.dispose();
  }
  return out as Tensor<Promote<A, B>>;
}

/** Checks A [..., n, n] and B [..., n, m]; returns sizes, batch shapes and coalesced batch strides (in matrices). */
function solveShapes(op: string, a: Shape, b: Shape) {
  const shapes = `A ${fmt(a)}, B ${fmt(b)}`;
  if (a.length < 2 || a[a.length - 1] !== a[a.length - 2]) {
    throw new ShapeError(`${op}: A must be square matrices [..., n, n]; got ${shapes}`);
  }
  const n = a[a.length - 1];
  if (b.length < 2 || b[b.length - 2] !== n) {
    throw new ShapeError(`${op}: B must be [..., n, m] with n = ${n} rows to match A; got ${shapes}. Reshape a vector b to [..., n, 1]`);
  }
  const m = b[b.length - 1];
  const aBatch = a.slice(0, -2);
  const bBatch = b.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const outBatch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = aBatch[aBatch.length - rank + i] ?? 1;
    const db = bBatch[bBatch.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: batch dimensions of A and B do not broadcast (${da} vs ${db}); got ${shapes}`);
    }
    outBatch.push(da === 1 ? db : da);
  }
  const c = coalesce(outBatch, [broadcastStrides(aBatch, outBatch), broadcastStrides(bBatch, outBatch)]);
  if (c.shape.length > 8) throw new ShapeError(`${op}: at most 8 batch dimensions are supported; got ${shapes}`);
  return { n, m, aBatch, outBatch, c };
}

const SOLVE = { shader: 'solve/solve' };
const GRAM = { shader: 'solve/gram' };
/** Both solves' output shape [...broadcast batch, n, m]. */
const solveShape =
  (op: string) =>
  ([a, b]: readonly Shape[]) => {
    const { n, m, outBatch } = solveShapes(op, a, b);
    return [...outBatch, n, m];
  };

/**
 * The registry entries of this family (engine/ops/op.ts). None has a gradient rule yet: asked for one (an input that
 * requires a gradient while recording), each throws NoGradientError instead of dropping it.
 */
export const SOLVE_OPS = defineOps('solve', {
  solve: {
    fn: solve,
    call: ([a, b]) => solve(a, b),
    kernel: SOLVE,
    dtypes: ANY,
    outDType: promoted,
    shape: solveShape('solve'),
    noGrad: 'the batched LU solve has no VJP yet: grad_B = A⁻ᴴ·g, grad_A = −grad_B·Xᴴ',
  },
  solveHermitian: {
    fn: solveHermitian,
    call: ([a, b]) => solveHermitian(a, b),
    kernel: SOLVE,
    dtypes: ANY,
    outDType: promoted,
    shape: solveShape('solveHermitian'),
    noGrad: 'the batched Cholesky solve has no VJP yet: grad_B = A⁻¹·g, grad_A = −grad_B·Xᴴ',
  },
  pinv: {
    fn: pinv,
    call: ([a]) => pinv(a),
    kernel: [GRAM, SOLVE],
    dtypes: ANY,
    outDType: sameDType,
    shape: ([a]) => {
      if (a.length < 2) throw new ShapeError(`pinv: expected matrices [..., m, n]; got ${fmt(a)}`);
      return [...a.slice(0, -2), a[a.length - 1], a[a.length - 2]];
    },
    noGrad: 'the normal-equation pseudo-inverse has no VJP yet',
  },
  gram: {
    fn: gram,
    call: ([a], { form }: { form: 'AhA' | 'AAh' }) => gram(a, form),
    kernel: GRAM,
    dtypes: ANY,
    outDType: sameDType,
    shape: ([a], { form }) => gramShape('gram', a, form === 'AhA'),
    noGrad: "the Gram kernel has no VJP; matmul(A, A, { opA: 'H' }) is differentiable",
  },
});
