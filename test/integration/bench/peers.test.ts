/**
 * The benchmarks' peer plumbing: the Dawn call counters (they must agree with our recorder's stats, which the suites
 * report beside them), the per-step counter helper, and the jax-js MLP peer on its Wasm backend (no GPU needed).
 */
import { describe, expect, it } from 'vitest';
import { add, mul, sum, tensor, type Tensor } from '../../../engine/index.js';
import { globals } from 'webgpu';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from '../../../bench/dawn-peer.js';
import { createJaxPeer } from '../../../bench/jaxjs-peer.js';
import { buildJaxMlp } from '../../../bench/mlp-jaxjs.js';
import { ourCounters, ourCountsPerStep, perStepIncrease } from '../../../bench/step-timing.js';
import { randomData, useRuntime } from '../../helpers/gpu.js';

describe('Dawn call counters', () => {
  useRuntime();

  it('wrap Dawn while enabled and put its methods back', () => {
    const proto = (globals as unknown as Record<string, { prototype: Record<string, unknown> }>).GPUComputePassEncoder.prototype;
    const original = proto.dispatchWorkgroups;
    enableGpuCallCounts();
    expect(proto.dispatchWorkgroups).not.toBe(original);
    disableGpuCallCounts();
    expect(proto.dispatchWorkgroups).toBe(original);
  });

  it('count what our recorder counts', async () => {
    const x = tensor(randomData(1000, 3), [10, 100]);
    const step = (): Tensor => sum(mul(add(x, x), x));
    const run = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const s = step();
        if (i + 1 === n) await s.item();
        s.dispose();
      }
    };
    await run(2);
    enableGpuCallCounts();
    try {
      const dawn0 = gpuCallCounts();
      const ours0 = ourCounters();
      const perStep = await ourCountsPerStep(run, 4);
      const dawn = perStepIncrease(dawn0, gpuCallCounts(), 4);
      const ours = perStepIncrease(ours0, ourCounters(), 4);
      expect(perStep).toEqual(ours);
      expect(ours.dispatches).toBeGreaterThanOrEqual(3);
      expect(dawn.dispatches).toBe(ours.dispatches);
      expect(dawn.bindGroupsCreated).toBe(ours.bindGroupsCreated);
    } finally {
      disableGpuCallCounts();
      x.dispose();
    }
  });
});

describe('jax-js MLP peer (Wasm)', () => {
  it('computes the first loss of the model and trains it; leaves navigator as it was', async () => {
    const widths = [12, 8, 6, 5];
    const batch = 16;
    const x = randomData(batch * widths[0], 1);
    const y = randomData(batch * widths[3], 2);
    const layers = widths.slice(1).map((fout, i) => ({
      w: randomData(fout * widths[i], 10 + i).map((v) => v / Math.sqrt(widths[i])),
      b: randomData(fout, 20 + i).map((v) => 0.1 * v),
    }));
    // float64 forward at the initial point: Linear (x·Wᵀ + b) → BN (batch moments, γ = 1, β = 0) → ReLU, MSE
    let h = Array.from({ length: batch }, (_, r) => Array.from(x.subarray(r * widths[0], (r + 1) * widths[0])));
    layers.forEach((l, i) => {
      const [fin, fout] = [widths[i], widths[i + 1]];
      h = h.map((row) => Array.from({ length: fout }, (_, o) => row.reduce((acc, v, k) => acc + v * l.w[o * fin + k], l.b[o])));
      if (i + 2 < widths.length) {
        for (let o = 0; o < fout; o++) {
          const mu = h.reduce((a, row) => a + row[o], 0) / batch;
          const variance = h.reduce((a, row) => a + (row[o] - mu) ** 2, 0) / batch;
          for (const row of h) row[o] = Math.max(0, (row[o] - mu) / Math.sqrt(variance + 1e-5));
        }
      }
    });
    const expected = h.reduce((a, row, r) => a + row.reduce((b, v, o) => b + (v - y[r * widths[3] + o]) ** 2, 0), 0) / (batch * widths[3]);

    const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const peer = await createJaxPeer('wasm');
    const model = buildJaxMlp(peer.jax, { widths, batch, lr: 1e-2, bnEps: 1e-5, bnMomentum: 0.1 }, { x, y, layers });
    try {
      const first = await model.run(1);
      expect(first).toBeCloseTo(expected, 4);
      const later = await model.run(30);
      expect(later).toBeLessThan(0.8 * first);
      expect(model.jaxprEquations()).toBeGreaterThan(50);
    } finally {
      model.dispose();
      await peer.close();
    }
    expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toEqual(before);
  });
});
