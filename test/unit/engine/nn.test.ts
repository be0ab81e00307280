/**
 * Layers (engine/nn): module mechanics (dotted names, train/eval, state dicts through checkpoints, functionalCall),
 * seeded initialization (reproducible, variances within 4 standard errors), finite-difference checks of every
 * layer's gradients wrt inputs and parameters, PyTorch 1.13 fixtures (test/fixtures/torch/nn.py), and the errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  backward,
  conj,
  Generator,
  leakyRelu,
  loadCheckpoint,
  mul,
  re,
  relu,
  saveCheckpoint,
  ShapeError,
  sigmoid,
  sum,
  tanh,
  tensor,
  tidy,
  Adam,
  type Tensor,
} from '../../../engine/index.js';
import {
  BatchNorm1d,
  ComplexLinear,
  functionalCall,
  initTensor,
  initVariance,
  LeakyReLU,
  Linear,
  manualSeed,
  mlp,
  Module,
  ModuleError,
  ReLU,
  RNNCell,
  Sequential,
  Sigmoid,
  Tanh,
  type InitKind,
} from '../../../engine/nn/index.js';
import { bceWithLogits } from '../../../engine/losses/index.js';
import { gradcheck, type HostTensor } from '../../../engine/autodiff/gradcheck.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';
import { loadTorchFixture, uploadFixtureInput, type FixtureInput } from '../../helpers/torch-fixtures.js';
import { expectGradcheck, hostInput } from '../../helpers/gradcheck.js';

const rt = useRuntime();

const dir = mkdtempSync(join(tmpdir(), 'phasor-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readAll = (ts: Tensor[]) => Promise.all(ts.map((t) => t.read()));

// ---- module mechanics ---------------------------------------------------------------------------------------------

describe('Module', () => {
  it('names parameters and buffers with dots, as PyTorch (mlp from a layer table)', () => {
    const model = mlp(
      [
        { units: 8, bn: true, act: 'relu' },
        { units: 4, bn: true, act: 'leaky-relu' },
        { units: 2, act: 'sigmoid' },
      ],
      { in: 3, generator: new Generator(1) },
    );
    expect(model.namedParameters().map((p) => `${p.name} [${p.param.shape.join(', ')}]`)).toEqual([
      'layers.0.weight [8, 3]',
      'layers.0.bias [8]',
      'layers.1.weight [8]',
      'layers.1.bias [8]',
      'layers.3.weight [4, 8]',
      'layers.3.bias [4]',
      'layers.4.weight [4]',
      'layers.4.bias [4]',
      'layers.6.weight [2, 4]',
      'layers.6.bias [2]',
    ]);
    expect(model.namedBuffers().map((b) => b.name)).toEqual(['layers.1.running_mean', 'layers.1.running_var', 'layers.4.running_mean', 'layers.4.running_var']);
    expect(Object.keys(model.stateDict())).toHaveLength(14);
    expect(model.parameters().every((p) => p.requiresGrad)).toBe(true);
    expect(model.namedBuffers().every((b) => !b.param.requiresGrad)).toBe(true);
    expect(model.parameterCount()).toBe(8 * 3 + 8 + 16 + 4 * 8 + 4 + 8 + 2 * 4 + 2);
    expect(model.layers.layers.map((m) => m.typeName)).toEqual(['Linear', 'BatchNorm1d', 'ReLU', 'Linear', 'BatchNorm1d', 'LeakyReLU', 'Linear', 'Sigmoid']);
    model.dispose();
  });

  it('train() and eval() switch every descendant', () => {
    const model = mlp([{ units: 4, bn: true, act: 'relu' }, { units: 2 }], { in: 3 });
    expect(model.namedModules().every(({ module }) => module.training)).toBe(true);
    model.eval();
    expect(model.namedModules().every(({ module }) => !module.training)).toBe(true);
    model.train();
    expect(model.layers.at(1).training).toBe(true);
    model.dispose();
  });

  it('parameters survive tidy scopes; dispose releases them; use after dispose throws', () => {
    const lin = tidy(() => new Linear(3, 2));
    expect(lin.weight.isDisposed).toBe(false);
    lin.dispose();
    expect(() => lin.forward(tensor([1, 2, 3], [3]))).toThrow(ModuleError);
    expect(() => lin.forward(tensor([1, 2, 3], [3]))).toThrow(/Linear: used after dispose\(\)/);
  });

  it('refuses bad and duplicate names', () => {
    class Bad extends Module {
      constructor(name: string, twice = false) {
        super();
        this.registerModule(name, new ReLU());
        if (twice) this.registerModule(name, new ReLU());
      }
    }
    expect(() => new Bad('a.b')).toThrow(/name "a.b" must be letters, digits or '_'/);
    expect(() => new Bad('a', true)).toThrow(/name 'a' is already registered/);
    expect(() => new Sequential({} as never)).toThrow(/layer 0 has no forward\(x\) method/);
  });

  it('stateDict round trip through saveCheckpoint / loadCheckpoint, running statistics included, in place', async () => {
    const spec = [{ units: 6, bn: true, act: 'relu' as const }, { units: 3 }];
    const a = mlp(spec, { in: 4, generator: new Generator(11) });
    // move the running statistics away from their initial values
    tidy(
      () =>
        void a.forward(
          tensor(
            randomData(5 * 4, 2).map((v) => 3 * v + 1),
            [5, 4],
          ),
        ),
    );
    const path = join(dir, 'mlp.safetensors');
    await saveCheckpoint(path, { tensors: a.stateDict(), metadata: { spec } });

    const b = mlp(spec, { in: 4, generator: new Generator(12) });
    const params = b.parameters();
    const opt = new Adam(b.namedParameters());
    const loaded = await loadCheckpoint(path, { expect: b.stateSpec() });
    b.loadStateDict(loaded.tensors);
    for (const t of Object.values(loaded.tensors)) t.dispose();
    expect(loaded.metadata.spec).toEqual(spec);
    // the same tensors as before (optimizers hold them), now with a's values
    expect(b.parameters().every((p, i) => p === params[i])).toBe(true);
    const [sa, sb] = [a.stateDict(), b.stateDict()];
    expect(Object.keys(sb)).toEqual(Object.keys(sa));
    for (const k of Object.keys(sa)) expectClose(await sb[k].read(), await sa[k].read(), { atol: 0, rtol: 0, what: k });
    const runningVar = await sb['layers.1.running_var'].read();
    expect(Array.from(runningVar).some((v) => Math.abs(v - 1) > 0.05)).toBe(true);
    // eval-mode outputs agree
    a.eval();
    b.eval();
    const x = randomData(2 * 4, 3);
    const [ya, yb] = tidy(() => [a.forward(tensor(x, [2, 4])), b.forward(tensor(x, [2, 4]))]);
    expectClose(await yb.read(), await ya.read(), { atol: 0, rtol: 0 });
    opt.dispose();
    a.dispose();
    b.dispose();
  });

  it('a training step (forward, BCE, backward, Adam) releases every temporary buffer', async () => {
    const model = mlp([{ units: 6, bn: true, act: 'relu' }, { units: 2 }], { in: 3, generator: new Generator(3) });
    const opt = new Adam(model.namedParameters(), { lr: 1e-3 });
    const x = randomData(8 * 3, 4);
    const y = Float32Array.from(randomData(8 * 2, 5), (v) => (v > 0 ? 1 : 0));
    const step = () =>
      tidy(() => {
        const loss = bceWithLogits(model.forward(tensor(x, [8, 3])), tensor(y, [8, 2]));
        const grads = backward(loss);
        expect(grads.size).toBe(model.parameters().length);
        opt.step(grads);
      });
    step();
    const before = rt().memory();
    step();
    step();
    const after = rt().memory();
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.liveBytes).toBe(before.liveBytes);
    opt.dispose();
    model.dispose();
  });

  it('loadStateDict checks every name, shape and dtype before copying anything', () => {
    const lin = new Linear(3, 2, { generator: new Generator(1) });
    tidy(() => {
      expect(() => lin.loadStateDict({ weight: tensor(new Float32Array(6), [2, 3]) })).toThrow(/missing: bias/);
      expect(() => lin.loadStateDict({ weight: tensor(new Float32Array(6), [3, 2]), bias: tensor([0, 0], [2]) })).toThrow(
        /'weight' has shape \[3, 2\]; expected \[2, 3\]/,
      );
      expect(() => lin.loadStateDict({ weight: tensor(new Float32Array(6), [2, 3]), bias: tensor([0, 0, 0, 0], [2], 'c64') })).toThrow(
        /'bias' has dtype c64; expected f32/,
      );
      lin.loadStateDict({ bias: tensor([5, 6], [2]) }, { strict: false });
    });
    return lin.bias!.read().then((b) => {
      expectClose(b, [5, 6]);
      lin.dispose();
    });
  });
});

// ---- initialization -----------------------------------------------------------------------------------------------

describe('initialization', () => {
  it('the same seed gives the same weights; manualSeed resets the default generator', async () => {
    const w = async (make: () => Linear) => {
      const l = make();
      const out = await readAll([l.weight, l.bias!]);
      l.dispose();
      return out;
    };
    const a = await w(() => new Linear(16, 8, { generator: new Generator(7) }));
    const b = await w(() => new Linear(16, 8, { generator: new Generator(7) }));
    const c = await w(() => new Linear(16, 8, { generator: new Generator(8) }));
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
    manualSeed(5);
    const d1 = await w(() => new Linear(16, 8));
    const d2 = await w(() => new Linear(16, 8));
    manualSeed(5);
    const d3 = await w(() => new Linear(16, 8));
    expect(d2[0]).not.toEqual(d1[0]);
    expect(d3).toEqual(d1);
  });

  /** Sample mean and variance (about a known zero mean) of the values, and the standard error of that variance. */
  function moments(v: Float32Array, fourthOverVar2: number): { mean: number; variance: number; se: number } {
    let s1 = 0;
    let s2 = 0;
    for (const x of v) {
      s1 += x;
      s2 += x * x;
    }
    const n = v.length;
    const variance = s2 / n;
    // Var(mean of x²) = (E x⁴ − σ⁴)/n = σ⁴ (κ − 1)/n with κ = E x⁴/σ⁴ (3 normal, 9/5 uniform)
    return { mean: s1 / n, variance, se: (variance * Math.sqrt(fourthOverVar2 - 1)) / Math.sqrt(n) };
  }

  const KINDS: Array<[InitKind, number]> = [
    ['torch-default', 9 / 5],
    ['kaiming-uniform', 9 / 5],
    ['kaiming-normal', 3],
    ['xavier-uniform', 9 / 5],
    ['xavier-normal', 3],
  ];
  it.each(KINDS)('%s [256, 512] f32: zero mean and the promised variance within 4 standard errors', async (kind, kurtosis) => {
    const shape = [256, 512];
    const t = initTensor(kind, shape, { generator: new Generator(99) });
    const v = await t.read();
    t.dispose();
    const expected = initVariance(kind, shape);
    const { mean, variance, se } = moments(v, kurtosis);
    expect(Math.abs(variance - expected), `variance ${variance} vs ${expected} (se ${se})`).toBeLessThan(4 * se);
    expect(Math.abs(mean)).toBeLessThan((4 * Math.sqrt(expected)) / Math.sqrt(v.length));
    if (kind.endsWith('uniform') || kind === 'torch-default') {
      const bound = Math.sqrt(3 * expected);
      expect(v.reduce((m, x) => Math.max(m, Math.abs(x)), 0)).toBeLessThanOrEqual(bound);
    }
  });

  it('named variances: Kaiming 2/fanIn, Xavier 2/(fanIn + fanOut), torch default 1/(3 fanIn)', () => {
    expect(initVariance('kaiming-normal', [256, 512])).toBeCloseTo(2 / 512, 12);
    expect(initVariance('kaiming-uniform', [256, 512], { mode: 'fanOut', gain: 1 })).toBeCloseTo(1 / 256, 12);
    expect(initVariance('xavier-uniform', [256, 512])).toBeCloseTo(2 / 768, 12);
    expect(initVariance('torch-default', [256, 512])).toBeCloseTo(1 / 1536, 12);
    expect(() => initVariance('torch-default', [4, 4], { gain: 2 })).toThrow(/fixed scale/);
    expect(() => initVariance('xavier-normal', [4, 4], { mode: 'fanIn' })).toThrow(/uses fanIn \+ fanOut/);
  });

  it.each(['kaiming-normal', 'kaiming-uniform'] as InitKind[])('%s c64: E|w|² = 2/fanIn split equally over Re and Im', async (kind) => {
    const shape = [128, 256];
    const t = initTensor(kind, shape, { dtype: 'c64', generator: new Generator(3) });
    const v = await t.read();
    t.dispose();
    const expected = initVariance(kind, shape);
    const parts = [0, 1].map((p) => v.filter((_, i) => i % 2 === p));
    const kurtosis = kind === 'kaiming-normal' ? 3 : 9 / 5;
    for (const part of parts) {
      const { variance, se } = moments(part, kurtosis);
      expect(Math.abs(variance - expected / 2), `part variance ${variance} vs ${expected / 2}`).toBeLessThan(4 * se);
    }
  });
});

// ---- layers: finite differences ------------------------------------------------------------------------------------

describe('layers: finite-difference gradient checks wrt inputs and parameters', () => {
  const bnCheck = (training: boolean, shape: number[]) => async () => {
    const C = shape[1];
    const bn = new BatchNorm1d(C);
    if (!training) {
      // non-trivial running statistics
      tidy(() =>
        bn.loadStateDict(
          {
            running_mean: tensor(randomData(C, 5), [C]),
            running_var: tensor(
              randomData(C, 6).map((v) => 1 + v / 2),
              [C],
            ),
          },
          { strict: false },
        ),
      );
      bn.eval();
    }
    const x = hostInput({ shape, dtype: 'f32' }, 21);
    x.data = (x.data as Float32Array).map((v, i) => 2 * v + (i % C));
    const w = hostInput({ shape: [C], dtype: 'f32' }, 22);
    const b = hostInput({ shape: [C], dtype: 'f32' }, 23);
    const report = await gradcheck((xt, wt, bt) => functionalCall(bn, { weight: wt, bias: bt }, () => bn.forward(xt)), [x, w, b]);
    expectGradcheck(report, `BatchNorm1d ${training ? 'train' : 'eval'} ${shape}`);
    bn.dispose();
  };
  it('BatchNorm1d train mode [8, 5] (through the batch statistics)', bnCheck(true, [8, 5]));
  it('BatchNorm1d train mode [4, 3, 5]', bnCheck(true, [4, 3, 5]));
  it('BatchNorm1d eval mode [6, 4]', bnCheck(false, [6, 4]));

  it('activation modules are the ops', async () => {
    const x = randomData(20, 31).map((v) => 3 * v);
    const pairs = tidy(() => {
      const t = tensor(x, [4, 5]);
      return [
        [new ReLU().forward(t), relu(t)],
        [new LeakyReLU(0.2).forward(t), leakyRelu(t, 0.2)],
        [new Sigmoid().forward(t), sigmoid(t)],
        [new Tanh().forward(t), tanh(t)],
      ];
    });
    for (const [a, b] of pairs) expectClose(await a.read(), await b.read(), { atol: 0, rtol: 0 });
  });

  it('Linear wrt x, W and b', async () => {
    const lin = new Linear(5, 3, { generator: new Generator(2) });
    const inputs = [hostInput({ shape: [4, 5], dtype: 'f32' }, 1), hostInput({ shape: [3, 5], dtype: 'f32' }, 2), hostInput({ shape: [3], dtype: 'f32' }, 3)];
    expectGradcheck(await gradcheck((x, w, b) => functionalCall(lin, { weight: w, bias: b }, () => lin.forward(x)), inputs), 'Linear');
    // a complex input through real weights, with leading batch axes
    const c = [hostInput({ shape: [2, 2, 5], dtype: 'c64' }, 4), hostInput({ shape: [3, 5], dtype: 'f32' }, 5)];
    expectGradcheck(await gradcheck((x, w) => functionalCall(lin, { weight: w }, () => lin.forward(x)), c), 'Linear, complex x [2, 2, 5]');
    lin.dispose();
  });

  it('ComplexLinear wrt x (complex and real), W and b', async () => {
    const lin = new ComplexLinear(4, 3, { generator: new Generator(3) });
    const inputs = [hostInput({ shape: [5, 4], dtype: 'c64' }, 6), hostInput({ shape: [3, 4], dtype: 'c64' }, 7), hostInput({ shape: [3], dtype: 'c64' }, 8)];
    expectGradcheck(await gradcheck((x, w, b) => functionalCall(lin, { weight: w, bias: b }, () => lin.forward(x)), inputs), 'ComplexLinear');
    expectGradcheck(await gradcheck((x) => lin.forward(x), [hostInput({ shape: [5, 4], dtype: 'f32' }, 9)]), 'ComplexLinear, real x');
    lin.dispose();
  });

  it('RNNCell (ReLU) unrolled over 3 steps wrt inputs, h0 and all four parameters', async () => {
    const cell = new RNNCell(3, 4, { generator: new Generator(4) });
    const inputs = [
      hostInput({ shape: [3, 2, 3], dtype: 'f32' }, 10),
      hostInput({ shape: [2, 4], dtype: 'f32' }, 11),
      hostInput({ shape: [4, 3], dtype: 'f32' }, 12),
      hostInput({ shape: [4, 4], dtype: 'f32' }, 13),
      hostInput({ shape: [4], dtype: 'f32' }, 14),
      hostInput({ shape: [4], dtype: 'f32' }, 15),
    ];
    const fn = (xs: Tensor, h0: Tensor, wih: Tensor, whh: Tensor, bih: Tensor, bhh: Tensor) =>
      functionalCall(cell, { weight_ih: wih, weight_hh: whh, bias_ih: bih, bias_hh: bhh }, () => cell.forwardSequence(xs, h0).outputs);
    expectGradcheck(await gradcheck(fn as (...xs: Tensor[]) => Tensor, inputs), 'RNNCell unrolled');
    cell.dispose();
  });

  it('mlp with BN: gradients of every parameter by finite differences', async () => {
    const model = mlp([{ units: 5, bn: true, act: 'tanh' }, { units: 2 }], { in: 3, generator: new Generator(6) });
    const names = model.namedParameters().map((p) => p.name);
    const shapes = model.namedParameters().map((p) => p.param.shape);
    const x = tensorHost([6, 3], 40);
    const inputs = shapes.map((shape, i) => hostInput({ shape, dtype: 'f32' }, 41 + i));
    const fn = (...ps: Tensor[]) => functionalCall(model, Object.fromEntries(names.map((n, i) => [n, ps[i]])), () => model.forward(tensor(x.data, x.shape)));
    expectGradcheck(await gradcheck(fn, inputs), 'mlp parameters');
    model.dispose();
  });
});

function tensorHost(shape: number[], seed: number): HostTensor {
  return hostInput({ shape, dtype: 'f32' }, seed);
}

// ---- PyTorch fixtures ---------------------------------------------------------------------------------------------

interface FixtureCase {
  name: string;
  inputs: FixtureInput[];
  outputs: Record<string, number[]>;
  grads: Record<string, number[]>;
}
const fixture = loadTorchFixture<FixtureCase>('nn.json');
const fixtureCase = (name: string) => {
  const c = fixture.cases.find((k) => k.name === name);
  if (!c) throw new Error(`fixture case ${name} missing; regenerate test/fixtures/torch/nn.json`);
  const t: Record<string, FixtureInput> = {};
  for (const i of c.inputs) t[i.name] = i;
  return { c, t };
};
const upload = (i: FixtureInput) => uploadFixtureInput({ ...i, grad: false });
/** L = Σ Re(conj(r) ⊙ y) */
const weighted = (y: Tensor, rw: Tensor) => sum(y.dtype === 'c64' ? re(mul(conj(rw), y)) : mul(rw, y));
const TOL = { atol: 2e-5, rtol: 1e-5 };

describe(`layers: PyTorch ${fixture.torch} fixtures`, () => {
  it.each(['batchnorm-train-2d', 'batchnorm-train-3d'])('%s: output, running statistics, gradients of x, γ, β', async (name) => {
    const { c, t } = fixtureCase(name);
    const C = t.x.shape[1];
    const bn = new BatchNorm1d(C);
    const out = tidy(() => {
      bn.loadStateDict({ weight: upload(t.weight), bias: upload(t.bias) }, { strict: false });
      const x = upload(t.x).requireGrad();
      const y = bn.forward(x);
      const grads = backward(weighted(y, upload(t.r)));
      return [y, grads.get(x)!, grads.get(bn.weight!)!, grads.get(bn.bias!)!];
    });
    const [y, gx, gw, gb] = await readAll(out);
    expectClose(y, c.outputs.y, { ...TOL, what: 'y' });
    expectClose(await bn.runningMean!.read(), c.outputs.running_mean, { ...TOL, what: 'running_mean' });
    expectClose(await bn.runningVar!.read(), c.outputs.running_var, { ...TOL, what: 'running_var (unbiased)' });
    expectClose(gx, c.grads.x, { ...TOL, what: 'grad x' });
    expectClose(gw, c.grads.weight, { ...TOL, what: 'grad weight' });
    expectClose(gb, c.grads.bias, { ...TOL, what: 'grad bias' });
    bn.dispose();
  });

  it('batchnorm-eval-after-updates: running statistics after 3 training batches (momentum 0.2, eps 1e-3), eval output and gradient', async () => {
    const { c, t } = fixtureCase('batchnorm-eval-after-updates');
    const bn = new BatchNorm1d(4, { momentum: 0.2, eps: 1e-3 });
    tidy(() => {
      bn.loadStateDict({ weight: upload(t.weight), bias: upload(t.bias) }, { strict: false });
      for (const k of [0, 1, 2]) bn.forward(upload(t[`x${k}`]));
    });
    expectClose(await bn.runningMean!.read(), c.outputs.running_mean, { ...TOL, what: 'running_mean' });
    expectClose(await bn.runningVar!.read(), c.outputs.running_var, { ...TOL, what: 'running_var' });
    bn.eval();
    const [y, gx] = tidy(() => {
      const x = upload(t.x_test).requireGrad();
      const y = bn.forward(x);
      return [y, backward(weighted(y, upload(t.r))).get(x)!];
    });
    expectClose(await y.read(), c.outputs.y, { ...TOL, what: 'eval y' });
    expectClose(await gx.read(), c.grads.x_test, { ...TOL, what: 'eval grad x' });
    bn.dispose();
  });

  it.each([
    ['linear', () => new Linear(3, 5)],
    ['complex-linear', () => new ComplexLinear(3, 5)],
  ] as const)('%s with fixed weights: output and gradients of x, W, b', async (name, make) => {
    const { c, t } = fixtureCase(name);
    const lin = make();
    const out = tidy(() => {
      lin.loadStateDict({ weight: upload(t.weight), bias: upload(t.bias) });
      const x = upload(t.x).requireGrad();
      const y = lin.forward(x);
      const grads = backward(weighted(y, upload(t.r)));
      return [y, grads.get(x)!, grads.get(lin.weight)!, grads.get(lin.bias!)!];
    });
    const [y, gx, gw, gb] = await readAll(out);
    expectClose(y, c.outputs.y, { ...TOL, what: 'y' });
    expectClose(gx, c.grads.x, { ...TOL, what: 'grad x' });
    expectClose(gw, c.grads.weight, { ...TOL, what: 'grad weight' });
    expectClose(gb, c.grads.bias, { ...TOL, what: 'grad bias' });
    lin.dispose();
  });

  it('rnn-cell-relu-unrolled: 3 steps, outputs and gradients of xs, h0 and the parameters', async () => {
    const { c, t } = fixtureCase('rnn-cell-relu-unrolled');
    const cell = new RNNCell(4, 5);
    const names = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];
    const out = tidy(() => {
      cell.loadStateDict(Object.fromEntries(names.map((n) => [n, upload(t[n])])));
      const xs = upload(t.xs).requireGrad();
      const h0 = upload(t.h0).requireGrad();
      const { outputs } = cell.forwardSequence(xs, h0);
      const grads = backward(weighted(outputs, upload(t.r)));
      const params = cell.namedParameters().map((p) => grads.get(p.param)!);
      return [outputs, grads.get(xs)!, grads.get(h0)!, ...params];
    });
    const [y, gxs, gh0, ...gp] = await readAll(out);
    expectClose(y, c.outputs.y, { ...TOL, what: 'outputs' });
    expectClose(gxs, c.grads.xs, { ...TOL, what: 'grad xs' });
    expectClose(gh0, c.grads.h0, { ...TOL, what: 'grad h0' });
    cell.namedParameters().forEach((p, i) => expectClose(gp[i], c.grads[p.name], { ...TOL, what: `grad ${p.name}` }));
    cell.dispose();
  });
});

// ---- errors -------------------------------------------------------------------------------------------------------

describe('layers: errors', () => {
  it('name the layer, the expected and the actual shape', () => {
    const lin = new Linear(4, 2);
    const bn = new BatchNorm1d(3);
    const cell = new RNNCell(2, 3);
    tidy(() => {
      expect(() => lin.forward(tensor(new Float32Array(6), [2, 3]))).toThrow(ShapeError);
      expect(() => lin.forward(tensor(new Float32Array(6), [2, 3]))).toThrow(/Linear: expected input \[\.\.\., 4\]; got \[2, 3\]/);
      expect(() => bn.forward(tensor(new Float32Array(8), [2, 4]))).toThrow(/BatchNorm1d: expected input \[N, 3\] or \[N, 3, L\]; got \[2, 4\]/);
      expect(() => bn.forward(tensor(new Float32Array(3), [1, 3]))).toThrow(/more than 1 value per feature in training mode/);
      expect(() => cell.forward(tensor(new Float32Array(4), [2, 2]), tensor(new Float32Array(4), [2, 2]))).toThrow(/expected hidden state \[2, 3\]/);
      expect(() => functionalCall(lin, { weights: tensor([1], [1]) }, () => 0)).toThrow(/has no parameter or buffer 'weights'; it has weight, bias/);
      expect(() => functionalCall(lin, { weight: tensor([1], [1]) }, () => 0)).toThrow(/'weight' must be \[2, 4\] f32; got \[1\] f32/);
    });
    expect(() => new Linear(0, 2)).toThrow(/inFeatures must be a positive integer; got 0/);
    expect(() => mlp([{ units: 3, act: 'gelu' as never }], { in: 2 })).toThrow(/unknown activation "gelu"/);
    for (const m of [lin, bn, cell]) m.dispose();
  });

  it('eval mode without training statistics is allowed for a single sample', async () => {
    const bn = new BatchNorm1d(3).eval();
    const y = tidy(() => bn.forward(tensor([1, 2, 3], [1, 3])));
    // fresh running statistics (0, 1): y = x / √(1 + ε)
    expectClose(
      await y.read(),
      [1, 2, 3].map((v) => v / Math.sqrt(1 + 1e-5)),
    );
    bn.dispose();
  });
});
