/**
 * Resuming training from saveTrainingState/loadTrainingState gives the same run as training straight through:
 * an MLP (Linear → BN → ReLU rows, linear output) trained with Adam on batches drawn from a seeded Generator.
 * Run A trains n + 1 steps; run B trains n steps, saves, then a fresh module, optimizer and generator (other seeds)
 * load the file and train step n + 1. The step n + 1 losses, the parameters, the BN buffers and the Adam state agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Adam, backward, Generator, tidy, type Tensor } from '../../../engine/index.js';
import { mlp, type LayerSpec } from '../../../engine/nn/index.js';
import { mse } from '../../../engine/losses/index.js';
import { CheckpointError } from '../../../engine/checkpoint/errors.js';
import { loadTrainingState, saveTrainingState } from '../../../engine/checkpoint/training-state.js';
import { useRuntime } from '../../helpers/gpu.js';

useRuntime();

const dir = mkdtempSync(join(tmpdir(), 'phasor-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IN = 12;
const OUT = 3;
const B = 32;
const spec = (hidden = 16): LayerSpec[] => [{ units: hidden, bn: true, act: 'relu' }, { units: 8, bn: true, act: 'relu' }, { units: OUT }];
const config = { lr: 1e-2, batch: B, spec: spec(), dataSeed: 7 };

function build(initSeed: number, dataSeed: number, hidden = 16) {
  const model = mlp(spec(hidden), { in: IN, generator: new Generator(initSeed) });
  const opt = new Adam(model.namedParameters(), { lr: config.lr });
  return { model, opt, data: new Generator(dataSeed) };
}

/** One training step on a fresh batch from `data`; returns the loss (before the update). */
async function trainStep(run: ReturnType<typeof build>): Promise<number> {
  const loss = tidy(() => {
    const x = run.data.normal([B, IN]);
    const y = run.data.normal([B, OUT], { std: 0.5 });
    const L = mse(run.model.forward(x) as Tensor<'f32'>, y);
    run.opt.step(backward(L));
    return L;
  });
  const v = await loss.item();
  loss.dispose();
  return v;
}

async function readAll(ts: Record<string, Tensor>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(ts)) out[k] = await t.read();
  return out;
}

describe('training state', () => {
  it('resuming after n steps reproduces step n + 1 of a straight run (loss, parameters, buffers, Adam state)', async () => {
    const n = 5;
    const a = build(1, 7);
    const lossesA: number[] = [];
    for (let i = 0; i <= n; i++) lossesA.push(await trainStep(a));

    const b = build(1, 7);
    for (let i = 0; i < n; i++) expect(await trainStep(b)).toBe(lossesA[i]);
    const path = join(dir, 'state.safetensors');
    await saveTrainingState(path, { module: b.model, optimizer: b.opt, step: n, generator: b.data, config });
    b.opt.dispose();
    b.model.dispose();

    // fresh objects with other seeds: everything must come from the file
    const c = build(99, 12345);
    const { step, config: loadedConfig } = await loadTrainingState(path, { module: c.model, optimizer: c.opt, generator: c.data });
    expect(step).toBe(n);
    expect(loadedConfig).toEqual(config);
    expect(c.data.state()).toEqual({ seed: 7, offset: a.data.state().offset - (B * IN + B * OUT) / 4 });
    expect(c.opt.stepCount('layers.0.weight')).toBe(n);

    const lossC = await trainStep(c);
    console.log(`resume: step ${n + 1} loss straight ${lossesA[n]}, resumed ${lossC}`);
    expect(Math.abs(lossC - lossesA[n])).toBeLessThanOrEqual(1e-6);

    const pa = await readAll(a.model.stateDict());
    const pc = await readAll(c.model.stateDict());
    expect(Object.keys(pc)).toEqual(Object.keys(pa));
    for (const k of Object.keys(pa)) {
      let worst = 0;
      for (let i = 0; i < pa[k].length; i++) worst = Math.max(worst, Math.abs(pa[k][i] - pc[k][i]));
      expect(worst, `${k}: max |straight − resumed|`).toBeLessThanOrEqual(1e-6);
    }
    const sa = await readAll(a.opt.state().tensors);
    const sc = await readAll(c.opt.state().tensors);
    for (const k of Object.keys(sa)) {
      let worst = 0;
      for (let i = 0; i < sa[k].length; i++) worst = Math.max(worst, Math.abs(sa[k][i] - sc[k][i]));
      expect(worst, `${k}: max |straight − resumed|`).toBeLessThanOrEqual(1e-6);
    }
    expect(c.data.state()).toEqual(a.data.state());
    for (const r of [a, c]) {
      r.opt.dispose();
      r.model.dispose();
    }
  });

  it('refuses a module with a different layer size, naming the tensor, and leaves the target unchanged', async () => {
    const src = build(1, 7);
    await trainStep(src);
    const path = join(dir, 'small.safetensors');
    await saveTrainingState(path, { module: src.model, optimizer: src.opt, step: 1, generator: src.data, config });

    const dst = build(2, 3, 17);
    const before = await readAll(dst.model.stateDict());
    let caught: unknown;
    try {
      await loadTrainingState(path, { module: dst.model, optimizer: dst.opt, generator: dst.data });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CheckpointError);
    const msg = (caught as Error).message;
    expect(msg).toMatch(/model\.layers\.0\.weight/);
    expect(msg).toMatch(/shape mismatch/);
    expect(await readAll(dst.model.stateDict())).toEqual(before);
    expect(dst.data.state()).toEqual({ seed: 3, offset: 0 });
    expect(dst.opt.stepCount('layers.0.weight')).toBe(0);

    // a generator requested but not saved is refused too
    const noGen = join(dir, 'nogen.safetensors');
    await saveTrainingState(noGen, { module: src.model, optimizer: src.opt, step: 1 });
    const same = build(4, 5);
    await expect(loadTrainingState(noGen, { module: same.model, optimizer: same.opt, generator: same.data })).rejects.toThrow(/no generator state/);
    for (const r of [src, dst, same]) {
      r.opt.dispose();
      r.model.dispose();
    }
  });
});
