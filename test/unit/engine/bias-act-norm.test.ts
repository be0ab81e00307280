import { describe, expect, it } from 'vitest';
import { add, BatchNorm1d, grad, gradcheck, leakyRelu, relu, sum, mul, tensor, tidy, type Real, type Tensor } from '../../../engine/index.js';
import { biasActNorm, type BiasActNormOptions } from '../../../engine/fused/bias-act-norm.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

type Act = BiasActNormOptions['act'];
const activate = (x: Real, act: Act): Real => (act === 'relu' ? relu(x) : act === 'leaky-relu' ? leakyRelu(x, 0.2) : x);

describe('biasActNorm (fused bias → act → BatchNorm1d)', () => {
  for (const order of ['act-first', 'norm-first'] as const) {
    for (const act of ['relu', 'leaky-relu', 'none'] as const) {
      for (const [N, C] of [
        [37, 13],
        [5, 70],
      ]) {
        it(`${order} ${act} [${N}, ${C}]: forward, running statistics and gradients match the composition`, async () => {
          const z = tensor(randomData(N * C, 1), [N, C]).requireGrad();
          const b = tensor(randomData(C, 2), [C]).requireGrad();
          const g = tensor(
            randomData(C, 3).map((v) => 1 + 0.5 * v),
            [C],
          ).requireGrad();
          const beta = tensor(randomData(C, 4), [C]).requireGrad();
          const gy = tensor(randomData(N * C, 5), [N, C]);
          const bnF = new BatchNorm1d(C, { affine: false });
          const bnC = new BatchNorm1d(C, { affine: false });
          const [fused, fusedGrads] = tidy(() => {
            const y = biasActNorm(z, b, g, beta, {
              act,
              slope: 0.2,
              order,
              eps: 1e-5,
              momentum: 0.1,
              training: true,
              runningMean: bnF.runningMean,
              runningVar: bnF.runningVar,
            });
            return [y, grad(sum(mul(y, gy)), [z, b, g, beta])] as const;
          });
          const [ref, refGrads] = tidy(() => {
            const u = add(z, b) as Real;
            const norm = (x: Real) => add(mul(bnC.forward(x), g), beta) as Real;
            const y = order === 'act-first' ? norm(activate(u, act)) : activate(norm(u), act);
            return [y, grad(sum(mul(y, gy)), [z, b, g, beta])] as const;
          });
          expectClose(await fused.read(), await ref.read(), { atol: 2e-5, what: 'y' });
          expectClose(await bnF.runningMean!.read(), await bnC.runningMean!.read(), { atol: 1e-6, what: 'running mean' });
          expectClose(await bnF.runningVar!.read(), await bnC.runningVar!.read(), { atol: 1e-5, what: 'running var' });
          const names = ['z', 'b', 'gamma', 'beta'];
          for (let i = 0; i < 4; i++) {
            expectClose(await fusedGrads[i]!.read(), await refGrads[i]!.read(), { atol: 5e-5, rtol: 1e-3, what: `grad ${names[i]}` });
          }
          bnF.eval();
          bnC.eval();
          const evalF = biasActNorm(z, b, g, beta, {
            act,
            slope: 0.2,
            order,
            eps: 1e-5,
            momentum: 0.1,
            training: false,
            runningMean: bnF.runningMean,
            runningVar: bnF.runningVar,
          });
          const evalC = tidy(() => {
            const u = add(z, b) as Real;
            const norm = (x: Real) => add(mul(bnC.forward(x), g), beta) as Real;
            return order === 'act-first' ? norm(activate(u, act)) : activate(norm(u), act);
          });
          expectClose(await evalF.read(), await evalC.read(), { atol: 2e-5, what: 'eval y' });
        });
      }
    }
  }

  it('gradients agree with finite differences', async () => {
    const N = 6;
    const C = 5;
    const rm = tensor(new Float32Array(C), [C]);
    const rv = tensor(new Float32Array(C).fill(1), [C]);
    for (const order of ['act-first', 'norm-first'] as const) {
      const report = await gradcheck(
        (z: Tensor, b: Tensor, g: Tensor, beta: Tensor) =>
          biasActNorm(z as Real, b as Real, g as Real, beta as Real, {
            act: 'leaky-relu',
            slope: 0.1,
            order,
            eps: 1e-3,
            momentum: 0,
            training: true,
            runningMean: rm,
            runningVar: rv,
          }),
        [
          { data: randomData(N * C, 11), shape: [N, C] },
          { data: randomData(C, 12), shape: [C] },
          { data: randomData(C, 13).map((v) => 1 + v / 2), shape: [C] },
          { data: randomData(C, 14), shape: [C] },
        ],
        { eps: 1e-2, tolerance: 2e-2 },
      );
      expect(report.ok, JSON.stringify(report.inputs.map((i) => [i.maxRelError, i.worst]))).toBe(true);
    }
  });
});
