/**
 * defineCustomOp (engine/autodiff/custom-op.ts): hand-written backward passes against autodiff of the same composed
 * function and against finite differences; kernel-only backward vs createGraph; the composite backward under
 * createGraph (second derivatives); argument and result validation.
 */
import { describe, expect, it } from 'vitest';
import { abs2, add, conj, grad, mul, re, scale, sum, tensor, tidy, unitModulus, type Tensor } from '../../../engine/index.js';
import { CustomOpGradError, defineCustomOp } from '../../../engine/autodiff/custom-op.js';
import { gradcheck, gradgradcheck } from '../../../engine/autodiff/gradcheck.js';
import { buffersOf, launch1d } from '../../../engine/ops/launch.js';
import { ShapeError } from '../../../engine/errors.js';
import { Tensor as TensorClass } from '../../../engine/tensor/tensor.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';
import { expectGradcheck, hostInput } from '../../helpers/gradcheck.js';

useRuntime();

type C = Tensor<'c64'>;
type R = Tensor<'f32'>;

// w = |z|²·z = z²·z̄ (not holomorphic): ∂w/∂z = 2|z|², ∂w/∂z̄ = z², so (PyTorch convention)
// grad_z = conj(g)·∂w/∂z̄ + g·conj(∂w/∂z) = conj(g)·z² + 2·g·|z|²
const cubeRule = (z: C, g: C): [C] => [add(mul(conj(g), mul(z, z)), scale(mul(g, abs2(z)), 2))];
let kernelRuns = 0;
let compositeRuns = 0;
/** backward only: treated as a kernel (not recorded) */
const cubeKernelOnly = defineCustomOp<[C], C, C>({
  name: 'cubeKernelOnly',
  forward: ([z]) => ({ out: mul(abs2(z), z), residuals: z }),
  backward: (z, g) => cubeRule(z, g),
});
/** both: `backward` for first derivatives, `backwardComposite` under createGraph */
const cubeBoth = defineCustomOp<[C], C, C>({
  name: 'cubeBoth',
  forward: ([z]) => ({ out: mul(abs2(z), z), residuals: z }),
  backward: (z, g) => (kernelRuns++, cubeRule(z, g)),
  backwardComposite: (z, g) => (compositeRuns++, cubeRule(z, g)),
});
const cubeComposed = (z: Tensor) => mul(abs2(z), z);

// A WGSL backward: s = e^{jφ} through the primitive unitModulus, grad_φ = Im(g·conj(s)) by the fused kernel.
const expjKernel = defineCustomOp<[R], C, C>({
  name: 'expjKernel',
  forward: ([phi]) => {
    const s = unitModulus(phi);
    return { out: s, residuals: s };
  },
  backward: (s, g) => {
    const gradPhi = TensorClass.empty(s.shape, 'f32', 'expjKernel:grad');
    launch1d('fused/unit-modulus', s.size, buffersOf('expjKernel', { g, saved: s, grad_phi: gradPhi }), { n: s.size, c: 0 }, {}, 'backward');
    return [gradPhi];
  },
});

// Two inputs of both dtypes, a broadcast, an attribute: out = k·x ⊙ z, x [3, 4] f32, z [4] c64.
// grad_x = k·Re(g·conj(z)), grad_z = k·Σ_rows g·x.
const scaledProduct = defineCustomOp<[R, C], C, { x: R; z: C }, number>({
  name: 'scaledProduct',
  forward: ([x, z], k) => ({ out: scale(mul(x, z), k), residuals: { x, z } }),
  backward: ({ x, z }, g, { attrs: k }) => [scale(re(mul(g, conj(z))), k), sum(scale(mul(g, x), k), { axis: 0 })],
});

describe('defineCustomOp: first derivatives', () => {
  it('a hand-written backward of a non-holomorphic op matches autodiff of the composed function', async () => {
    const data = randomData(2 * 12, 3);
    const [gCustom, gAuto] = await Promise.all(
      tidy(() => {
        const z1 = tensor(data, [3, 4], 'c64').requireGrad();
        const z2 = tensor(data, [3, 4], 'c64').requireGrad();
        const r = tensor(randomData(2 * 12, 4), [3, 4], 'c64');
        const loss = (w: Tensor) => sum(re(mul(w, r)));
        return [grad(loss(cubeKernelOnly([z1])), [z1])[0]!, grad(loss(cubeComposed(z2)), [z2])[0]!];
      }).map(async (t) => {
        const v = await t.read();
        t.dispose();
        return v;
      }),
    );
    expectClose(gCustom, gAuto, { atol: 1e-5, rtol: 1e-5, what: 'custom vs autodiff' });
  });

  it('a hand-written backward matches finite differences', async () => {
    expectGradcheck(await gradcheck((z) => cubeKernelOnly([z as C]), [hostInput({ shape: [3, 4], dtype: 'c64' }, 5)]), 'cubeKernelOnly');
    expectGradcheck(await gradcheck((phi) => expjKernel([phi as R]), [hostInput({ shape: [4, 5], dtype: 'f32' }, 6)]), 'expjKernel (WGSL backward)');
  });

  it('mixed real and complex inputs, broadcasting and attributes', async () => {
    const fn = (x: Tensor, z: Tensor) => scaledProduct([x as R, z as C], -1.5);
    expectGradcheck(await gradcheck(fn, [hostInput({ shape: [3, 4], dtype: 'f32' }, 7), hostInput({ shape: [4], dtype: 'c64' }, 8)]), 'scaledProduct');
    // only the inputs that require a gradient get one; the others get null
    const g = tidy(() => {
      const x = tensor(randomData(12, 9), [3, 4]);
      const z = tensor(randomData(8, 10), [4], 'c64').requireGrad();
      return grad(sum(re(scaledProduct([x, z], 2))), [x, z]);
    });
    expect(g[0]).toBeNull();
    expect(g[1]!.shape).toEqual([4]);
    g[1]!.dispose();
  });

  it('uses `backward` without createGraph and `backwardComposite` with it', () => {
    kernelRuns = compositeRuns = 0;
    tidy(() => {
      const z = tensor(randomData(8, 11), [4], 'c64').requireGrad();
      grad(sum(abs2(cubeBoth([z]))), [z]);
      expect([kernelRuns, compositeRuns]).toEqual([1, 0]);
      grad(sum(abs2(cubeBoth([z]))), [z], { createGraph: true });
      expect([kernelRuns, compositeRuns]).toEqual([1, 1]);
    });
    expect(cubeBoth.twiceDifferentiable).toBe(true);
    expect(cubeKernelOnly.twiceDifferentiable).toBe(false);
  });

  it('records nothing when no input requires a gradient, and never overwrites an input returned as the output', () => {
    tidy(() => {
      const z = tensor(randomData(8, 12), [4], 'c64');
      expect(cubeKernelOnly([z]).gradNode).toBeNull();
      const identity = defineCustomOp<[C], C, null>({ name: 'identity', forward: ([x]) => ({ out: x, residuals: null }), backward: (_, g) => [g] });
      const x = tensor(randomData(8, 13), [4], 'c64').requireGrad();
      const y = identity([x]);
      expect(y).not.toBe(x);
      expect(x.gradNode).toBeNull();
      expect(y.gradNode?.op).toBe('identity');
    });
  });
});

describe('defineCustomOp: second derivatives (createGraph)', () => {
  it('createGraph through a kernel-only backward throws CustomOpGradError naming the op', () => {
    tidy(() => {
      const z = tensor(randomData(8, 14), [4], 'c64').requireGrad();
      const run = () => grad(sum(abs2(cubeKernelOnly([z]))), [z], { createGraph: true });
      expect(run).toThrow(CustomOpGradError);
      expect(run).toThrow(/cubeKernelOnly: createGraph .* needs a differentiable backward/);
      const phi = tensor(randomData(4, 15), [4]).requireGrad();
      expect(() => grad(sum(re(expjKernel([phi]))), [phi], { createGraph: true })).toThrow(/expjKernel: createGraph/);
    });
  });

  it('a backwardComposite gives second derivatives that match finite differences of the first', async () => {
    expectGradcheck(await gradgradcheck((z) => cubeBoth([z as C]), [hostInput({ shape: [2, 3], dtype: 'c64' }, 16)], { eps: 2e-3 }), 'cubeBoth grad of grad');
  });
});

describe('defineCustomOp: validation', () => {
  it('rejects a definition without a backward pass', () => {
    expect(() => defineCustomOp({ name: 'none', forward: ([x]: [Tensor]) => ({ out: x, residuals: null }) } as never)).toThrow(
      /expected backward .* or backwardComposite/,
    );
  });

  it('names the op when backward returns the wrong number, shape or dtype of gradients', () => {
    const wrongCount = defineCustomOp<[C], C, null>({ name: 'wrongCount', forward: ([x]) => ({ out: conj(x), residuals: null }), backward: (_, g) => [g, g] });
    const wrongShape = defineCustomOp<[C], C, null>({
      name: 'wrongShape',
      forward: ([x]) => ({ out: conj(x), residuals: null }),
      backward: (_, g) => [g.reshape([2, 2])],
    });
    const wrongDType = defineCustomOp<[C], C, null>({ name: 'wrongDType', forward: ([x]) => ({ out: conj(x), residuals: null }), backward: (_, g) => [re(g)] });
    tidy(() => {
      const x = tensor(randomData(8, 17), [4], 'c64').requireGrad();
      expect(() => grad(sum(re(wrongCount([x]))), [x])).toThrow(/wrongCount: backward must return one gradient .* expected 1, got 2/);
      expect(() => grad(sum(re(wrongShape([x]))), [x])).toThrow(ShapeError);
      expect(() => grad(sum(re(wrongShape([x]))), [x])).toThrow(
        /wrongShape: backward returned a \[2, 2\] c64 gradient for input 0; expected the input's \[4\] c64/,
      );
      expect(() => grad(sum(re(wrongDType([x]))), [x])).toThrow(/wrongDType: .*\[4\] f32 gradient/);
      expect(() => cubeKernelOnly(x as never)).toThrow(/cubeKernelOnly: expected an array of input tensors/);
    });
  });
});
