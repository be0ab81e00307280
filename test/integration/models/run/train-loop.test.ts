import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Adam, Generator, Linear, grad, mean, mul, sub, tidy, matmul, tensor, type Tensor } from '../../../../engine/index.js';
import { makeRunContext, trainEpochs } from '../../../../models/run/index.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

/** A least-squares fit y = x·w* of random batches drawn from `data`; returns the loop's result and the final weight. */
async function fit(runDir: string, epochs: number, opts: { resume?: boolean; failAt?: number } = {}) {
  const ctx = makeRunContext({ config: {}, runDir, resume: opts.resume });
  const net = new Linear(3, 1, { bias: false, generator: new Generator(7) });
  const optimizer = new Adam(net.namedParameters(), { lr: 0.05 });
  const data = new Generator(11);
  let calls = 0;
  const result = await trainEpochs({
    ctx,
    name: 'toy',
    module: net,
    optimizer,
    generator: data,
    epochs,
    stepsPerEpoch: 5,
    step: (epoch) => {
      if (opts.failAt !== undefined && epoch === opts.failAt) throw new Error('simulated interruption');
      calls++;
      return tidy(() => {
        const x = data.normal([8, 3]);
        const target = matmul(x, tensor([1, -2, 0.5], [3, 1]));
        const y = net.forward(x) as Tensor;
        const r = sub(y, target);
        const loss = mean(mul(r, r));
        const grads = grad(loss, net.parameters());
        optimizer.step(grads);
        return loss;
      });
    },
  });
  const w = await net.parameters()[0].read();
  return { result, w: Array.from(w), calls };
}

describe('trainEpochs', () => {
  it('lowers the loss, records one history row per epoch and checkpoints every epoch', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'phasor-loop-')), 'run');
    const { result } = await fit(dir, 4);
    expect(result.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.history[3].loss).toBeLessThan(result.history[0].loss);
    expect(existsSync(result.checkpoint)).toBe(true);
  });

  it('resumes an interrupted run after its last epoch and ends where an uninterrupted run ends', async () => {
    const base = mkdtempSync(join(tmpdir(), 'phasor-resume-'));
    const straight = await fit(join(base, 'a'), 4);
    await expect(fit(join(base, 'b'), 4, { failAt: 2 })).rejects.toThrow('simulated interruption');
    const resumed = await fit(join(base, 'b'), 4, { resume: true });
    expect(resumed.calls).toBe(10); // epochs 3 and 4 only
    expect(resumed.result.epochsRun).toBe(2);
    expect(resumed.result.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    for (let i = 0; i < 3; i++) expect(resumed.w[i]).toBe(straight.w[i]);
    expect(resumed.result.history[3].loss).toBe(straight.result.history[3].loss);
  });
});
