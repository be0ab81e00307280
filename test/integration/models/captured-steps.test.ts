/**
 * Every model's training step replays bit-identically: 20 steps through compileStep (2 captures, 18 replays) give the
 * same losses and parameters as 20 eager steps (PHASOR_DEBUG makes compileStep run every call eagerly).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Adam, compileStep, runtime, type Complex, type Real } from '../../../engine/index.js';
import { makeRunContext } from '../../../models/run/index.js';
import type { JhpfDims } from '../../../models/jhpf/network/dims.js';
import { JhpfFramework } from '../../../models/jhpf/network/framework.js';
import { TABLE_ONE_HIDDEN } from '../../../models/jhpf/network/table-one.js';
import { trainJhpf } from '../../../models/jhpf/train.js';
import { UPGANET_PRESETS } from '../../../models/upganet/config.js';
import { upganetLossStep, upganetStepInputs } from '../../../models/upganet/train.js';
import { UPGANet } from '../../../models/upganet/upganet.js';
import { uploadMatrices } from '../../../models/upganet/host.js';
import { getDatasetSpec, resolveConfig } from '../../../wireless/dataset/registry.js';
import { useRuntime } from '../../helpers/gpu.js';
import { smallChannels, smallPsi1 } from './upganet/small-problem.js';

useRuntime();

async function eagerly<T>(run: () => Promise<T>): Promise<T> {
  process.env.PHASOR_DEBUG = '1';
  try {
    return await run();
  } finally {
    delete process.env.PHASOR_DEBUG;
  }
}

const readAll = (ps: { param: { read(): Promise<Float32Array> } }[]) => Promise.all(ps.map(async (p) => Array.from(await p.param.read())));

describe('captured training steps', () => {
  it('DL-JHPF: 20 replayed steps equal 20 eager steps bit for bit', async () => {
    const dims: JhpfDims = { Nt: 8, NtRF: 2, Nr: 4, NrRF: 2, Ns: 1, subcarriers: 1 };
    const spec = getDatasetSpec('jhpf-umi');
    const set = (count: number, seed: number) => ({
      shape: [count, dims.Nr, dims.Nt] as [number, number, number],
      data: spec.generate(resolveConfig(spec, { numTx: dims.Nt, numRx: dims.Nr }), seed, 0, count).H as Float32Array,
    });
    const data = { train: set(20 * 16, 1), validation: set(32, 2) };
    const run = async () => {
      const net = new JhpfFramework(dims, { seed: 1, hidden: { ...TABLE_ONE_HIDDEN, pp: [64, 32], cp: [64, 32] } });
      const ctx = makeRunContext({ config: {}, runDir: mkdtempSync(join(tmpdir(), 'captured-jhpf-')) });
      const before = runtime().recorder.stats.bindGroupsCreated;
      const r = await trainJhpf(ctx, 'net', net, data, { epochs: 1, batchSize: 16, learningRates: [{ epoch: 0, lr: 1e-2 }], snrDb: [0, 10], seed: 4 });
      const params = await readAll(net.namedParameters());
      const buffers = await readAll(net.namedBuffers());
      net.dispose();
      return { history: r.history, params, buffers, bindGroups: runtime().recorder.stats.bindGroupsCreated - before };
    };
    const eager = await eagerly(run);
    const replayed = await run();
    expect(replayed.history).toEqual(eager.history);
    expect(replayed.params).toEqual(eager.params);
    expect(replayed.buffers).toEqual(eager.buffers);
    // the replays really ran: 18 of the 20 steps created no bind groups (validation passes create some in both runs)
    expect(replayed.bindGroups).toBeLessThan(eager.bindGroups / 2);
  });

  it('UPGANet: 20 replayed steps at changing SNRs equal 20 eager steps bit for bit, from one recorded program', async () => {
    const c = UPGANET_PRESETS.quick;
    const psi1 = uploadMatrices([smallPsi1()]);
    const run = async (compiled: boolean) => {
      const net = new UPGANet({ outer: 3, inner: 2 });
      const opt = new Adam(net.namedParameters(), { lr: 2e-3 });
      const body = (H: Complex, F0: Complex, W0: Complex, P: Real, invSqrtP: Real) => upganetLossStep(net, opt, { H, F0, W0, P, invSqrtP }, psi1, c);
      const captured = compiled ? compileStep(body, { name: 'upganet-test' }) : null;
      const step = captured ?? body;
      const losses: number[] = [];
      for (let i = 0; i < 20; i++) {
        // P_BS is an input: the SNR changes every step and the replays follow it
        const x = upganetStepInputs(smallChannels(3, 100 + i), [0, 6, 12][i % 3], { ...c, system: { ...c.system, numRf: 2 } });
        losses.push(await step(x.H, x.F0, x.W0, x.P, x.invSqrtP).item());
        for (const t of Object.values(x)) t.dispose();
      }
      const params = await readAll(net.namedParameters());
      if (captured) {
        expect(captured.stats.replays).toBe(18);
        expect(Object.keys(captured.stats.programs)).toHaveLength(1);
        captured.dispose();
      }
      net.dispose();
      opt.dispose();
      return { losses, params };
    };
    const eager = await run(false);
    const replayed = await run(true);
    expect(replayed.losses).toEqual(eager.losses);
    expect(replayed.params).toEqual(eager.params);
  });
});
