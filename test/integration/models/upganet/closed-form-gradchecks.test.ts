/**
 * The registered UPGANet gradient checks (models/upganet/closed-form/gradchecks.ts, `phasor gradcheck upganet-…`):
 * each must pass (fused kernel ×2 vs autodiff vs finite differences), and a closed-form gradient off by a factor
 * (the paper's ∂f/∂X* without the ×2 of the engine's convention) must fail.
 */
import { describe, expect, it } from 'vitest';
import { defineCustomOp, registerGradcheck, sum, type Tensor } from '../../../../engine/index.js';
import { getGradcheck, listGradchecks, runGradcheck } from '../../../../engine/autodiff/gradcheck-registry.js';
import '../../../../models/upganet/closed-form/gradchecks.js';
import { rateGradF, sumRate, type JcasProblem } from '../../../../models/upganet/closed-form/index.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const NAMES = ['upganet-rate-grad-f', 'upganet-rate-grad-w', 'upganet-tau-grad-f', 'upganet-tau-grad-w'];

describe('UPGANet gradchecks', () => {
  it('are registered', () => {
    const names = listGradchecks().map((s) => s.name);
    for (const n of NAMES) expect(names).toContain(n);
  });

  for (const name of NAMES) {
    it(`${name} passes: fused vs autodiff ≤ 1e-4, both vs finite differences ≤ 1e-2`, async () => {
      const r = await runGradcheck(name, { repeats: 0 });
      const lines = r.pairs.map((p) => `${p.label}: abs ${p.maxAbsError.toExponential(2)} rel ${p.maxRelError.toExponential(2)}`);
      expect(r.ok, lines.join('\n')).toBe(true);
      expect(r.pairs.find((p) => p.pair === 'fused-autodiff')!.maxRelError).toBeLessThan(1e-5);
    });
  }

  it("catches the paper's ∂R/∂F* handed back without the factor 2", async () => {
    const spec = getGradcheck('upganet-rate-grad-f');
    const halved = defineCustomOp<[Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>], Tensor<'f32'>, null>({
      name: 'rateWithoutFactorTwo',
      forward: ([H, F, W, Psi]) => ({ out: sumRate(problem(H, Psi), F, W), residuals: null }),
      backward: (_r, _g, { inputs: [H, F, W, Psi] }) => [null, rateGradF(problem(H, Psi), F, W, { impl: 'fused' }), null, null],
    });
    registerGradcheck(
      { ...spec, name: 'upganet-rate-grad-f-halved', fused: (xs) => sum(halved(xs as [Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>, Tensor<'c64'>])) },
      { replace: true },
    );
    const r = await runGradcheck('upganet-rate-grad-f-halved', { repeats: 0 });
    expect(r.ok).toBe(false);
    expect(r.pairs.find((p) => p.pair === 'fused-autodiff')!.ok).toBe(false);
    expect(r.pairs.find((p) => p.pair === 'autodiff-fd')!.ok).toBe(true);
  });
});

function problem(H: Tensor<'c64'>, Psi: Tensor<'c64'>): JcasProblem {
  return { H, Psi, noiseVariance: 1, omega: 0, eta: 0 };
}
