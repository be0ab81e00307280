/**
 * Losses (engine/losses) beyond their registry rows (registry.test.ts checks every loss's gradients for each reduction
 * and both inputs, and second derivatives): the composed chains and index-tensor targets, PyTorch 1.13 fixtures
 * (test/fixtures/torch/nn.py), stability at extreme logits and probabilities, and the errors.
 */
import { describe, expect, it } from 'vitest';
import { backward, grad, mul, sigmoid, ShapeError, sum, tensor, tidy, type Tensor } from '../../../engine/index.js';
import { bce, bceWithLogits, crossEntropy, logSoftmax, mse, nmse, type Reduction } from '../../../engine/losses/index.js';
import { gradcheck, type HostTensor } from '../../../engine/autodiff/gradcheck.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';
import { loadTorchFixture, uploadFixtureInput, type FixtureInput } from '../../helpers/torch-fixtures.js';
import { expectGradcheck, hostInput } from '../../helpers/gradcheck.js';

useRuntime();

type Fn = (...xs: Tensor[]) => Tensor;
const r = (t: Tensor) => t as Tensor<'f32'>;

/** values in [lo, hi) for probabilities and targets */
function inRange(shape: number[], lo: number, hi: number, seed: number): HostTensor {
  const u = randomData(
    shape.reduce((a, b) => a * b, 1),
    seed,
  );
  return { data: u.map((v) => lo + ((v + 1) / 2) * (hi - lo)), shape };
}

const SHAPE = [4, 5];
const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

interface Row {
  name: string;
  fn: Fn;
  inputs: HostTensor[];
}

/**
 * Finite-difference rows beyond the registry's (registry.test.ts runs every loss's own rows: each reduction, both
 * inputs): the chains users write and the target forms the registry rows do not pass as tensors.
 */
const ROWS: Row[] = [
  {
    name: 'bce of sigmoid(x) (the chain PyTorch users write)',
    fn: (x, y) => bce(sigmoid(r(x)), r(y)),
    inputs: [hostInput({ shape: SHAPE, dtype: 'f32' }, 5), inRange(SHAPE, 0, 1, 6)],
  },
  ...REDUCTIONS.map((reduction) => ({
    name: `crossEntropy (${reduction}) with an index tensor`,
    fn: ((x: Tensor) => crossEntropy(r(x), tensor([0, 3, 4, 1], [4]), { reduction })) as Fn,
    inputs: [inRange(SHAPE, -3, 3, 7)],
  })),
  {
    name: 'crossEntropy with host indices, rank 3',
    fn: (x) => crossEntropy(r(x), [2, 0, 1, 1, 2, 0]),
    inputs: [hostInput({ shape: [2, 3, 3], dtype: 'f32' }, 8)],
  },
];

describe('losses: finite-difference gradient checks', () => {
  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (name, row) => {
    expectGradcheck(await gradcheck(row.fn, row.inputs), name);
  });
});

// ---- PyTorch fixtures ---------------------------------------------------------------------------------------------

interface FixtureCase {
  name: string;
  inputs: FixtureInput[];
  outputs: Record<string, number[] | number>;
  grads: Record<string, Array<number | null>>;
}
const fixture = loadTorchFixture<FixtureCase>('nn.json');

/** The fixture's loss expressions (nn.py), by case name. */
const LOSSES: Record<string, (t: Record<string, Tensor>) => Tensor> = {
  'bce-logits-hard-mean': ({ x, y }) => bceWithLogits(r(x), r(y)),
  'bce-logits-soft-mean': ({ x, y }) => bceWithLogits(r(x), r(y)),
  'bce-logits-hard-sum': ({ x, y }) => bceWithLogits(r(x), r(y), { reduction: 'sum' }),
  'bce-logits-soft-sum': ({ x, y }) => bceWithLogits(r(x), r(y), { reduction: 'sum' }),
  'bce-probs-mean': ({ p, y }) => bce(r(p), r(y)),
  'cross-entropy-index-mean': ({ x, labels }) => crossEntropy(r(x), r(labels)),
  'cross-entropy-index-sum': ({ x, labels }) => crossEntropy(r(x), r(labels), { reduction: 'sum' }),
  'cross-entropy-probs-mean': ({ x, t }) => crossEntropy(r(x), r(t)),
  'cross-entropy-3d-index-mean': ({ x, labels }) => crossEntropy(r(x), r(labels)),
  'mse-real-mean': ({ input, target }) => mse(input, target),
  'mse-real-sum': ({ input, target }) => mse(input, target, { reduction: 'sum' }),
  'mse-complex-mean': ({ input, target }) => mse(input, target),
  'nmse-complex-mean': ({ input, target }) => nmse(input, target),
};
const lossCases = fixture.cases.filter((c) => /^(bce|cross-entropy|mse|nmse)-/.test(c.name));

describe(`losses: PyTorch ${fixture.torch} fixtures`, () => {
  it('the fixture and the expressions name the same loss cases', () => {
    expect(lossCases.map((c) => c.name).sort()).toEqual(Object.keys(LOSSES).sort());
  });

  it.each(lossCases.map((c) => [c.name, c] as const))('%s: value and gradients', async (name, c) => {
    const { loss, grads, wanted } = tidy(() => {
      const t: Record<string, Tensor> = {};
      for (const i of c.inputs) t[i.name] = uploadFixtureInput(i);
      const L = LOSSES[name](t);
      const wanted = c.inputs.filter((i) => i.grad).map((i) => i.name);
      return {
        loss: L,
        grads: grad(
          L,
          wanted.map((n) => t[n]),
        ),
        wanted,
      };
    });
    const got = await loss.item();
    expectClose([got], [c.outputs.loss as number[]].flat(), { atol: 1e-5, rtol: 1e-5, what: `${name} loss` });
    for (const [k, n] of wanted.entries()) {
      const expected = c.grads[n];
      const actual = Array.from(await grads[k]!.read());
      // PyTorch 1.13's BCE target gradient uses unclamped logarithms (±inf at p ∈ {0, 1}, written as null); ours is
      // the derivative of the clamped loss. Compare where PyTorch's is finite.
      const keep = expected.map((v) => v !== null);
      expectClose(
        actual.filter((_, i) => keep[i]),
        expected.filter((v): v is number => v !== null),
        {
          atol: 1e-5,
          rtol: 1e-4,
          what: `${name} grad ${n}`,
        },
      );
    }
  });

  it('log-softmax values and gradient', async () => {
    const c = fixture.cases.find((k) => k.name === 'log-softmax')!;
    const [xIn, rIn] = c.inputs;
    const [y, gx] = tidy(() => {
      const x = tensor(xIn.data, xIn.shape).requireGrad();
      const y = logSoftmax(x);
      const [gx] = grad(sum(mul(y, tensor(rIn.data, rIn.shape))), [x]);
      return [y, gx!];
    });
    expectClose(await y.read(), c.outputs.y as number[], { atol: 2e-6, rtol: 1e-6, what: 'log-softmax' });
    expectClose(await gx.read(), c.grads.x as number[], { atol: 1e-5, rtol: 1e-5, what: 'log-softmax grad' });
  });

  it('nmse per sample (reduction none)', async () => {
    const c = fixture.cases.find((k) => k.name === 'nmse-complex-mean')!;
    const [a, b] = c.inputs;
    const per = tidy(() => nmse(tensor(a.data, a.shape, a.dtype), tensor(b.data, b.shape, b.dtype), { reduction: 'none' }));
    expect(per.shape).toEqual([4]);
    expectClose(await per.read(), c.outputs.per_sample as number[], { atol: 1e-6, rtol: 1e-5 });
  });
});

// ---- stability and errors -----------------------------------------------------------------------------------------

describe('losses: extreme inputs and errors', () => {
  it('bceWithLogits is finite and exact at logits ±100 and ±1e4', async () => {
    const { values, g } = tidy(() => {
      const x = tensor([100, -100, 1e4, -1e4, 0], [5]).requireGrad();
      const y = tensor([1, 1, 0, 0, 1], [5]);
      const values = bceWithLogits(x, y, { reduction: 'none' });
      const g = backward(bceWithLogits(x, y, { reduction: 'sum' })).get(x)!;
      return { values, g };
    });
    // ℓ(100, 1) = log(1 + e^-100) ≈ 3.7e-44; ℓ(−100, 1) = 100; ℓ(1e4, 0) = 1e4; ℓ(−1e4, 0) ≈ 0; ℓ(0, 1) = log 2
    expectClose(await values.read(), [0, 100, 1e4, 0, Math.LN2], { atol: 1e-6, rtol: 1e-6 });
    expectClose(await g.read(), [0, -1, 1, 0, -0.5], { atol: 1e-7 });
  });

  it('bce clamps the logarithms at −100 (p = 0 with y = 1 costs 100), with a finite gradient', async () => {
    const { values, g } = tidy(() => {
      const p = tensor([0, 1, 0, 1], [4]).requireGrad();
      const y = tensor([1, 0, 0, 1], [4]);
      return { values: bce(p, y, { reduction: 'none' }), g: backward(bce(p, y, { reduction: 'sum' })).get(p)! };
    });
    expectClose(await values.read(), [100, 100, 0, 0]);
    const gv = await g.read();
    // PyTorch: (p − y) / max(p(1 − p), 1e-12)
    expectClose(gv, [-1e12, 1e12, 0, 0], { rtol: 1e-6 });
    // the target gradient log(1 − p) − log p, clamped: ±100 at p ∈ {0, 1}; the clamped term's derivative is 0 (not 0·∞ = NaN), so d/dp is −1/(1 − p) at p = 0 and −1/p at p = 1
    const [gy, ggp] = tidy(() => {
      const p = tensor([0, 1, 0.5], [3]).requireGrad();
      const y = tensor([0.5, 0.5, 0.5], [3]).requireGrad();
      const [gyt] = grad(bce(p, y, { reduction: 'sum' }), [y], { createGraph: true });
      return [gyt!, grad(sum(gyt!), [p])[0]!];
    });
    expectClose(await gy.read(), [100, -100, 0], { atol: 1e-5 });
    expectClose(await ggp.read(), [-1, -1, -4], { atol: 1e-5 });
  });

  it('logSoftmax stays finite for rows with huge logits', async () => {
    const y = tidy(() => logSoftmax(tensor([1e30, 0, -1e30, 50, 50, 50], [2, 3])));
    expectClose(await y.read(), [0, -1e30, -2e30, -Math.log(3), -Math.log(3), -Math.log(3)], { rtol: 1e-6, atol: 1e-6 });
  });

  it('refuses mismatched shapes, bad reductions and out-of-range class indices', () => {
    tidy(() => {
      const x = tensor(new Float32Array(6), [2, 3]);
      expect(() => bceWithLogits(x, tensor(new Float32Array(3), [3]))).toThrow(ShapeError);
      expect(() => bceWithLogits(x, tensor(new Float32Array(3), [3]))).toThrow(/target must have the input's shape; expected \[2, 3\], got \[3\]/);
      expect(() => mse(x, x, { reduction: 'avg' as Reduction })).toThrow(/reduction must be 'mean', 'sum' or 'none'; got "avg"/);
      expect(() => crossEntropy(x, [0, 3])).toThrow(/class index 1 must be an integer in \[0, 3\); got 3/);
      expect(() => crossEntropy(x, [0])).toThrow(/expected 2 class indices/);
      expect(() => crossEntropy(x, tensor([0, 1, 2, 0], [4]))).toThrow(/class indices \[2\] or a class distribution \[2, 3\]/);
      expect(() => nmse(x, tensor(new Float32Array(3), [3]))).toThrow(ShapeError);
    });
  });
});
