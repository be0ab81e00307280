/**
 * Batched matrix product C = op(A) · op(B) for real (f32), complex (c64) and mixed real × complex operands.
 *
 *   A [...batchA, M, K] (op 'N') or [...batchA, K, M] (op 'T' | 'H')      f32 | c64
 *   B [...batchB, K, N] (op 'N') or [...batchB, N, K] (op 'T' | 'H')      f32 | c64
 *   C [...broadcast(batchA, batchB), M, N]                                 c64 if either operand is, else f32
 *
 * op: 'N' none, 'T' transpose, 'H' conjugate transpose ('H' on a real operand is 'T'). Transposes and conjugates are
 * never materialized: the kernels read through index and sign flags compiled in as `override` constants. Batch
 * dimensions broadcast with NumPy rules; an operand without batch dimensions is shared by every batch.
 *
 * Kernels: shaders/gemm/register.wgsl (CPU-like adapters) and shaders/gemm/shared.wgsl (GPUs), chosen and tiled by
 * ./gemm-tiles.ts; on CPU-like adapters, real × real products with 16-byte aligned rows run on the vec4 kernels
 * shaders/gemm/real-quads.wgsl and real-cols.wgsl instead (see MatmulPlan.real). `tiles` forces any of them.
 */
import { runtime } from '../device/runtime.js';
import type { Overrides } from '../device/kernel.js';
import { DTypeError, ShapeError } from '../errors.js';
import { promote, type DType, type Promote } from '../tensor/dtype.js';
import { broadcastStrides, fmt, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cj, gradFor } from '../autodiff/unbroadcast.js';
import { buffersOf, coalesce, pack8 } from './launch.js';
import { ANY, defineOps, promoted, type VjpContext } from './op.js';
import {
  chooseTiles,
  gemmGrid,
  isRealTiles,
  type GemmAdapter,
  type GemmProblem,
  type GemmTiles,
  type GemmTilesOption,
  type RealLayout,
  type RealTiles,
} from './gemm-tiles.js';

export type MatOp = 'N' | 'T' | 'H';

export interface MatmulOptions {
  /** op applied to A: 'N' (default), 'T' transpose, 'H' conjugate transpose */
  opA?: MatOp;
  /** op applied to B */
  opB?: MatOp;
  /** kernel choice: 'auto' (default: by adapter and operands), 'register', 'shared', 'real-quads', 'real-cols', or explicit tile sizes */
  tiles?: GemmTilesOption;
}

/** What one matmul call resolves to (shapes after ops, batch, tiles): for tests, benchmarks and debugging. */
export interface MatmulPlan extends GemmProblem {
  outShape: number[];
  outDType: DType;
  /**
   * How a real × real product is read (no copy either way; two real multiply-adds per load instead of one):
   * - 'columns' (op(B) = B, N even): B[k, 2j] + i·B[k, 2j+1] as one complex number, so the product's (re, im) pairs
   *   are C[m, 2j], C[m, 2j+1], already C's layout; the kernel sees N/2 columns of an f32 × c64 product.
   * - 'inner' (op(A) = A, op(B) = Bᵀ or Bᴴ, K even: k contiguous in both): pairs along k, each step a 2-term dot
   *   product; the kernel sees K/2.
   * - 'none' otherwise, for every product with a complex operand, and when a real vec4 kernel runs the product.
   */
  pairs: 'none' | 'columns' | 'inner';
  /**
   * (from GemmProblem) how the real vec4 kernels can read a real × real product: every stored row length a multiple of
   * 4 (see RealLayout in ./gemm-tiles.ts); undefined otherwise. Used when tiles.kind is 'real-quads' or 'real-cols'.
   */
  real?: RealLayout;
  tiles: GemmTiles;
}

const OPS: readonly MatOp[] = ['N', 'T', 'H'];

/** C = op(A) · op(B), batched with broadcasting. */
export function matmul<A extends DType, B extends DType>(a: Tensor<A>, b: Tensor<B>, options: MatmulOptions = {}): Tensor<Promote<A, B>> {
  const op = GEMM_OPS.matmul;
  const g = resolve(a, b, options); // its own dtype and shape errors first (they name both operands and their ops)
  op.check([a, b]);
  const out = Tensor.empty(g.plan.outShape, g.plan.outDType, 'matmul') as Tensor<Promote<A, B>>;
  if (out.size > 0) launch(g, buffersOf('matmul', { a, b, out }));
  return op.attach(out, [a, b], options);
}

/** The shapes, batch and tiles matmul(a, b, options) would use, without launching anything. */
export function planMatmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): MatmulPlan {
  return resolve(a, b, options).plan;
}

interface Operand {
  complex: boolean;
  trans: boolean;
  conj: boolean;
  /** row length of the stored matrix */
  ld: number;
  /** batch strides (elements) against the output batch shape */
  batchStrides: number[];
}

interface Resolved {
  plan: MatmulPlan;
  A: Operand;
  B: Operand;
  batchShape: number[];
  /** N and K as the kernel sees them (halved by column or inner pairs) */
  kernelN: number;
  kernelK: number;
}

function resolve(a: Tensor, b: Tensor, options: MatmulOptions): Resolved {
  const opA = options.opA ?? 'N';
  const opB = options.opB ?? 'N';
  for (const [name, op] of [
    ['opA', opA],
    ['opB', opB],
  ] as const) {
    if (!OPS.includes(op)) throw new TypeError(`matmul: ${name} must be 'N', 'T' or 'H'; got ${JSON.stringify(op)}`);
  }
  for (const t of [a, b]) {
    if (t.dtype !== 'f32' && t.dtype !== 'c64') {
      throw new DTypeError(`matmul: expected f32 or c64 operands; got ${t.dtype} ${fmt(t.shape)}`);
    }
  }
  const descA = `A${fmt(a.shape)} (op ${opA})`;
  const descB = `B${fmt(b.shape)} (op ${opB})`;
  if (a.rank < 2 || b.rank < 2) {
    throw new ShapeError(`matmul: operands must have rank ≥ 2; got ${descA}, ${descB}. Reshape a vector to [1, n] (row) or [n, 1] (column)`);
  }
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const M = opA === 'N' ? ra : ca;
  const Ka = opA === 'N' ? ca : ra;
  const Kb = opB === 'N' ? rb : cb;
  const N = opB === 'N' ? cb : rb;
  if (Ka !== Kb) throw new ShapeError(`matmul: inner dimensions differ; ${descA} has K=${Ka}, ${descB} has K=${Kb}`);

  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batchShape = broadcastBatch(batchA, batchB, descA, descB);
  const batch = sizeOf(batchShape);
  const outDType = promote(a.dtype, b.dtype);
  const rt = runtime();
  const adapter: GemmAdapter = {
    software: rt.info.software,
    subgroups: rt.device.features.has('subgroups'),
    maxInvocations: rt.limits.maxComputeInvocationsPerWorkgroup,
    maxWorkgroupStorage: rt.limits.maxComputeWorkgroupStorageSize,
  };
  const real = a.dtype === 'f32' && b.dtype === 'f32';
  const layout = real ? realLayout(opA, opB, ca, cb, Ka) : undefined;
  const vec4Tiles = layout ? chooseTiles({ M, N, K: Ka, batch, real: layout }, adapter, options.tiles ?? 'auto') : undefined;
  const vec4 = vec4Tiles !== undefined && isRealTiles(vec4Tiles);
  const pairs =
    !real || vec4 ? 'none' : opB === 'N' && N % 2 === 0 && N > 0 ? 'columns' : opA === 'N' && opB !== 'N' && Ka % 2 === 0 && Ka > 0 ? 'inner' : 'none';
  const kernelN = pairs === 'columns' ? N / 2 : N;
  const kernelK = pairs === 'inner' ? Ka / 2 : Ka;
  const tiles = vec4 ? vec4Tiles! : chooseTiles({ M, N: kernelN, K: kernelK, batch }, adapter, options.tiles ?? 'auto');
  // `paired`: read the operand as vec2 pairs of adjacent elements along its rows (element counts halve)
  const operand = (t: Tensor, op: MatOp, batchOf: number[], rows: number, cols: number, paired: boolean): Operand => ({
    complex: t.dtype === 'c64' || paired,
    trans: op !== 'N',
    conj: op === 'H' && t.dtype === 'c64',
    ld: paired ? cols / 2 : cols,
    batchStrides: broadcastStrides(batchOf, batchShape).map((s) => (s * rows * cols) / (paired ? 2 : 1)),
  });
  return {
    plan: { M, N, K: Ka, batch, outShape: [...batchShape, M, N], outDType, pairs, real: layout, tiles },
    A: operand(a, opA, batchA, ra, ca, pairs === 'inner'),
    B: operand(b, opB, batchB, rb, cb, pairs !== 'none'),
    batchShape,
    kernelN,
    kernelK,
  };
}

/**
 * How the real vec4 kernels can read op(A)·op(B) (f32 × f32; see RealLayout): each stored row length (ca, cb: the
 * operands' last dimensions) must be a multiple of 4, so that every row starts 16-byte aligned; the quads also need
 * K % 4 = 0 (implied when op(A) = A). op(B) k-contiguous → 'quads'; op(A) = Aᵀ and op(B) = B → 'cols'.
 */
function realLayout(opA: MatOp, opB: MatOp, ca: number, cb: number, K: number): RealLayout | undefined {
  if (ca % 4 !== 0 || cb % 4 !== 0 || ca === 0 || cb === 0) return undefined;
  if (opB !== 'N') return K % 4 === 0 ? 'quads' : undefined;
  return opA !== 'N' ? 'cols' : undefined;
}

function broadcastBatch(a: readonly number[], b: readonly number[], descA: string, descB: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `matmul: batch dimensions do not broadcast; ${descA} has batch ${fmt(a)}, ${descB} has batch ${fmt(b)} ` +
          `(aligned from the right, dimension ${i}: ${da} vs ${db})`,
      );
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * An entry of the register kernel that replaces its plain store (shaders/gemm/register.wgsl): its extra bindings,
 * overrides and parameters (engine/fused/dense-eval.ts).
 */
export interface GemmEpilogue {
  entry: string;
  tensors: Record<string, Tensor>;
  overrides: Overrides;
  params: Record<string, number>;
}

/**
 * x·op(W) through a register-kernel epilogue entry (built only when the product runs there), or null when the product is not a real product that 'auto' runs
 * on the register kernel (the caller then runs matmul and its epilogue separately).
 */
export function matmulWithEpilogue(x: Tensor<'f32'>, w: Tensor<'f32'>, options: MatmulOptions, epilogue: () => GemmEpilogue): Tensor<'f32'> | null {
  if (x.dtype !== 'f32' || w.dtype !== 'f32') return null;
  const g = resolve(x, w, options);
  if (g.plan.tiles.kind !== 'register' || g.plan.pairs === 'columns') return null;
  const out = Tensor.empty(g.plan.outShape, 'f32', 'matmul');
  if (out.size > 0) launch(g, buffersOf('matmul', { a: x, b: w, out }), epilogue());
  return out;
}

/** The epilogue's uniform members (shaders/lib/gemm-params.wgsl) for a plain product. */
const NO_EPILOGUE = { alpha: 0, eps: 0 };

function launch(g: Resolved, buffers: ReturnType<typeof buffersOf>, epilogue?: GemmEpilogue): void {
  const plan = g.plan;
  const tiles = plan.tiles;
  if (isRealTiles(tiles)) return launchReal(g, buffers);
  // The register kernel runs its lanes along N; for tiny N it computes Cᵀ = op(B)ᵀ·op(A)ᵀ instead and stores the
  // result transposed: op(X)ᵀ flips the transpose flag and keeps the conjugate flag.
  const swap = tiles.kind === 'register' && tiles.swap;
  const [X, Y] = swap ? [g.B, g.A] : [g.A, g.B];
  const [M, N] = swap ? [g.kernelN, plan.M] : [plan.M, g.kernelN];
  const c = coalesce(g.batchShape, [X.batchStrides, Y.batchStrides]);
  const batchParams = {
    batch_rank: c.shape.length,
    batch_shape: pack8('matmul', c.shape),
    batch_stride_a: pack8('matmul', c.strides[0]),
    batch_stride_b: pack8('matmul', c.strides[1]),
  };
  const overrides: Overrides = {
    A_COMPLEX: Number(X.complex),
    B_COMPLEX: Number(Y.complex),
    TRANS_A: Number(X.trans !== swap),
    TRANS_B: Number(Y.trans !== swap),
    CONJ_A: Number(X.conj),
    CONJ_B: Number(Y.conj),
    TRANS_C: Number(swap),
    K_PAIRS: Number(plan.pairs === 'inner'),
  };
  let name: string;
  if (tiles.kind === 'register') {
    name = 'gemm/register';
    Object.assign(overrides, { TM: tiles.TM, TN: tiles.TN, WG: tiles.WG });
  } else {
    name = 'gemm/shared';
    const { BM, BN, BK, TM, TN } = tiles;
    Object.assign(overrides, { BM, BN, BK, TM, TN, WG_X: BN / TN, WG_Y: BM / TM });
  }
  const rt = runtime();
  const kernel = rt.kernel(name);
  const [gx, gy, gz] = gemmGrid(tiles, { ...plan, N: g.kernelN, K: g.kernelK });
  const max = rt.limits.maxComputeWorkgroupsPerDimension;
  if (gy > max) {
    throw new ShapeError(`matmul: ${swap ? plan.M : g.kernelN} output columns need ${gy} workgroups along y; this device allows ${max}. Split the product`);
  }
  const bound = { ...(swap ? { a: buffers.b, b: buffers.a, out: buffers.out } : buffers), ...(epilogue && buffersOf('matmul', epilogue.tensors)) };
  // launches over the per-dimension workgroup limit are split along x (row blocks) and z (batch)
  for (let z0 = 0; z0 < gz; z0 += max) {
    for (let row0 = 0; row0 < gx; row0 += max) {
      kernel.dispatch(bound, {
        entry: epilogue?.entry,
        params: { M, N, K: g.kernelK, lda: X.ld, ldb: Y.ld, ldc: g.kernelN, row0, z0, ...batchParams, ...NO_EPILOGUE, ...epilogue?.params },
        overrides: { ...overrides, ...epilogue?.overrides },
        workgroups: [Math.min(max, gx - row0), gy, Math.min(max, gz - z0)],
      });
    }
  }
}

/** The real vec4 kernels (plan.real): operands bound as vec4 arrays, so leading dimensions and batch strides are in vec4s. */
function launchReal(g: Resolved, buffers: ReturnType<typeof buffersOf>): void {
  const { plan, A, B } = g;
  const tiles = plan.tiles as RealTiles;
  const c = coalesce(g.batchShape, [A.batchStrides, B.batchStrides]);
  const quarter = (v: number[]) =>
    pack8(
      'matmul',
      v.map((s) => s / 4),
    );
  const overrides: Overrides = { TM: tiles.TM, TN: tiles.TN, WG: tiles.WG };
  if (tiles.kind === 'real-quads') overrides.TRANS_A = Number(A.trans);
  const rt = runtime();
  const kernel = rt.kernel(`gemm/${tiles.kind}`);
  const [gx, gy, gz] = gemmGrid(tiles, plan);
  const max = rt.limits.maxComputeWorkgroupsPerDimension;
  if (gy > max) throw new ShapeError(`matmul: ${plan.N} output columns need ${gy} workgroups along y; this device allows ${max}. Split the product`);
  const params = {
    M: plan.M,
    N: plan.N,
    K: plan.K,
    lda: A.ld / 4,
    ldb: B.ld / 4,
    ldc: plan.N,
    batch_rank: c.shape.length,
    batch_shape: pack8('matmul', c.shape),
    batch_stride_a: quarter(c.strides[0]),
    batch_stride_b: quarter(c.strides[1]),
    ...NO_EPILOGUE,
  };
  // launches over the per-dimension workgroup limit are split along x (row blocks) and z (batch)
  for (let z0 = 0; z0 < gz; z0 += max) {
    for (let row0 = 0; row0 < gx; row0 += max) {
      kernel.dispatch(buffers, { params: { ...params, row0, z0 }, overrides, workgroups: [Math.min(max, gx - row0), gy, Math.min(max, gz - z0)] });
    }
  }
}

// ---- the VJP ------------------------------------------------------------------------------------------------------
//
// C = op(A)·op(B) (PyTorch convention): with Ã = op(A), B̃ = op(B), grad_Ã = g·B̃ᴴ and grad_B̃ = Ãᴴ·g, mapped back
// through each op with the GEMM's own op flags, so no transpose is materialized. The only op the flags cannot express
// is a conjugate without transpose (needed when an operand was used with 'T'); it costs one conj. Batch broadcasting
// is undone by summing (gradFor), and a real operand receives the real part.

/** op(X)ᴴ expressed as a flag on X, or null when it is conj(X) (no flag for that). */
function adjointFlag(op: MatOp): MatOp | null {
  return op === 'N' ? 'H' : op === 'H' ? 'N' : null;
}

function matmulVjp(a: Tensor, b: Tensor, opA: MatOp, opB: MatOp, g: Tensor): [Tensor | null, Tensor | null] {
  // an operand that needs no gradient gets none: a network's first layer skips its largest GEMM (g·W for the data)
  return [a.requiresGrad ? matmulGradA(a, b, opA, opB, g) : null, b.requiresGrad ? matmulGradB(a, b, opA, opB, g) : null];
}

/** grad_A of C = op(A)·op(B) from g = grad_C. */
function matmulGradA(a: Tensor, b: Tensor, opA: MatOp, opB: MatOp, g: Tensor): Tensor {
  let gA: Tensor;
  if (opA === 'N') {
    const f = adjointFlag(opB);
    gA = f ? matmul(g, b, { opB: f }) : matmul(g, cj(b)); // g·op(B)ᴴ
  } else if (opA === 'H') {
    gA = matmul(b, g, { opA: opB, opB: 'H' }); // (g·op(B)ᴴ)ᴴ = op(B)·gᴴ
  } else {
    gA = cj(matmul(b, g, { opA: opB, opB: 'H' })); // (g·op(B)ᴴ)ᵀ = conj(op(B)·gᴴ)
  }
  return gradFor(gA, a);
}

/** grad_B of C = op(A)·op(B) from g = grad_C. */
function matmulGradB(a: Tensor, b: Tensor, opA: MatOp, opB: MatOp, g: Tensor): Tensor {
  let gB: Tensor;
  if (opB === 'N') {
    const f = adjointFlag(opA);
    gB = f ? matmul(a, g, { opA: f }) : matmul(cj(a), g); // op(A)ᴴ·g
  } else if (opB === 'H') {
    gB = matmul(g, a, { opA: 'H', opB: opA }); // (op(A)ᴴ·g)ᴴ = gᴴ·op(A)
  } else {
    gB = cj(matmul(g, a, { opA: 'H', opB: opA })); // (op(A)ᴴ·g)ᵀ = conj(gᴴ·op(A))
  }
  return gradFor(gB, b);
}

/** matmul's output shape for operands of shapes a, b (the batch broadcast, then M × N). */
function matmulShape(a: readonly number[], b: readonly number[], { opA = 'N', opB = 'N' }: MatmulOptions): number[] {
  const M = opA === 'N' ? a[a.length - 2] : a[a.length - 1];
  const N = opB === 'N' ? b[b.length - 1] : b[b.length - 2];
  const batch = broadcastBatch(a.slice(0, -2), b.slice(0, -2), `A${fmt(a)}`, `B${fmt(b)}`);
  return [...batch, M, N];
}

/** The registry entry of this family (engine/ops/op.ts). */
export const GEMM_OPS = defineOps('gemm', {
  matmul: {
    fn: matmul,
    call: ([a, b], options: MatmulOptions) => matmul(a, b, options),
    kernel: [{ shader: 'gemm/register' }, { shader: 'gemm/shared' }, { shader: 'gemm/real-quads' }, { shader: 'gemm/real-cols' }],
    dtypes: ANY,
    outDType: promoted,
    shape: ([a, b], options = {}) => matmulShape(a, b, options),
    vjp: (g, { inputs: [a, b], saved: { opA = 'N', opB = 'N' } }: VjpContext<MatmulOptions>) => matmulVjp(a, b, opA, opB, g),
  },
});
