import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, tensor, tidy, type DType, type Tensor } from '../../../engine/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../../engine/checkpoint/checkpoint.js';
import { CheckpointError } from '../../../engine/checkpoint/errors.js';
import {
  Adam,
  AdamW,
  clipGradNorm,
  cosineWithWarmup,
  OptimizerError,
  piecewiseConstant,
  SGD,
  stepDecay,
  type AdamOptions,
  type Optimizer,
  type SgdOptions,
} from '../../../engine/optim/index.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

// ---- PyTorch fixtures (test/fixtures/torch/make-fixtures.py, torch 1.13 CPU) --------------------------------------
interface FixtureTensor {
  name: string;
  dtype: DType;
  shape: number[];
  data: number[];
}
interface OptimCase {
  name: string;
  options: Record<string, unknown>;
  params: FixtureTensor[];
  steps: Array<{ lr: number; grads: Array<number[] | null>; params: number[][] }>;
  final_state: Record<string, number[] | number>;
}
interface ClipCase {
  name: string;
  max_norm: number;
  grads: FixtureTensor[];
  total_norm: number;
  clipped: number[][];
}
const fixture = <T>(file: string): T[] => JSON.parse(readFileSync(new URL(`../../fixtures/torch/${file}`, import.meta.url), 'utf8')).cases;
const adamCases = fixture<OptimCase>('adam.json');
const sgdCases = fixture<OptimCase>('sgd.json');
const clipCases = fixture<ClipCase>('clip-grad-norm.json');

/** "Equal to PyTorch to 1e-6": float32 rounding-order differences only. */
const TORCH_TOL = { atol: 1e-6, rtol: 1e-6 };

const dir = mkdtempSync(join(tmpdir(), 'phasor-optim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function makeParams(c: OptimCase) {
  return c.params.map((p) => ({ name: p.name, param: tensor(p.data, p.shape, p.dtype) }));
}

function makeOptimizer(kind: 'adam' | 'sgd', c: OptimCase, params: Array<{ name: string; param: Tensor }>): Optimizer {
  // adam.json holds AdamOptions, sgd.json SgdOptions (test/fixtures/torch/make-fixtures.py names them so)
  const o = c.options as unknown as AdamOptions & SgdOptions;
  if (kind === 'sgd') return new SGD(params, o);
  return o.decoupledWeightDecay ? new AdamW(params, { ...o, decoupledWeightDecay: undefined } as AdamOptions) : new Adam(params, o);
}

/** Runs fixture steps [from, to) and checks parameters after each against PyTorch. */
async function runSteps(c: OptimCase, opt: Optimizer, params: Array<{ name: string; param: Tensor }>, from: number, to: number, asMap = false) {
  for (let k = from; k < to; k++) {
    const s = c.steps[k];
    opt.lr = s.lr;
    const grads = s.grads.map((g, i) => (g ? tensor(g, c.params[i].shape, c.params[i].dtype) : null));
    if (asMap) opt.step(new Map(params.map(({ param }, i) => [param, grads[i]])));
    else opt.step(grads);
    for (const g of grads) g?.dispose();
    for (let i = 0; i < params.length; i++) {
      expectClose(await params[i].param.read(), s.params[i], { ...TORCH_TOL, what: `${c.name} step ${k + 1} ${params[i].name}` });
    }
  }
}

async function checkFinalState(c: OptimCase, opt: Optimizer, names: Record<string, string>) {
  const st = opt.state();
  for (const [torchKey, ours] of Object.entries(names)) {
    for (const p of c.params) {
      const expected = c.final_state[`${torchKey}/${p.name}`] as number[];
      expectClose(await st.tensors[`${ours}/${p.name}`].read(), expected, { ...TORCH_TOL, what: `${c.name} ${torchKey}/${p.name}` });
    }
  }
  for (const p of c.params) {
    if (`step/${p.name}` in c.final_state) expect(st.scalars.steps[p.name]).toBe(c.final_state[`step/${p.name}`]);
  }
}

describe('Adam / AdamW against torch.optim', () => {
  for (const c of adamCases) {
    it(c.name, async () => {
      const params = makeParams(c);
      const ids = params.map((p) => p.param.buffer().id);
      const opt = makeOptimizer('adam', c, params);
      await runSteps(c, opt, params, 0, c.steps.length);
      // updated in place: the same tensors and buffers
      expect(params.map((p) => p.param.buffer().id)).toEqual(ids);
      await checkFinalState(c, opt, { exp_avg: 'm', exp_avg_sq: 'v' });
      opt.dispose();
    });
  }

  it('accepts gradients keyed by parameter (Map), skipping absent ones', async () => {
    const c = adamCases.find((x) => x.name === 'adam-l2-weight-decay')!;
    const params = makeParams(c);
    await runSteps(c, makeOptimizer('adam', c, params), params, 0, c.steps.length, true);
  });

  it('resumes from a checkpoint of params + state mid-run and matches the uninterrupted run', async () => {
    const c = adamCases.find((x) => x.name === 'adam-complex')!;
    const path = join(dir, 'adam-resume.safetensors');
    {
      const params = makeParams(c);
      const opt = makeOptimizer('adam', c, params);
      await runSteps(c, opt, params, 0, 2);
      const st = opt.state();
      const tensors = Object.fromEntries(params.map((p) => [`param/${p.name}`, p.param]));
      await saveCheckpoint(path, { tensors: { ...tensors, ...st.tensors }, metadata: { step: 2, optimizer: st.scalars } });
      opt.dispose();
    }
    const loaded = await loadCheckpoint(path);
    // fresh parameters and optimizer (different hyperparameters: loadState restores them)
    const params = c.params.map((p) => ({ name: p.name, param: tensor(new Float32Array(p.data.length), p.shape, p.dtype) }));
    const opt = new Adam(params, { lr: 1, betas: [0.5, 0.5] });
    for (const p of params) {
      const src = loaded.tensors[`param/${p.name}`];
      expect(src.shape).toEqual(p.param.shape);
      p.param.runtime.recorder.copy(src.buffer().buffer, 0, p.param.buffer().buffer, 0, p.param.byteLength);
    }
    const stateTensors = Object.fromEntries(Object.entries(loaded.tensors).filter(([k]) => !k.startsWith('param/')));
    opt.loadState({ tensors: stateTensors, scalars: loaded.metadata.optimizer as Record<string, unknown> });
    for (const t of Object.values(loaded.tensors)) t.dispose();
    expect([opt.beta1, opt.beta2, opt.weightDecay, opt.stepCount('W')]).toEqual([0.9, 0.999, 0.01, 2]);
    await runSteps(c, opt, params, 2, c.steps.length);
    await checkFinalState(c, opt, { exp_avg: 'm', exp_avg_sq: 'v' });
  });

  it('keeps its state out of enclosing tidy() scopes', async () => {
    const p = tensor([1, 2, 3], [3]);
    const opt = tidy(() => new Adam([{ name: 'p', param: p }], { lr: 0.1 }));
    opt.step([tensor([1, 1, 1], [3])]);
    expect(Array.from(await opt.state().tensors['m/p'].read()).map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.1, 0.1, 0.1]);
  });

  it('refuses bad hyperparameters, gradients and state', () => {
    const p = tensor([1, 2, 3], [3]);
    const named = [{ name: 'p', param: p }];
    expect(() => new Adam(named, { betas: [0.9, 1] })).toThrow(OptimizerError);
    expect(() => new Adam(named, { lr: -1 })).toThrow(/lr must be a finite number ≥ 0; got -1/);
    expect(() => new Adam([...named, { name: 'p', param: tensor([1], [1]) }])).toThrow(/duplicate parameter name 'p'/);
    const opt = new Adam(named);
    expect(() => opt.step([tensor([1, 2], [2])])).toThrow(ShapeError);
    expect(() => opt.step([tensor([1, 2, 3], [3]), null])).toThrow(/got 2 gradients; expected 1/);
    expect(() => opt.step([tensor([1, 0, 2, 0, 3, 0], [3], 'c64')])).toThrow(DTypeError);
    expect(() => opt.step([p])).toThrow(/the parameter tensor itself/);
    expect(() => new SGD(named, { lr: 0.1, nesterov: true })).toThrow(/nesterov requires momentum > 0/);
    const st = opt.state();
    expect(() => new SGD(named, { lr: 0.1 }).loadState(st)).toThrow(CheckpointError);
    expect(() => opt.loadState({ tensors: {}, scalars: st.scalars })).toThrow(/state tensor 'm\/p' is missing/);
    opt.dispose();
    expect(() => opt.step([null])).toThrow(/used after dispose/);
  });
});

describe('SGD against torch.optim.SGD', () => {
  for (const c of sgdCases) {
    it(c.name, async () => {
      const params = makeParams(c);
      const opt = makeOptimizer('sgd', c, params);
      await runSteps(c, opt, params, 0, c.steps.length);
      if ((c.options.momentum as number) > 0) await checkFinalState(c, opt, { momentum_buffer: 'momentum' });
      else expect(Object.keys(opt.state().tensors)).toEqual([]);
    });
  }

  it('resumes momentum state through state()/loadState()', async () => {
    const c = sgdCases.find((x) => x.name === 'sgd-nesterov')!;
    const params = makeParams(c);
    const first = makeOptimizer('sgd', c, params) as SGD;
    await runSteps(c, first, params, 0, 2);
    const second = new SGD(params, { lr: 9, momentum: 0.8, nesterov: true });
    second.loadState(first.state());
    first.dispose();
    await runSteps(c, second, params, 2, c.steps.length);
  });
});

describe('clipGradNorm', () => {
  for (const c of clipCases) {
    it(`matches torch.nn.utils.clip_grad_norm_: ${c.name}`, async () => {
      const grads = c.grads.map((g) => tensor(g.data, g.shape, g.dtype));
      const norm = clipGradNorm(grads, c.max_norm);
      expect(await norm.item()).toBeCloseTo(c.total_norm, 4);
      for (let i = 0; i < grads.length; i++) expectClose(await grads[i].read(), c.clipped[i], { ...TORCH_TOL, what: c.grads[i].name });
    });
  }

  it('reduces large gradients (many partial sums per tensor) against float64, without reading back', async () => {
    const a = randomData(300_000, 5);
    const b = randomData(2 * 1000, 6);
    const ga = tensor(a, [300_000]);
    const gb = tensor(b, [1000], 'c64');
    let sum = 0;
    for (const x of a) sum += x * x;
    for (const x of b) sum += x * x;
    const total = Math.sqrt(sum);
    const rt = ga.runtime;
    const submits = rt.recorder.stats.submits;
    const norm = clipGradNorm(
      new Map<number, Tensor | null>([
        [0, ga],
        [1, gb],
        [2, null],
      ]),
      2,
    );
    expect(rt.recorder.stats.submits).toBe(submits); // recorded only: nothing waited on the GPU
    expect(await norm.item()).toBeCloseTo(total, 1);
    expect(Math.abs((await norm.item()) - total) / total).toBeLessThan(1e-5);
    const coef = 2 / (total + 1e-6);
    expectClose(
      await ga.read(),
      a.map((x) => x * coef),
      { atol: 1e-6, rtol: 1e-5 },
    );
    expectClose(
      await gb.read(),
      b.map((x) => x * coef),
      { atol: 1e-6, rtol: 1e-5 },
    );
  });

  it('zero max norm zeroes the gradients; no gradients gives a zero norm', async () => {
    const g = tensor([3, 4], [2]);
    expect(await clipGradNorm([g], 0).item()).toBeCloseTo(5, 5);
    expect(Array.from(await g.read())).toEqual([0, 0]);
    expect(await clipGradNorm([], 1).item()).toBe(0);
    expect(() => clipGradNorm([g, g], 1)).toThrow(/appears twice/);
    expect(() => clipGradNorm([g], -1)).toThrow(OptimizerError);
  });
});

describe('learning-rate schedules', () => {
  it('piecewise constant', () => {
    const f = piecewiseConstant([10, 20], [1, 0.5, 0.1]);
    expect([0, 9, 10, 19, 20, 1000].map(f)).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
    expect(() => piecewiseConstant([10], [1])).toThrow(/expected 2 values for 1 boundaries; got 1/);
    expect(() => piecewiseConstant([10, 5], [1, 2, 3])).toThrow(/increase/);
  });

  it('step decay (StepLR)', () => {
    const f = stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.1 });
    expect(f(0)).toBe(0.1);
    expect(f(29)).toBe(0.1);
    expect(f(30)).toBeCloseTo(0.01, 15);
    expect(f(65)).toBeCloseTo(0.001, 15);
    expect(() => f(-1)).toThrow(OptimizerError);
  });

  it('cosine with warmup', () => {
    const f = cosineWithWarmup({ lr: 1e-3, warmupSteps: 10, totalSteps: 110, minLr: 1e-5 });
    expect(f(0)).toBe(0);
    expect(f(5)).toBeCloseTo(5e-4, 15);
    expect(f(10)).toBeCloseTo(1e-3, 15);
    expect(f(60)).toBeCloseTo(1e-5 + (1e-3 - 1e-5) / 2, 15);
    expect(f(110)).toBeCloseTo(1e-5, 15);
    expect(f(500)).toBeCloseTo(1e-5, 15);
    for (let s = 10; s < 110; s++) expect(f(s + 1)).toBeLessThanOrEqual(f(s));
    expect(cosineWithWarmup({ lr: 1, warmupSteps: 0, totalSteps: 0 })(3)).toBe(0);
  });
});
