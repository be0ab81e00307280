import { describe, expect, it } from 'vitest';
import {
  Adam,
  add,
  backward,
  CaptureError,
  compileStep,
  complexNormal,
  Generator,
  keep,
  matmul,
  scale,
  zeros,
  mlp,
  mse,
  runtime,
  SGD,
  tensor,
  type Real,
  type Tensor,
} from '../../../engine/index.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

/** A small BN MLP regression with fresh Generator noise every step: 20 steps eager, then the same compiled. */
async function trainTwenty(compiled: boolean, optimizer: 'adam' | 'sgd' = 'adam') {
  const net = mlp([{ units: 13, bn: true, act: 'relu' }, { units: 5 }], { in: 7, generator: new Generator(3) });
  const opt = optimizer === 'adam' ? new Adam(net.namedParameters(), { lr: 1e-2 }) : new SGD(net.namedParameters(), { lr: 1e-2, momentum: 0.9 });
  const gen = new Generator(11);
  net.train();
  const body = (x: Real, y: Real) => {
    const loss = mse(net.forward(x), y);
    const noise = gen.normal([1]); // a fresh draw every step: a dynamic parameter
    opt.step(backward(loss));
    noise.dispose();
    return loss;
  };
  const step = compiled ? compileStep(body, { name: 'test-mlp' }) : body;
  const losses: number[] = [];
  for (let i = 0; i < 20; i++) {
    if (i === 10) opt.lr = 5e-3; // a schedule change mid-way must reach the replays
    const x = tensor(randomData(19 * 7, 100 + i), [19, 7]);
    const y = tensor(randomData(19 * 5, 200 + i), [19, 5]);
    const loss = step(x, y);
    losses.push(await loss.item());
    x.dispose();
    y.dispose();
    if (!compiled) loss.dispose();
  }
  const params = await Promise.all(net.namedParameters().map(async ({ param }) => Array.from(await param.read())));
  const buffers = await Promise.all(net.namedBuffers().map(async ({ param: t }) => Array.from(await t.read())));
  const draw = Array.from(await gen.normal([4]).read());
  const stats = compiled ? (step as ReturnType<typeof compileStep>).stats : null;
  if (compiled) (step as ReturnType<typeof compileStep>).dispose();
  opt.dispose();
  net.dispose();
  return { losses, params, buffers, draw, stats, stepCount: opt.stepCount(opt.params[0].name) };
}

describe('compileStep', () => {
  for (const kind of ['adam', 'sgd'] as const) {
    it(`replays 20 ${kind} steps bit-identically to eager execution`, async () => {
      const eager = await trainTwenty(false, kind);
      const compiled = await trainTwenty(true, kind);
      expect(compiled.stats!.captures).toBe(2);
      expect(compiled.stats!.replays).toBe(18);
      expect(compiled.losses).toEqual(eager.losses);
      expect(compiled.params).toEqual(eager.params);
      expect(compiled.buffers).toEqual(eager.buffers); // BN running statistics
      expect(compiled.draw).toEqual(eager.draw); // the Generator advanced exactly as eagerly
      expect(compiled.stepCount).toBe(20);
    });
  }

  it('creates no bind groups and allocates no buffers while replaying', async () => {
    const net = mlp([{ units: 9, bn: true, act: 'relu' }, { units: 3 }], { in: 4 });
    const opt = new Adam(net.namedParameters(), { lr: 1e-3 });
    net.train();
    const x = tensor(randomData(8 * 4, 1), [8, 4]);
    const y = tensor(randomData(8 * 3, 2), [8, 3]);
    const step = compileStep((a: Real, b: Real) => {
      const loss = mse(net.forward(a), b);
      opt.step(backward(loss));
      return loss;
    });
    step(x, y).dispose();
    step(x, y).dispose();
    const rec = runtime().recorder.stats;
    const before = { groups: rec.bindGroupsCreated, memory: runtime().memory() };
    for (let i = 0; i < 5; i++) step(x, y);
    await runtime().sync();
    expect(rec.bindGroupsCreated).toBe(before.groups);
    expect(runtime().memory()).toEqual(before.memory);
    expect(step.stats.replays).toBe(5);
    step.dispose();
    opt.dispose();
    net.dispose();
  });

  it('captures a new program for new input shapes (a last partial batch)', async () => {
    const w = tensor(randomData(4 * 3, 5), [4, 3]).requireGrad();
    const opt = new SGD([{ name: 'w', param: w }], { lr: 0.1 });
    const step = compileStep((x: Real) => {
      const loss = mse(matmul(x, w), zeros([x.shape[0], 3]));
      opt.step(backward(loss));
      return loss;
    });
    for (const rows of [6, 6, 6, 2, 2, 2, 6]) step(tensor(randomData(rows * 4, rows), [rows, 4]));
    expect(Object.keys(step.stats.programs)).toHaveLength(2);
    expect(step.stats.replays).toBe(3); // 6: capture, capture, replay; 2: the same; 6: replay
    step.dispose();
    opt.dispose();
    w.dispose();
  });

  it('refuses host data that changes between calls instead of freezing it', () => {
    let k = 0;
    const step = compileStep(
      (x: Real) => {
        const c = tensor([++k], [1]); // a changing constant uploaded inside the step
        return add(x, c);
      },
      { name: 'changing-upload' },
    );
    const x = tensor([1, 2, 3], [3]);
    step(x);
    step(x);
    expect(() => step(x)).toThrow(CaptureError);
    expect(() => step(x)).toThrow(/changing-upload.*host data uploaded inside the step changed/);
  });

  it('refuses a fixed random seed that changes between calls', () => {
    let seed = 1;
    const step = compileStep(() => complexNormal([3], { seed: seed++ }), { name: 'seeds' });
    step();
    step();
    expect(() => step()).toThrow(/seeds.*random\/philox.*not declared dynamic/);
  });

  it('refuses state replaced each call rather than updated in place', () => {
    let state: Tensor = tensor([1, 2], [2]);
    const step = compileStep(
      () => {
        state = keep(scale(state, 0.5)); // a new tensor each call: the next call reads a buffer of the previous one
        return state;
      },
      { name: 'swap' },
    );
    step();
    step();
    expect(() => step()).toThrow(/swap.*in one call and .* in the other/);
  });

  it('refuses a readback inside the step', () => {
    const step = compileStep(
      (x: Real) => {
        void x.read();
        return x;
      },
      { name: 'reader' },
    );
    expect(() => step(tensor([1], [1]))).toThrow(/reader.*read .* inside a captured step/);
  });

  it('refuses a replay after a tensor it reads from outside was disposed', () => {
    const outside = tensor([1, 2, 3], [3]);
    const step = compileStep((x: Real) => mse(x, outside));
    const x = tensor([0, 0, 0], [3]);
    step(x);
    step(x);
    outside.dispose();
    expect(() => step(x)).toThrow(/was released or changed hands/);
  });
});
