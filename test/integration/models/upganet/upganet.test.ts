import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Adam, grad, saveTrainingState, tidy } from '../../../../engine/index.js';
import { loadUpganet } from '../../../../models/upganet/train.js';
import { UPGANET_PRESETS, type UpganetConfig } from '../../../../models/upganet/config.js';
import { pga } from '../../../../models/upganet/pga.js';
import { UPGANet, upganetLoss } from '../../../../models/upganet/upganet.js';
import { expectClose, useRuntime } from '../../../helpers/gpu.js';
import { devicePower, precoderProblemOnDevice } from '../../../../models/upganet/problem.js';
import { uploadMatrices } from '../../../../models/upganet/host.js';
import { smallChannels, smallProblem, smallPsi1 } from './small-problem.js';

useRuntime();

/** Loss (16) and its gradients w.r.t. μ, λ through the given gradient implementation. */
async function lossAndGrads(net: UPGANet, impl: 'composite' | 'fused', snrDb = 12) {
  const H = smallChannels(3);
  const { p, F0, W0 } = smallProblem(H, snrDb);
  const [loss, gMu, gLambda] = tidy(() => {
    const { F, W } = net.forward(p, F0, W0, { impl, differentiable: true });
    const L = upganetLoss(p, F, W);
    const [a, b] = grad(L, [net.mu, net.lambda]);
    return [L, a!, b!];
  });
  return { loss: await loss.item(), mu: await gMu.read(), lambda: await gLambda.read() };
}

describe('UPGANet (Eqs. (14)–(16))', () => {
  it('with its initial step sizes is conventional PGA with J inner steps', async () => {
    const net = new UPGANet({ outer: 4, inner: 3 });
    const H = smallChannels(2);
    const { p, F0, W0 } = smallProblem(H, 8);
    const a = net.forward(p, F0, W0);
    const b = pga(p, F0, W0, { iterations: 4, innerSteps: 3 });
    expectClose(await a.F.read(), await b.F.read(), { atol: 1e-6, what: 'F' });
    expectClose(await a.W.read(), await b.W.read(), { atol: 1e-6, what: 'W' });
    net.dispose();
  });

  it("reads P_BS from the device (as a captured step's input does) bit for bit as from the host", async () => {
    const net = new UPGANet({ outer: 3, inner: 2, initialMu: 0.05 });
    const H = smallChannels(3, 5);
    for (const snrDb of [0, 7, 12]) {
      const { p, F0, W0 } = smallProblem(H, snrDb);
      const power = devicePower(snrDb);
      const q = precoderProblemOnDevice(p.H, uploadMatrices([smallPsi1()]), power, p.omega);
      const a = net.forward(p, F0, W0, { impl: 'composite', differentiable: true });
      const b = net.forward(q, F0, W0, { impl: 'composite', differentiable: true });
      expect(Array.from(await b.F.read())).toEqual(Array.from(await a.F.read()));
      expect(Array.from(await b.W.read())).toEqual(Array.from(await a.W.read()));
      expect(await upganetLoss(q, b.F, b.W).item()).toBe(await upganetLoss(p, a.F, a.W).item());
      expect(q.noiseVariance).toBe(p.noiseVariance);
    }
    net.dispose();
  });

  it('trains through the composite and the fused gradients with the same loss and step-size gradients', async () => {
    const net = new UPGANet({ outer: 3, inner: 2 });
    const a = await lossAndGrads(net, 'composite');
    const b = await lossAndGrads(net, 'fused');
    expect(b.loss).toBeCloseTo(a.loss, 3);
    expectClose(b.mu, a.mu, { rtol: 2e-3, atol: 1e-4 * Math.max(...a.mu.map(Math.abs)), what: 'dL/dμ' });
    expectClose(b.lambda, a.lambda, { rtol: 2e-3, atol: 1e-4 * Math.max(...a.lambda.map(Math.abs)), what: 'dL/dλ' });
    expect(a.mu.some((g) => g !== 0) && a.lambda.some((g) => g !== 0)).toBe(true);
    net.dispose();
  });

  it('lowers the loss over a short training', async () => {
    const net = new UPGANet({ outer: 3, inner: 2 });
    const opt = new Adam(net.namedParameters(), { lr: 2e-3 });
    const H = smallChannels(4, 9);
    const { p, F0, W0 } = smallProblem(H, 12);
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      const L = tidy(() => {
        const { F, W } = net.forward(p, F0, W0, { impl: 'composite', differentiable: true });
        const loss = upganetLoss(p, F, W);
        opt.step(grad(loss, [net.mu, net.lambda]));
        return loss;
      });
      losses.push(await L.item());
      L.dispose();
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0] - 1e-3);
    opt.dispose();
    net.dispose();
  });

  it('reloads from a training-state checkpoint to identical outputs', async () => {
    const config: UpganetConfig = { ...UPGANET_PRESETS.quick, unfolding: { ...UPGANET_PRESETS.quick.unfolding, outer: 3 } };
    const net = new UPGANet({ outer: 3, inner: 2 });
    const opt = new Adam(net.namedParameters(), { lr: 5e-3 });
    const H = smallChannels(2);
    const { p, F0, W0 } = smallProblem(H, 10);
    tidy(() => {
      const { F, W } = net.forward(p, F0, W0, { impl: 'composite', differentiable: true });
      opt.step(grad(upganetLoss(p, F, W), [net.mu, net.lambda]));
    });
    const path = join(mkdtempSync(join(tmpdir(), 'phasor-upganet-')), 'net.safetensors');
    await saveTrainingState(path, { module: net, optimizer: opt, step: 1 });
    const loaded = await loadUpganet(path, config, 2);
    expect(Array.from(await loaded.mu.read())).toEqual(Array.from(await net.mu.read()));
    expect(Array.from(await loaded.mu.read()).some((m) => m !== 0.01)).toBe(true);
    const a = net.forward(p, F0, W0);
    const b = loaded.forward(p, F0, W0);
    expect(Array.from(await b.F.read())).toEqual(Array.from(await a.F.read()));
    expect(Array.from(await b.W.read())).toEqual(Array.from(await a.W.read()));
    await expect(loadUpganet(path, config, 3)).rejects.toThrow(/mu/);
    for (const m of [net, loaded]) m.dispose();
    opt.dispose();
  });
});
