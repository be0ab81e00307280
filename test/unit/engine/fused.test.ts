/**
 * Fused closed-form ops (engine/fused/) and the gradcheck registry (engine/autodiff/gradcheck-registry.ts):
 * forward against the unfused op, the fused backward against autodiff, finite differences and second derivatives;
 * then runGradcheck on the engine's registered check, its report, and a deliberately wrong backward that it must
 * catch. (The beamforming-gain op and its checks moved to DL-JHPF: test/integration/models/jhpf/phase-quadratic-gain.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { abs2, grad, mul, sum, tensor, tidy, unitModulus, type Tensor } from '../../../engine/index.js';
import { unitModulusFused } from '../../../engine/fused/index.js';
import { defineCustomOp } from '../../../engine/autodiff/custom-op.js';
import { gradcheck, gradgradcheck } from '../../../engine/autodiff/gradcheck.js';
import { getGradcheck, listGradchecks, registerGradcheck, runGradcheck, type GradcheckSpec } from '../../../engine/autodiff/gradcheck-registry.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';
import { expectGradcheck, hostInput } from '../../helpers/gradcheck.js';

useRuntime();

type C = Tensor<'c64'>;
type R = Tensor<'f32'>;

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read()));
  ts.forEach((t) => t.dispose());
  return out;
}

describe('unitModulusFused', () => {
  it('forward equals unitModulus (phases beyond ±π) and the gradient equals autodiff of it', async () => {
    const phiData = randomData(40, 21).map((v) => v * 20);
    const r = randomData(80, 22);
    const [s1, s2, g1, g2] = await readAll(
      tidy(() => {
        const p1 = tensor(phiData, [8, 5]).requireGrad();
        const p2 = tensor(phiData, [8, 5]).requireGrad();
        const rt = tensor(r, [8, 5], 'c64');
        const a = unitModulusFused(p1, -2.5);
        const b = unitModulus(p2, -2.5);
        return [a, b, grad(sum(abs2(mul(a, rt))), [p1])[0]!, grad(sum(abs2(mul(b, rt))), [p2])[0]!];
      }),
    );
    expectClose(s1, s2, { atol: 1e-6, what: 'forward' });
    expectClose(g1, g2, { atol: 1e-5, rtol: 1e-5, what: 'grad φ' });
  });

  it('matches finite differences, and second derivatives through its composite backward', async () => {
    expectGradcheck(await gradcheck((p) => unitModulusFused(p as R, 1.5), [hostInput({ shape: [4, 5], dtype: 'f32' }, 23)]), 'unitModulusFused');
    expectGradcheck(
      await gradgradcheck((p) => unitModulusFused(p as R, 1.5), [hostInput({ shape: [2, 3], dtype: 'f32' }, 24)], { eps: 2e-3 }),
      'unitModulusFused grad of grad',
    );
  });
});

describe('gradcheck registry', () => {
  it('lists the built-in checks', () => {
    const names = listGradchecks().map((s) => s.name);
    expect(names).toContain('unit-modulus');
    expect(() => getGradcheck('nope')).toThrow(/no check named 'nope'; registered: .*unit-modulus/);
  });

  it.each(['unit-modulus'])('%s: fused, autodiff and finite differences agree', async (name) => {
    const r = await runGradcheck(name, { seed: 3, repeats: 2 });
    const detail = JSON.stringify(r.pairs.map((p) => [p.label, p.maxAbsError, p.maxRelError]));
    expect(r.ok, detail).toBe(true);
    expect(r.pairs.map((p) => p.pair)).toEqual(['fused-autodiff', 'fused-fd', 'autodiff-fd']);
    const fusedAutodiff = r.pairs[0];
    expect(fusedAutodiff.maxRelError, detail).toBeLessThan(1e-4);
    for (const p of r.pairs) expect(p.inputs.map((x) => x.name)).toEqual(r.inputs.filter((x) => !x.constant).map((x) => x.name));
    expect(r.loss.ok).toBe(true);
    expect(r.timing!.repeats).toBe(2);
    expect(r.timing!.fusedMs).toBeGreaterThan(0);
    expect(r.timing!.ratio).toBeCloseTo(r.timing!.autodiffMs / r.timing!.fusedMs, 10);
  });

  it('reports a wrong closed-form backward as a failed fused pair, with the others passing', async () => {
    // the gradient of |z|² is 2z; this backward forgets the 2
    const badAbs2 = defineCustomOp<[C], R, C>({ name: 'badAbs2', forward: ([z]) => ({ out: abs2(z), residuals: z }), backward: (z, g) => [mul(g, z)] });
    const spec: GradcheckSpec = {
      name: 'test-bad-abs2',
      description: 'Σ|z|² with a backward off by a factor 2',
      makeInputs: () => [{ name: 'z', shape: [5], dtype: 'c64', data: randomData(10, 51) }],
      fused: ([z]) => sum(badAbs2([z as C])),
      composite: ([z]) => sum(abs2(z)),
    };
    registerGradcheck(spec);
    expect(() => registerGradcheck(spec)).toThrow(/already registered/);
    const r = await runGradcheck('test-bad-abs2', { repeats: 0 });
    expect(r.ok).toBe(false);
    expect(r.pairs.map((p) => [p.pair, p.ok])).toEqual([
      ['fused-autodiff', false],
      ['fused-fd', false],
      ['autodiff-fd', true],
    ]);
    expect(r.loss.ok).toBe(true);
    expect(r.timing).toBeNull();
  });
});
