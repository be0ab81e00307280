/**
 * Reverse-mode autodiff beyond the per-op rows (those are generated from the op registry in registry.test.ts): a view
 * (reshape) and compositions that use a tensor several times, checked by finite differences; the convention's test
 * vectors, PyTorch fixtures (test/fixtures/torch/complex-grad.py), and the graph mechanics: accumulation, noGrad,
 * detach, released buffers, a 10 000-op chain.
 */
import { describe, expect, it } from 'vitest';
import {
  abs,
  abs2,
  add,
  angle,
  attachGrad,
  backward,
  complex,
  complexTensor,
  conj,
  detach,
  div,
  exp,
  frobeniusNorm,
  grad,
  im,
  matmul,
  matrixTranspose,
  max,
  mean,
  mul,
  noGrad,
  re,
  scale,
  softmax,
  sub,
  sum,
  tanh,
  tensor,
  tidy,
  unitModulus,
  zeros,
  type DType,
  type Tensor,
} from '../../../engine/index.js';
import { gradcheck, gradgradcheck } from '../../../engine/autodiff/gradcheck.js';
import { expectClose, useRuntime } from '../../helpers/gpu.js';
import { loadTorchFixture, uploadFixtureInput, type FixtureInput } from '../../helpers/torch-fixtures.js';
import { expectGradcheck, hostInput, type InputSpec, type ValueKind } from '../../helpers/gradcheck.js';

const rt = useRuntime();

// ---- compositions -------------------------------------------------------------------------------------------------

type Fn = (...xs: Tensor[]) => Tensor;
const r = (t: Tensor) => t as Tensor<'f32'>;
const c64 = (shape: readonly number[], kind: ValueKind = 'any'): InputSpec => ({ shape, dtype: 'c64', kind });

interface Composite {
  name: string;
  fn: Fn;
  inputs: InputSpec[];
  /** also check second derivatives (createGraph) */
  gradgrad?: boolean;
}

const COMPOSITES: Composite[] = [
  ...(['f32', 'c64'] as DType[]).map((dtype) => ({
    name: `reshape (a view) ${dtype}`,
    fn: (x: Tensor) => x.reshape([3, -1]),
    inputs: [{ shape: [4, 5, 3], dtype }],
  })),
  { name: 'x·conj(x) + x (the same tensor three times)', fn: (x) => add(mul(x, conj(x)), x), inputs: [c64([6])], gradgrad: true },
  { name: 'softmax(|W z|)', fn: (w, z) => softmax(abs(sum(mul(w, z), { axis: -1 }))), inputs: [c64([3, 5]), c64([5], 'nonzero')] },
  {
    name: 'matmul(matmul(A, B), B, { opB: H }) (B twice)',
    fn: (a, b) => matmul(matmul(a, b), b, { opB: 'H' }),
    inputs: [c64([3, 5]), c64([5, 2])],
    gradgrad: true,
  },
];

describe('autodiff: compositions against finite differences', () => {
  it.each(COMPOSITES.map((c, i) => [c.name, c, i] as const))('%s', async (name, c, i) => {
    const inputs = c.inputs.map((spec, k) => hostInput(spec, 101 * i + k + 1));
    expectGradcheck(await gradcheck(c.fn, inputs), name);
  });

  it.each(COMPOSITES.filter((c) => c.gradgrad).map((c, i) => [c.name, c, i] as const))('second derivatives (createGraph): %s', async (name, c, i) => {
    const inputs = c.inputs.map((spec, k) => hostInput(spec, 37 * i + k + 5));
    expectGradcheck(await gradgradcheck(c.fn, inputs, { eps: 2e-3 }), `grad of grad: ${name}`);
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
      const L = add(sum(abs(mul(softmax(r(abs(x))), exp(x)))), sum(frobeniusNorm(matrixTranspose(div(x, add(w, tensor([2], [])))))));
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
      const y = attachGrad(
        'pass-through',
        noGrad(() => add(a, b)),
        [a, b],
        (g) => [g, g],
      );
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
