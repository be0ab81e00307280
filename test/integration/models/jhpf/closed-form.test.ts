/**
 * The closed-form fused gradients of DL-JHPF's custom layers (paper 000 eqs. (21)–(31)) against autodiff of the same
 * layers composed from engine ops (1e-4 relative) and against central finite differences, through the registered
 * `phasor gradcheck jhpf-…` checks; and at the paper's dimensions with batch 256, fused vs autodiff.
 */
import { describe, expect, it } from 'vitest';
import { abs2, grad, sum, tensor, tidy, Generator, type Complex, type Tensor } from '../../../../engine/index.js';
import { getGradcheck, listGradchecks, runGradcheck } from '../../../../engine/autodiff/gradcheck-registry.js';
import '../../../../models/jhpf/closed-form/gradchecks.js';
import { CUSTOM_LAYERS } from '../../../../models/jhpf/closed-form/index.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const CHECKS = ['jhpf-phase-layer', 'jhpf-equivalent-channel', 'jhpf-normalize-precoder', 'jhpf-signal-flow', 'jhpf-custom-layers'];

describe('jhpf gradchecks', () => {
  it('are registered', () => {
    const names = listGradchecks().map((s) => s.name);
    for (const c of CHECKS) expect(names).toContain(c);
  });

  for (const name of CHECKS) {
    it(`${name}: fused = autodiff (1e-4 rel) = finite differences (1e-2 rel)`, async () => {
      const r = await runGradcheck(name, { seed: 3, repeats: 0 });
      const pair = (p: string) => r.pairs.find((x) => x.pair === p)!;
      expect(r.loss.relError).toBeLessThan(1e-4);
      expect(pair('fused-autodiff').maxRelError).toBeLessThan(1e-4);
      expect(pair('fused-fd').maxRelError).toBeLessThan(1e-2);
      expect(pair('autodiff-fd').maxRelError).toBeLessThan(1e-2);
      expect(r.ok).toBe(true);
    });
  }

  it('jhpf-custom-layers at the paper dimensions (batch 256): fused and autodiff gradients agree to 1e-4 rel', async () => {
    const spec = getGradcheck('jhpf-custom-layers');
    const hosts = spec.makeTimingInputs!(5);
    const grads = tidy(() => {
      const xs = hosts.map((h) => {
        const t = tensor(h.data, h.shape, h.dtype ?? 'f32');
        return h.constant ? t : t.requireGrad();
      });
      const vars = xs.filter((_, i) => !hosts[i].constant);
      return [spec.fused(xs), spec.composite(xs)].flatMap((loss) => grad(loss, vars) as Tensor[]);
    });
    const values = await Promise.all(grads.map((g) => g.read()));
    const half = values.length / 2;
    for (let k = 0; k < half; k++) {
      const [a, b] = [values[k], values[half + k]];
      let scale = 0;
      for (const v of b) scale = Math.max(scale, Math.abs(v));
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(scale, 1e-12));
      expect(worst, `input ${k}`).toBeLessThan(1e-4);
    }
  });

  it('the fused signal flow refuses to differentiate the symbols or the noise (its kernel gives no such gradient)', () => {
    const gen = new Generator(1);
    tidy(() => {
      const c = (shape: number[]) => gen.complexNormal(shape) as Complex;
      const x = c([2, 2]).requireGrad();
      const r = CUSTOM_LAYERS.fused.signalFlow(
        { H: c([2, 3, 4]), F_RF: c([2, 4, 2]).requireGrad(), F_BB: c([2, 2, 2]), W_RF: c([2, 3, 2]), W_BB: c([2, 2, 2]), x, n: c([2, 3]) },
        1,
      );
      expect(() => grad(sum(abs2(r)), [x])).toThrow(/jhpfSignalFlow: the fused backward gives no gradient for x/);
    });
  });

  it('shape errors name the op and the expected shapes', () => {
    const gen = new Generator(2);
    tidy(() => {
      const c = (shape: number[]) => gen.complexNormal(shape) as Complex;
      expect(() => CUSTOM_LAYERS.fused.equivalentChannel(c([2, 3, 4]), c([2, 5, 2]), c([2, 3, 2]))).toThrow(
        /jhpfEquivalentChannel: expected c64 H \[B, N_r, N_t\]/,
      );
      expect(() => CUSTOM_LAYERS.fused.normalizePrecoder(c([2, 2, 2]), c([3, 4, 2]))).toThrow(/jhpfNormalizePrecoder/);
    });
  });
});
