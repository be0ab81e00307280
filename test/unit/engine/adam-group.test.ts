import { describe, expect, it } from 'vitest';
import { Adam, AdamW, runtime, tensor, type Tensor } from '../../../engine/index.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

/**
 * Five parameters of odd sizes (one complex: grouped as 4 + 1 word-wise, adam-group.wgsl) and five whose word counts are
 * multiples of 4 (one complex: 4 + 1 quad-wise, adam-group4.wgsl); the same through one Adam per parameter.
 */
async function run(grouped: boolean, decoupled: boolean) {
  const shapes: Array<[number[], 'f32' | 'c64']> = [
    [[7, 3], 'f32'],
    [[4, 5], 'f32'],
    [[5], 'c64'],
    [[6], 'c64'],
    [[129], 'f32'],
    [[128], 'f32'],
    [[1], 'f32'],
    [[2, 2], 'f32'],
    [[33, 2], 'f32'],
    [[36], 'f32'],
  ];
  const params = shapes.map(([s, d], i) => tensor(randomData(s.reduce((a, b) => a * b, 1) * (d === 'c64' ? 2 : 1), i + 1), s, d).requireGrad() as Tensor);
  const named = params.map((param, i) => ({ name: `p${i}`, param }));
  const make = (ps: typeof named) => (decoupled ? new AdamW(ps, { lr: 0.01, weightDecay: 0.1 }) : new Adam(ps, { lr: 0.01, weightDecay: 0.05 }));
  const opts = grouped ? [make(named)] : named.map((p) => make([p]));
  const dispatches = runtime().recorder.stats.dispatches;
  for (let step = 0; step < 3; step++) {
    const grads = params.map((p, i) => tensor(randomData(p.words, 100 * step + i), p.shape, p.dtype));
    if (grouped) opts[0].step(grads);
    else opts.forEach((o, i) => o.step([grads[i]]));
  }
  const count = runtime().recorder.stats.dispatches - dispatches;
  const values = await Promise.all(params.map(async (p) => Array.from(await p.read())));
  opts.forEach((o) => o.dispose());
  return { values, count };
}

describe('Adam over parameter groups (shaders/optim/adam-group.wgsl, adam-group4.wgsl)', () => {
  for (const decoupled of [false, true]) {
    it(`${decoupled ? 'AdamW' : 'Adam'}: four parameters per dispatch update exactly as one dispatch per parameter`, async () => {
      const grouped = await run(true, decoupled);
      const single = await run(false, decoupled);
      expect(grouped.values).toEqual(single.values);
      // 3 steps: 4 Adam dispatches each (4 + 1 word-wise, 4 + 1 quad-wise) against 10, besides the gradient uploads
      expect(single.count - grouped.count).toBe(3 * 6);
    });
  }
});
