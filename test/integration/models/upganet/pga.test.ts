import { describe, expect, it } from 'vitest';
import { frobeniusNorm, matmul, abs, tidy } from '../../../../engine/index.js';
import { pga } from '../../../../models/upganet/pga.js';
import { objective } from '../../../../models/upganet/unfold.js';
import { expectClose, useRuntime } from '../../../helpers/gpu.js';
import { smallChannels, smallProblem } from './small-problem.js';

useRuntime();

const meanRow = (d: Float32Array, row: number, B: number) => d.slice(row * B, (row + 1) * B).reduce((a, b) => a + b, 0) / B;

describe('conventional PGA (Eqs. (6)–(9))', () => {
  it('raises the objective R − ωτ from a random start and records it per iteration', async () => {
    const H = smallChannels(4);
    const { p, F0, W0 } = smallProblem(H, 12, 'random');
    const r = pga(p, F0, W0, { iterations: 20, mu: 1e-3, lambda: 1e-3, trace: true });
    expect(r.trace!.shape).toEqual([21, 4]);
    const d = await r.trace!.read();
    const means = Array.from({ length: 21 }, (_, i) => meanRow(d, i, 4));
    for (let i = 1; i < means.length; i++) expect(means[i], `iteration ${i}`).toBeGreaterThan(means[i - 1]);
    expect(means[20] - means[0]).toBeGreaterThan(1);
    // row 0 is the start, the last row the returned precoders
    expectClose(d.slice(0, 4), await objective(p, F0, W0).read(), { rtol: 1e-4, atol: 1e-3, what: 'trace row 0' });
    expectClose(d.slice(80, 84), await objective(p, r.F, r.W).read(), { rtol: 1e-4, atol: 1e-3, what: 'trace row 20' });
  });

  it('keeps the constraints: unit-modulus F (5b) and ‖F W‖_F² = P_BS (5c)', async () => {
    const H = smallChannels(3);
    const { p, F0, W0 } = smallProblem(H, 6);
    const r = pga(p, F0, W0, { iterations: 5, innerSteps: 3 });
    expectClose(await abs(r.F).read(), new Float32Array(r.F.size).fill(1), { atol: 1e-5, what: '|F|' });
    const power = tidy(() => frobeniusNorm(matmul(r.F, r.W)));
    expectClose(await power.read(), new Float32Array(3).fill(Math.sqrt(p.power)), { rtol: 1e-5, what: '‖F W‖_F' });
  });

  it('gives the same precoders through the composite and the fused gradients', async () => {
    const H = smallChannels(2);
    const { p, F0, W0 } = smallProblem(H, 12);
    const a = pga(p, F0, W0, { iterations: 6, innerSteps: 2, impl: 'composite' });
    const b = pga(p, F0, W0, { iterations: 6, innerSteps: 2, impl: 'fused' });
    expectClose(await b.F.read(), await a.F.read(), { atol: 2e-4, what: 'F' });
    expectClose(await b.W.read(), await a.W.read(), { atol: 2e-4, rtol: 1e-3, what: 'W' });
  });

  it('refuses mismatched shapes and negative steps', () => {
    const H = smallChannels(2);
    const { p, F0, W0 } = smallProblem(H, 0);
    expect(() => pga(p, W0, F0, { iterations: 1 })).toThrow(/expected F \[2, 16, N_RF\]/);
    expect(() => pga(p, F0, W0, { iterations: 1, mu: -1 })).toThrow(/mu must be a finite number ≥ 0; got -1/);
  });
});
