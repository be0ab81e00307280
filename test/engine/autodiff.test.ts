/**
 * Reverse-mode autodiff: one spec row per differentiable op drives the finite-difference check of its VJP
 * (engine/autodiff/gradcheck.ts: real and imaginary parts perturbed separately, broadcasting shapes, both dtypes where
 * the op takes them), a few rows also the second-order check; a meta-test fails when an op exported from
 * engine/index.ts has no row. Then the engine-notes test vectors, PyTorch fixtures (test/fixtures/torch/complex-grad.py),
 * and the graph mechanics: accumulation, noGrad, detach, released buffers, a 10 000-op chain.
 */
import { describe, expect, it } from 'vitest';
import * as engine from '../../engine/index.js';
import {
  abs,
  abs2,
  add,
  angle,
  backward,
  complex,
  complexTensor,
  concat,
  conj,
  detach,
  div,
  exp,
  frobeniusNorm,
  grad,
  im,
  leakyRelu,
  max,
  matrixTranspose,
  mean,
  mul,
  neg,
  noGrad,
  attachGrad,
  re,
  relu,
  scale,
  sigmoid,
  sign,
  slice,
  sliceAxis,
  softmax,
  sqrt,
  stack,
  sub,
  sum,
  tanh,
  tensor,
  tidy,
  trace,
  transpose,
  unitModulus,
  copy,
  zeros,
  type DType,
  type Tensor,
} from '../../engine/index.js';
import * as elementwise from '../../engine/ops/elementwise.js';
import * as unary from '../../engine/ops/unary.js';
import * as activation from '../../engine/ops/activation.js';
import * as softmaxFamily from '../../engine/ops/softmax.js';
import * as reduce from '../../engine/ops/reduce.js';
import * as linalgSmall from '../../engine/ops/linalg-small.js';
import * as layout from '../../engine/ops/layout.js';
import { gradcheck, gradgradcheck } from '../../engine/autodiff/gradcheck.js';
import { expectClose, useRuntime } from '../helpers/gpu.js';
import { loadTorchFixture, uploadFixtureInput, type FixtureInput } from '../helpers/torch-fixtures.js';
import { expectGradcheck, hostInput, type InputSpec, type ValueKind } from '../helpers/gradcheck.js';

const rt = useRuntime();

// ---- spec table --------------------------------------------------------------------------------------------------

type Fn = (...xs: Tensor[]) => Tensor;

interface Row {
  /** the exported op(s) this row covers (the meta-test reads them) */
  covers: string[];
  /** label suffix (dtype combination, options) */
  variant: string;
  fn: Fn;
  inputs: InputSpec[];
  /** also check second derivatives (createGraph) */
  gradgrad?: boolean;
}

const A: readonly number[] = [3, 1, 17];
const B: readonly number[] = [33, 1];
const DTYPES: DType[] = ['f32', 'c64'];
const pairs = DTYPES.flatMap((a) => DTYPES.map((b) => [a, b] as const));
const f32 = (shape: readonly number[], kind: ValueKind = 'any'): InputSpec => ({ shape, dtype: 'f32', kind });
const c64 = (shape: readonly number[], kind: ValueKind = 'any'): InputSpec => ({ shape, dtype: 'c64', kind });
const each = (shape: readonly number[], kind: ValueKind = 'any') => DTYPES.map((dtype) => ({ shape, dtype, kind }) as InputSpec);
const r = (t: Tensor) => t as Tensor<'f32'>;

const ROWS: Row[] = [
  // elementwise: broadcasting [3, 1, 17] against [33, 1] in every dtype combination
  ...pairs.map(([a, b]) => ({ covers: ['add'], variant: `${a}+${b}`, fn: add as Fn, inputs: [{ shape: A, dtype: a }, { shape: B, dtype: b }] })),
  ...pairs.map(([a, b]) => ({ covers: ['sub'], variant: `${a}-${b}`, fn: sub as Fn, inputs: [{ shape: A, dtype: a }, { shape: B, dtype: b }] })),
  ...pairs.map(([a, b]) => ({
    covers: ['mul'],
    variant: `${a}*${b}`,
    fn: mul as Fn,
    inputs: [{ shape: A, dtype: a }, { shape: B, dtype: b }],
    gradgrad: a === 'c64' && b === 'c64',
  })),
  ...pairs.map(([a, b]) => ({
    covers: ['div'],
    variant: `${a}/${b}`,
    fn: div as Fn,
    inputs: [{ shape: A, dtype: a }, { shape: B, dtype: b, kind: 'nonzero' as const }],
    gradgrad: a === 'c64' && b === 'c64',
  })),
  { covers: ['complex'], variant: 'f32,f32 broadcast', fn: (x, y) => complex(r(x), r(y)), inputs: [f32(A), f32(B)] },
  { covers: ['scale'], variant: 'f32 by real', fn: (x) => scale(x, -1.5), inputs: [f32(A)] },
  { covers: ['scale'], variant: 'f32 by complex', fn: (x) => scale(x, [0.5, -2]), inputs: [f32(A)] },
  { covers: ['scale'], variant: 'c64 by complex', fn: (x) => scale(x, [0.5, -2]), inputs: [c64(A)] },
  { covers: ['scale'], variant: 'c64 by real', fn: (x) => scale(x, 3), inputs: [c64(A)] },
  // unary
  ...each([4, 5]).map((i) => ({ covers: ['copy'], variant: i.dtype, fn: copy as Fn, inputs: [i] })),
  ...each([4, 5]).map((i) => ({ covers: ['re'], variant: i.dtype, fn: re as Fn, inputs: [i] })),
  ...each([4, 5]).map((i) => ({ covers: ['im'], variant: i.dtype, fn: im as Fn, inputs: [i] })),
  ...each([4, 5]).map((i) => ({ covers: ['conj'], variant: i.dtype, fn: conj as Fn, inputs: [i] })),
  ...each([4, 5], 'nonzero').map((i) => ({ covers: ['abs'], variant: i.dtype, fn: abs as Fn, inputs: [i], gradgrad: i.dtype === 'c64' })),
  ...each([4, 5]).map((i) => ({ covers: ['abs2'], variant: i.dtype, fn: abs2 as Fn, inputs: [i], gradgrad: true })),
  ...each([4, 5], 'nonzero').map((i) => ({ covers: ['angle'], variant: i.dtype, fn: angle as Fn, inputs: [i], gradgrad: i.dtype === 'c64' })),
  ...each([4, 5]).map((i) => ({ covers: ['neg'], variant: i.dtype, fn: neg as Fn, inputs: [i] })),
  ...each([4, 5]).map((i) => ({ covers: ['exp'], variant: i.dtype, fn: exp as Fn, inputs: [i], gradgrad: true })),
  { covers: ['sqrt'], variant: 'f32', fn: (x) => sqrt(r(x)), inputs: [f32([4, 5], 'positive')], gradgrad: true },
  { covers: ['sign'], variant: 'f32', fn: (x) => sign(r(x)), inputs: [f32([4, 5], 'nonzero')] },
  { covers: ['unitModulus'], variant: 'c = 1', fn: (x) => unitModulus(r(x)), inputs: [f32([4, 5])], gradgrad: true },
  { covers: ['unitModulus'], variant: 'c = -2.5, phases beyond ±π', fn: (x) => unitModulus(r(scale(x, 9)), -2.5), inputs: [f32([4, 5])] },
  // activations and softmax
  { covers: ['relu'], variant: 'f32', fn: (x) => relu(r(x)), inputs: [f32([4, 5], 'nonzero')] },
  { covers: ['leakyRelu'], variant: 'slope 0.2', fn: (x) => leakyRelu(r(x), 0.2), inputs: [f32([4, 5], 'nonzero')] },
  { covers: ['sigmoid'], variant: 'f32', fn: (x) => sigmoid(r(scale(x, 3))), inputs: [f32([4, 5])], gradgrad: true },
  { covers: ['tanh'], variant: 'f32', fn: (x) => tanh(r(scale(x, 2))), inputs: [f32([4, 5])], gradgrad: true },
  { covers: ['softmax'], variant: '[3, 4, 7]', fn: (x) => softmax(r(scale(x, 3))), inputs: [f32([3, 4, 7])], gradgrad: true },
  { covers: ['softmax'], variant: 'row of 300 (workgroup kernel)', fn: (x) => softmax(r(x)), inputs: [f32([2, 300])] },
  // reductions
  ...each([3, 4, 5]).flatMap((i) => [
    { covers: ['sum'], variant: `${i.dtype} all`, fn: (x: Tensor) => sum(x), inputs: [i] },
    { covers: ['sum'], variant: `${i.dtype} axis 1`, fn: (x: Tensor) => sum(x, { axis: 1 }), inputs: [i] },
    { covers: ['sum'], variant: `${i.dtype} axis -1 keepdims`, fn: (x: Tensor) => sum(x, { axis: -1, keepdims: true }), inputs: [i] },
    { covers: ['mean'], variant: `${i.dtype} all keepdims`, fn: (x: Tensor) => mean(x, { keepdims: true }), inputs: [i] },
    { covers: ['mean'], variant: `${i.dtype} axis 0`, fn: (x: Tensor) => mean(x, { axis: 0 }), inputs: [i] },
  ]),
  { covers: ['sum'], variant: 'long axis (tree kernel)', fn: (x) => sum(x, { axis: 1, strategy: 'tree' }), inputs: [f32([2, 600])] },
  { covers: ['max'], variant: 'all', fn: (x) => max(r(x)), inputs: [f32([3, 4, 5], 'distinct')] },
  { covers: ['max'], variant: 'axis 1', fn: (x) => max(r(x), { axis: 1 }), inputs: [f32([3, 4, 5], 'distinct')] },
  { covers: ['max'], variant: 'axis -1 keepdims', fn: (x) => max(r(x), { axis: -1, keepdims: true }), inputs: [f32([3, 4, 5], 'distinct')] },
  // small linear algebra
  ...each([2, 4, 4]).map((i) => ({ covers: ['trace'], variant: i.dtype, fn: trace as Fn, inputs: [i] })),
  ...each([2, 3, 4]).map((i) => ({ covers: ['frobeniusNorm'], variant: i.dtype, fn: (x: Tensor) => frobeniusNorm(x), inputs: [i], gradgrad: true })),
  ...each([2, 3, 4]).map((i) => ({ covers: ['frobeniusNorm'], variant: `${i.dtype} all`, fn: (x: Tensor) => frobeniusNorm(x, { all: true }), inputs: [i] })),
  // layout
  ...each([4, 5, 3]).flatMap((i) => [
    { covers: ['slice'], variant: i.dtype, fn: (x: Tensor) => slice(x, [1, -4, 0], [2, 3]), inputs: [i] },
    { covers: ['sliceAxis'], variant: i.dtype, fn: (x: Tensor) => sliceAxis(x, 2, 1), inputs: [i] },
    { covers: ['transpose'], variant: `${i.dtype} perm [2, 0, 1]`, fn: (x: Tensor) => transpose(x, [2, 0, 1]), inputs: [i] },
    { covers: ['transpose'], variant: `${i.dtype} last two`, fn: (x: Tensor) => transpose(x), inputs: [i] },
    { covers: ['matrixTranspose'], variant: i.dtype, fn: (x: Tensor) => matrixTranspose(x), inputs: [i] },
    { covers: ['matrixTranspose'], variant: `${i.dtype} conjugate`, fn: (x: Tensor) => matrixTranspose(x, true), inputs: [i] },
    { covers: ['reshape'], variant: i.dtype, fn: (x: Tensor) => x.reshape([3, -1]), inputs: [i] },
  ]),
  ...DTYPES.map((d) => ({
    covers: ['concat'],
    variant: d,
    fn: (x: Tensor, y: Tensor, z: Tensor) => concat([x, y, z], 1),
    inputs: [{ shape: [2, 3, 4], dtype: d }, { shape: [2, 1, 4], dtype: d }, { shape: [2, 2, 4], dtype: d }] as InputSpec[],
  })),
  ...DTYPES.map((d) => ({
    covers: ['stack'],
    variant: `${d} axis -1`,
    fn: (x: Tensor, y: Tensor) => stack([x, y], -1),
    inputs: [{ shape: [3, 4], dtype: d }, { shape: [3, 4], dtype: d }] as InputSpec[],
  })),
  // the same tensor twice (accumulation), and a composition across families
  { covers: [], variant: 'x·conj(x) + x (used three times)', fn: (x) => add(mul(x, conj(x)), x), inputs: [c64([6])], gradgrad: true },
  {
    covers: [],
    variant: 'softmax(|W z|) composition',
    fn: (w, z) => softmax(abs(sum(mul(w, z), { axis: -1 }))),
    inputs: [c64([3, 5]), c64([5], 'nonzero')],
  },
];

/** The families whose exported ops must each have a row (engine/index.ts re-exports them). */
const FAMILIES = { elementwise, unary, activation, softmax: softmaxFamily, reduce, 'linalg-small': linalgSmall, layout };

describe('autodiff: finite-difference VJP check, one row per op', () => {
  it.each(ROWS.map((row, i) => [`${row.covers.join(', ') || 'composite'} (${row.variant})`, row, i] as const))('%s', async (_, row, i) => {
    const inputs = row.inputs.map((spec, k) => hostInput(spec, 101 * i + k + 1));
    expectGradcheck(await gradcheck(row.fn, inputs), `${row.covers.join(', ')} ${row.variant}`);
  });

  it.each(ROWS.filter((row) => row.gradgrad).map((row, i) => [`${row.covers.join(', ') || 'composite'} (${row.variant})`, row, i] as const))(
    'second derivatives (createGraph): %s',
    async (_, row, i) => {
      const inputs = row.inputs.map((spec, k) => hostInput({ ...spec, shape: spec.shape.length > 2 || spec.shape[0] > 8 ? [2, 3] : spec.shape }, 37 * i + k + 5));
      expectGradcheck(await gradgradcheck(row.fn, inputs, { eps: 2e-3 }), `grad of grad: ${row.covers.join(', ')} ${row.variant}`);
    },
  );

  it('every exported op of the differentiable families has a spec row', () => {
    const covered = new Set(ROWS.flatMap((row) => row.covers));
    const exported = new Set(Object.keys(engine));
    const missing: string[] = [];
    for (const [family, mod] of Object.entries(FAMILIES)) {
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === 'function' && exported.has(name) && !covered.has(name)) missing.push(`${family}.${name}`);
      }
    }
    expect(missing, 'ops without a gradient spec row').toEqual([]);
    expect(covered.has('reshape'), 'Tensor.reshape has a row').toBe(true);
  });
});

// ---- fixed vectors and PyTorch ------------------------------------------------------------------------------------

describe('autodiff: reference values', () => {
  it('engine notes: L = |z|² at 3+4j → 6+8j; L = Re(z²) → 2·conj(z)', async () => {
    const grads = tidy(() => {
      const z = complexTensor([3], [4], [1]).requireGrad();
      const g1 = backward(sum(abs2(z))).get(z)!;
      const w = complexTensor([3, -1.5], [4, 0.25], [2]).requireGrad();
      const g2 = backward(sum(re(mul(w, w)))).get(w)!;
      return [g1, g2];
    });
    expectClose(await grads[0].read(), [6, 8]);
    expectClose(await grads[1].read(), [6, -8, -3, -0.5]);
  });

  it('max sends the gradient to the maximum; ties share it equally', async () => {
    const g = tidy(() => {
      const x = tensor([1, 3, 3, 0, 2, 5], [2, 3]).requireGrad();
      const gAll = backward(max(x)).get(x)!;
      const gAxis = backward(sum(max(x, { axis: 1 }))).get(x)!;
      const y = tensor([3, 1, 3, 3], [4]).requireGrad();
      return [gAll, gAxis, backward(max(y)).get(y)!];
    });
    expectClose(await g[0].read(), [0, 0, 0, 0, 0, 1]);
    expectClose(await g[1].read(), [0, 0.5, 0.5, 0, 0, 1]);
    expectClose(await g[2].read(), [1 / 3, 0, 1 / 3, 1 / 3]);
  });

  it('abs and angle have zero gradient at z = 0; frobeniusNorm at X = 0', async () => {
    const g = tidy(() => {
      const z = complexTensor([0, 1], [0, 0], [2]).requireGrad();
      const x = tensor([0, 0, 0, 0], [2, 2]).requireGrad();
      return [backward(sum(abs(z))).get(z)!, backward(sum(angle(z))).get(z)!, backward(frobeniusNorm(x)).get(x)!];
    });
    expectClose(await g[0].read(), [0, 0, 1, 0]);
    expectClose(await g[1].read(), [0, 0, 0, 1]);
    expectClose(await g[2].read(), [0, 0, 0, 0]);
  });

  interface FixtureCase {
    name: string;
    inputs: FixtureInput[];
    loss: number;
    grads: Record<string, number[]>;
  }
  const fixture = loadTorchFixture<FixtureCase>('complex-grad.json');
  /** Σ Re(conj(r) ⊙ y) (Σ r·y when real) */
  const wsum = (rw: Tensor, y: Tensor) => sum(y.dtype === 'c64' ? re(mul(conj(rw), y)) : mul(rw, y));
  const one = () => tensor([1], []);
  /** The fixture's expressions (complex-grad.py), by name. */
  const LOSSES: Record<string, (t: Record<string, Tensor>) => Tensor> = {
    'mul-broadcast': ({ a, b, r: w }) => wsum(w, mul(a, b)),
    'div-complex-by-real': ({ a, b, r: w }) => wsum(w, div(a, b)),
    'div-complex': ({ a, b, r: w }) => wsum(w, div(a, b)),
    abs: ({ z, w }) => sum(mul(abs(z), w)),
    angle: ({ z, w }) => sum(mul(angle(z), w)),
    'conj-exp': ({ z, r: w }) => wsum(w, exp(conj(z))),
    'unit-modulus': ({ phi, r: w }) => wsum(w, unitModulus(r(phi), 1.5)),
    'unit-modulus-exp': ({ phi, r: w }) => wsum(w, exp(complex(zeros(phi.shape), r(phi)))),
    abs2: ({ z, w }) => sum(mul(abs2(z), w)),
    'sum-mean': ({ z, r: w }) => add(sum(abs2(sum(z, { axis: 0 }))), wsum(w, mean(z, { axis: 1 }))),
    'phase-shifter-fit': ({ z, phi }) => sum(abs2(sub(mul(z, unitModulus(r(phi))), one()))),
    're-im-complex': ({ z, x, r: w }) => wsum(w, complex(r(mul(re(z), x)), r(sub(im(z), x)))),
    'softmax-max-tanh': ({ x, w }) => add(sum(mul(softmax(r(x)), w)), sum(max(tanh(r(x)), { axis: 1 }))),
  };

  it('the fixture and the expressions name the same cases', () => {
    expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(LOSSES).sort());
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))(`PyTorch ${fixture.torch}: %s`, async (name, c) => {
    const { loss, grads, wanted } = tidy(() => {
      const t: Record<string, Tensor> = {};
      for (const i of c.inputs) t[i.name] = uploadFixtureInput(i);
      const L = LOSSES[name](t);
      const all = backward(L);
      const wanted = c.inputs.filter((i) => i.grad).map((i) => i.name);
      return { loss: L, grads: wanted.map((n) => all.get(t[n])!), wanted };
    });
    expectClose([await loss.item()], [c.loss], { atol: 1e-5, rtol: 1e-5, what: `${name} loss` });
    for (const [k, n] of wanted.entries()) {
      expectClose(await grads[k].read(), c.grads[n], { atol: 1e-5, rtol: 1e-5, what: `${name} grad ${n}` });
    }
  });
});

// ---- graph mechanics ----------------------------------------------------------------------------------------------

describe('autodiff: graph mechanics', () => {
  it('accumulates the gradients of a tensor used twice', async () => {
    const g = tidy(() => {
      const x = tensor([1, -2, 3], [3]).requireGrad();
      // L = Σ x² + Σ 3x → 2x + 3
      return backward(add(sum(mul(x, x)), sum(scale(x, 3)))).get(x)!;
    });
    expectClose(await g.read(), [5, -1, 9]);
  });

  it('noGrad records nothing', () => {
    tidy(() => {
      const x = tensor([1, 2], [2]).requireGrad();
      const y = noGrad(() => sum(mul(exp(x), x)));
      expect(y.requiresGrad).toBe(false);
      expect(y.gradNode).toBeNull();
      expect(() => backward(y)).toThrow(/does not depend/);
      const z = sum(x);
      expect(z.gradNode?.op).toBe('sum');
    });
  });

  it('detach stops gradients', async () => {
    const g = tidy(() => {
      const x = tensor([1, -2, 3], [3]).requireGrad();
      const d = detach(x);
      expect(d.requiresGrad).toBe(false);
      // L = Σ stop(x)·x → grad x (not 2x)
      return backward(sum(mul(d, x))).get(x)!;
    });
    expectClose(await g.read(), [1, -2, 3]);
  });

  it('grad() returns the gradients of chosen tensors, intermediates too, and null where no path exists', async () => {
    const out = tidy(() => {
      const x = complexTensor([1, 2], [0.5, -1], [2]).requireGrad();
      const y = mul(x, x);
      const unused = tensor([1], [1]).requireGrad();
      const [gy, gx, gu] = grad(sum(abs2(y)), [y, x, unused]);
      expect(gu).toBeNull();
      return [gy!, gx!];
    });
    // d|y|²: 2y; dx: 2y · conj(2x) = 4 x² conj(x)... = 4|x|² x
    expectClose(await out[0].read(), [2 * (1 - 0.25), 2 * 1, 2 * (4 - 1), 2 * -4]);
    expectClose(await out[1].read(), [4 * 1.25 * 1, 4 * 1.25 * 0.5, 4 * 5 * 2, 4 * 5 * -1]);
  });

  it('grad of grad: d/dx Σ (d/dx Σ x³) = 6x, and ∇‖∇f‖² for f = Σ x³ is 36 x³', async () => {
    const out = tidy(() => {
      const x = tensor([1, -2, 0.5], [3]).requireGrad();
      const f = sum(mul(mul(x, x), x));
      const [g1] = grad(f, [x], { createGraph: true });
      const [g2] = grad(sum(g1!), [x], { createGraph: true });
      const [h] = grad(sum(mul(g1!, g1!)), [x]);
      return [g1!, g2!, h!];
    });
    expectClose(await out[0].read(), [3, 12, 0.75]);
    expectClose(await out[1].read(), [6, -12, 3]);
    expectClose(await out[2].read(), [36, -288, 4.5]);
  });

  it('releases every intermediate gradient buffer', () => {
    tidy(() => {
      const x = complexTensor([1, 2, 3, 4], [0.5, -1, 0, 2], [2, 2]).requireGrad();
      const w = tensor([0.3, -0.7], [2]).requireGrad();
      const L = add(
        sum(abs(mul(softmax(r(abs(x))), exp(x)))),
        sum(frobeniusNorm(matrixTranspose(div(x, add(w, tensor([2], [])))))),
      );
      const before = rt().memory();
      const grads = backward(L);
      expect(grads.size).toBe(2);
      expect(grads.has(x) && grads.has(w)).toBe(true);
      for (const g of grads.values()) g.dispose();
      const after = rt().memory();
      expect(after.liveBytes).toBe(before.liveBytes);
      expect(after.liveBuffers).toBe(before.liveBuffers);
    });
  });

  it('a custom rule may hand back g itself, for several inputs', async () => {
    const out = tidy(() => {
      const a = tensor([1, 2], [2]).requireGrad();
      const b = tensor([3, 4], [2]).requireGrad();
      const y = attachGrad('pass-through', noGrad(() => add(a, b)), [a, b], (g) => [g, g]);
      const L = sum(scale(y, 2));
      const before = rt().memory().liveBuffers;
      const grads = backward(L);
      const ga = grads.get(a)!;
      const gb = grads.get(b)!;
      ga.dispose();
      // gb must survive the disposal of ga (and of g inside backward)
      const kept = gb.reshape([2]);
      gb.dispose();
      expect(rt().memory().liveBuffers).toBe(before + 1);
      return kept;
    });
    expectClose(await out.read(), [2, 2]);
  });

  it('a chain of 10 000 ops does not overflow the stack', async () => {
    const g = tidy(() => {
      const x = tensor([1, 2], [2]).requireGrad();
      let y: Tensor = x;
      for (let i = 0; i < 10_000; i++) y = scale(y, 1.0001);
      return backward(sum(y)).get(x)!;
    });
    expectClose(await g.read(), [1.0001 ** 10_000, 1.0001 ** 10_000], { rtol: 1e-3 });
  });
});
