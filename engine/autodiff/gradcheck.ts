/**
 * Finite-difference check of the recorded gradients (library code: the op tests and `phasor gradcheck` use it).
 *
 * For fn(x_1, …, x_k) → y it builds the real loss L = Σ Re(conj(r) ⊙ y) (Σ r·y for a real y) with a fixed random r,
 * so that every element of y is weighted, and compares
 *   - the autodiff gradients grad(L, x_i) (PyTorch convention: ∂L/∂Re x + j ∂L/∂Im x), with
 *   - central differences (L(x + εe) − L(x − εe)) / 2ε, perturbing the real and the imaginary part of every element
 *     separately.
 * The forward pass runs in float32 on the device; L of each perturbed evaluation is summed on the host in float64 from
 * the read-back y, so the difference quotient's noise is that of y's rounding (≈ 1e-7·|y|/ε per element), not of an
 * f32 sum. Elements are compared by |analytic − numeric| / max(|analytic|, |numeric|, 1) (absolute for gradients
 * below 1, relative above).
 *
 * `gradgradcheck` checks second derivatives (createGraph): the same comparison for x ↦ grad(Σ Re(conj(r₁) ⊙ fn(x)), x)
 * computed with a recorded graph.
 */
import { ShapeError } from '../errors.js';
import { complex, mul } from '../ops/elementwise.js';
import { concat } from '../ops/layout.js';
import { sum } from '../ops/reduce.js';
import { re } from '../ops/unary.js';
import { tensor, zeros } from '../tensor/create.js';
import { wordsPer, type DType } from '../tensor/dtype.js';
import { tidy } from '../tensor/scope.js';
import { fmt, sizeOf, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad } from './backward.js';

/** A host input: f32 values, or interleaved (re, im) pairs for c64. */
export interface HostTensor {
  data: ArrayLike<number>;
  shape: Shape;
  dtype?: DType;
}

export interface GradcheckOptions {
  /** finite-difference step (default 1e-3; float32 forward passes want 1e-3 … 1e-2) */
  eps?: number;
  /** largest accepted |analytic − numeric| / max(|analytic|, |numeric|, 1) (default 1e-2) */
  tolerance?: number;
  /** seed of the weights r in L = Σ Re(conj(r) ⊙ y) (default 1) */
  seed?: number;
  /** check at most this many elements per input, evenly spaced (default: all) */
  maxElements?: number;
  /** perturbed evaluations issued before one batch of reads (default 64) */
  batch?: number;
}

export interface InputReport {
  index: number;
  shape: Shape;
  dtype: DType;
  /** elements compared (each with its real and, for c64, imaginary part) */
  checked: number;
  maxAbsError: number;
  maxRelError: number;
  /** the worst element: flat index, the perturbed part, and both values */
  worst: { element: number; part: 're' | 'im'; analytic: number; numeric: number } | null;
  ok: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  inputs: InputReport[];
  output: { shape: Shape; dtype: DType };
}

type Fn = (...xs: Tensor[]) => Tensor;

/** Compares the autodiff gradients of Σ Re(conj(r) ⊙ fn(x)) with central finite differences. */
export async function gradcheck(fn: Fn, inputs: readonly HostTensor[], options: GradcheckOptions = {}): Promise<GradcheckReport> {
  return check(fn, inputs, options);
}

/**
 * Second-order check: x ↦ grad(Σ Re(conj(r₁) ⊙ fn(x)), x) (recorded with createGraph, the gradients of all inputs
 * joined into one vector) goes through `gradcheck`'s comparison, so its gradients are second derivatives of fn.
 */
export async function gradgradcheck(fn: Fn, inputs: readonly HostTensor[], options: GradcheckOptions = {}): Promise<GradcheckReport> {
  const seed = (options.seed ?? 1) + 7919;
  let weights: { data: Float32Array; dtype: DType; shape: Shape } | null = null;
  const firstOrder: Fn = (...xs) => {
    const y = fn(...xs);
    weights ??= { data: randomWeights(y.size * wordsPer(y.dtype), seed), dtype: y.dtype, shape: y.shape };
    if (!y.requiresGrad) return zeros([xs.reduce((n, x) => n + x.size, 0)], joinedDType(xs));
    const gs = grad(weightedLoss(y, weights.data), xs, { createGraph: true });
    const dtype = joinedDType(xs);
    const flat = gs.map((g, i) => {
      const gi = g ?? zeros(xs[i].shape, xs[i].dtype);
      const v = gi.reshape([gi.size]);
      return dtype === 'c64' && v.dtype === 'f32' ? complex(v as Tensor<'f32'>, zeros(v.shape)) : v;
    });
    return flat.length === 1 ? flat[0] : concat(flat, 0);
  };
  return check(firstOrder, inputs, options);
}

function joinedDType(xs: readonly Tensor[]): DType {
  return xs.some((x) => x.dtype === 'c64') ? 'c64' : 'f32';
}

/** L = Σ Re(conj(r) ⊙ y) on the device (r: interleaved for c64), a recorded real scalar. */
function weightedLoss(y: Tensor, r: Float32Array): Tensor {
  if (y.dtype === 'f32') return sum(mul(y, tensor(r, y.shape)));
  const rc = r.slice();
  for (let i = 1; i < rc.length; i += 2) rc[i] = -rc[i];
  return sum(re(mul(y, tensor(rc, y.shape, 'c64'))));
}

async function check(fn: Fn, inputs: readonly HostTensor[], options: GradcheckOptions): Promise<GradcheckReport> {
  const eps = options.eps ?? 1e-3;
  const tolerance = options.tolerance ?? 1e-2;
  const batch = options.batch ?? 64;
  const hosts = inputs.map((h, i) => {
    const dtype = h.dtype ?? 'f32';
    const words = sizeOf(h.shape) * wordsPer(dtype);
    if (h.data.length !== words) {
      throw new ShapeError(`gradcheck: input ${i} ${fmt(h.shape)} ${dtype} needs ${words} values; got ${h.data.length}`);
    }
    return { data: Float32Array.from(h.data), shape: h.shape, dtype };
  });
  const upload = (datas: readonly Float32Array[]) => datas.map((d, i) => tensor(d, hosts[i].shape, hosts[i].dtype).requireGrad());

  // Analytic gradients, and the output's shape and dtype (which fix r).
  let r: Float32Array = new Float32Array(0);
  let output: { shape: Shape; dtype: DType } = { shape: [], dtype: 'f32' };
  const analyticTensors = tidy(() => {
    const xs = upload(hosts.map((h) => h.data));
    const y = fn(...xs);
    output = { shape: y.shape, dtype: y.dtype };
    r = randomWeights(y.size * wordsPer(y.dtype), options.seed ?? 1);
    const loss = weightedLoss(y, r);
    if (!loss.requiresGrad) return xs.map((x) => zeros(x.shape, x.dtype));
    return grad(loss, xs).map((g, i) => g ?? zeros(xs[i].shape, xs[i].dtype));
  });
  const analytic = await Promise.all(analyticTensors.map((t) => t.read()));
  analyticTensors.forEach((t) => t.dispose());

  // Central differences, `batch` evaluations in flight at a time.
  const loss = (y: Float32Array) => {
    let acc = 0;
    for (let i = 0; i < y.length; i++) acc += r[i] * y[i];
    return acc;
  };
  const reports: InputReport[] = [];
  for (let k = 0; k < hosts.length; k++) {
    const h = hosts[k];
    const per = wordsPer(h.dtype);
    const size = sizeOf(h.shape);
    const stride = options.maxElements && size > options.maxElements ? size / options.maxElements : 1;
    const elements: number[] = [];
    for (let e = 0; e < size; e += stride) elements.push(Math.floor(e));
    const words = elements.flatMap((e) => Array.from({ length: per }, (_, p) => e * per + p));
    const numeric = new Float64Array(words.length);
    for (let start = 0; start < words.length; start += batch) {
      const chunk = words.slice(start, start + batch);
      const ys: Tensor[] = [];
      try {
        for (const w of chunk) {
          for (const sign of [1, -1]) {
            const datas = hosts.map((g) => g.data);
            const shifted = h.data.slice();
            shifted[w] += sign * eps;
            datas[k] = shifted;
            ys.push(tidy(() => fn(...upload(datas))));
          }
        }
        const values = await Promise.all(ys.map((y) => y.read()));
        chunk.forEach((_, j) => (numeric[start + j] = (loss(values[2 * j]) - loss(values[2 * j + 1])) / (2 * eps)));
      } finally {
        ys.forEach((y) => y.dispose());
      }
    }
    let maxAbs = 0;
    let maxRel = 0;
    let worst: InputReport['worst'] = null;
    words.forEach((w, j) => {
      const a = analytic[k][w];
      const n = numeric[j];
      const abs = Math.abs(a - n);
      const rel = Number.isNaN(abs) ? Infinity : abs / Math.max(Math.abs(a), Math.abs(n), 1);
      maxAbs = Math.max(maxAbs, abs);
      if (rel > maxRel || worst === null) {
        maxRel = Math.max(maxRel, rel);
        worst = { element: Math.floor(w / per), part: w % per === 0 ? 're' : 'im', analytic: a, numeric: n };
      }
    });
    reports.push({
      index: k,
      shape: h.shape,
      dtype: h.dtype,
      checked: elements.length,
      maxAbsError: maxAbs,
      maxRelError: maxRel,
      worst,
      ok: maxRel <= tolerance,
    });
  }
  return { ok: reports.every((x) => x.ok), inputs: reports, output };
}

/** Deterministic weights in [−1, 1) (mulberry32), rounded to float32 as they are uploaded. */
function randomWeights(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
