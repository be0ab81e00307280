/**
 * The dense layer at inference in one GEMM dispatch (engine/fused/dense-eval.ts, register.wgsl main_dense_eval):
 * against a float64 reference on shapes that are not tile multiples (including the swapped store for narrow outputs
 * and batch 1), against the unfused path through Sequential, and its one-dispatch-per-layer count.
 */
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, Generator, LeakyReLU, Linear, noGrad, ReLU, runtime, Sequential, setFusion, tensor, type Real } from '../../../engine/index.js';
import { denseEval } from '../../../engine/fused/dense-eval.js';
import { planMatmul } from '../../../engine/ops/gemm.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

type Act = 'relu' | 'leaky-relu' | 'none';

/** float64 y[n, f] of the layer, as the header of dense-eval.ts states it. */
function reference(
  x: Float32Array,
  W: Float32Array,
  v: Record<'b' | 'g' | 'beta' | 'mu' | 'var', Float32Array>,
  N: number,
  I: number,
  O: number,
  act: Act,
  order: 'act-first' | 'norm-first',
  eps: number,
  slope: number,
): Float64Array {
  const a = (u: number) => (act === 'relu' ? Math.max(u, 0) : act === 'leaky-relu' ? (u >= 0 ? u : slope * u) : u);
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < O; f++) {
      let c = 0;
      for (let k = 0; k < I; k++) c += x[n * I + k] * W[f * I + k];
      const inv = 1 / Math.sqrt(v.var[f] + eps);
      y[n * O + f] = order === 'act-first' ? v.g[f] * (a(c + v.b[f]) - v.mu[f]) * inv + v.beta[f] : a(v.g[f] * (c + v.b[f] - v.mu[f]) * inv + v.beta[f]);
    }
  }
  return y;
}

describe('denseEval (GEMM with bias → act → folded BatchNorm epilogue)', () => {
  const shapes: [number, number, number][] = [
    [1, 1024, 512],
    [1, 18, 20],
    [37, 18, 9],
    [37, 100, 130],
    [5, 7, 3],
    [256, 20, 40],
  ];
  for (const [N, I, O] of shapes) {
    for (const order of ['act-first', 'norm-first'] as const) {
      for (const act of ['relu', 'leaky-relu', 'none'] as const) {
        it(`x [${N}, ${I}] · Wᵀ [${I}, ${O}], ${order}, ${act}: float64 reference`, async () => {
          const seed = N * 7 + I * 3 + O;
          const x = randomData(N * I, seed);
          const W = randomData(O * I, seed + 1);
          const v = {
            b: randomData(O, seed + 2),
            g: randomData(O, seed + 3).map((u) => 1 + 0.5 * u),
            beta: randomData(O, seed + 4),
            mu: randomData(O, seed + 5),
            var: randomData(O, seed + 6).map((u) => 0.5 + Math.abs(u)),
          };
          const t = (d: Float32Array, shape: number[]) => tensor(d, shape) as Real;
          const layer = {
            weight: t(W, [O, I]),
            bias: t(v.b, [O]),
            gamma: t(v.g, [O]),
            beta: t(v.beta, [O]),
            runningMean: t(v.mu, [O]),
            runningVar: t(v.var, [O]),
          };
          const y = denseEval(t(x, [N, I]), layer, { act, slope: 0.2, order, eps: 1e-5 });
          expect(y, 'the register kernel runs these products').not.toBeNull();
          expect(y!.shape).toEqual([N, O]);
          expectClose(await y!.read(), reference(x, W, v, N, I, O, act, order, 1e-5, 0.2), { atol: 2e-4, rtol: 1e-4, what: 'y' });
        });
      }
    }
  }

  it('returns null (the caller runs GEMM and epilogue apart) when the product goes to a real vec4 kernel', () => {
    const x = tensor(randomData(256 * 1024, 1), [256, 1024]) as Real;
    const W = tensor(randomData(512 * 1024, 2), [512, 1024]) as Real;
    expect(planMatmul(x, W, { opB: 'T' }).tiles.kind).not.toBe('register');
    const c = tensor(new Float32Array(512).fill(1), [512]) as Real;
    expect(denseEval(x, { weight: W, bias: c, gamma: c, beta: c, runningMean: c, runningVar: c }, { act: 'relu', order: 'act-first', eps: 1e-5 })).toBeNull();
  });

  for (const [N, act] of [
    [1, 'relu'],
    [29, 'leaky'],
  ] as const) {
    it(`Sequential in eval mode, batch ${N}: same output as unfused, one dispatch per fused layer`, async () => {
      const gen = new Generator(5);
      const net = new Sequential<'f32'>(
        new Linear(18, 20, { generator: gen }),
        act === 'relu' ? new ReLU() : new LeakyReLU(0.04),
        new BatchNorm1d(20),
        new Linear(20, 40, { generator: gen }),
        new BatchNorm1d(40),
        new ReLU(),
        new Linear(40, 9, { generator: gen }),
      );
      // non-trivial running statistics: a few training passes
      net.train();
      for (let i = 0; i < 3; i++) net.forward(gen.normal([16, 18])).dispose();
      net.eval();
      const x = gen.normal([N, 18]);
      const stats = runtime().recorder.stats;
      const before = stats.dispatches;
      // inference: nothing asks for a gradient (with one, eval mode keeps the differentiable path)
      const fused = noGrad(() => net.forward(x));
      const fusedDispatches = stats.dispatches - before;
      const was = setFusion(false);
      const plain = noGrad(() => net.forward(x));
      setFusion(was);
      expectClose(await fused.read(), await plain.read(), { atol: 1e-5, rtol: 1e-4, what: 'y' });
      // two fused layers (one GEMM each) and the output Linear (GEMM + bias add)
      expect(fusedDispatches).toBeLessThanOrEqual(4);
    });
  }
});
