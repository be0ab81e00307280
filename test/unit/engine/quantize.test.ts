/**
 * Straight-through estimators (engine/ops/quantize.ts): forward values (sign, round half to even, the B-bit phase
 * grid), backward rules (the tanh(a·x) surrogate's derivative, identity), second derivatives of the surrogate, errors.
 */
import { describe, expect, it } from 'vitest';
import { backward, grad, mul, sum, tanh, scale, tensor, tidy } from '../../../engine/index.js';
import { quantizePhase, roundSte, signSte } from '../../../engine/ops/quantize.js';
import { expectClose, randomData, useRuntime } from '../../helpers/gpu.js';

useRuntime();

describe('signSte', () => {
  it('forward is sign(x); backward is g·a·(1 − tanh²(a·x))', async () => {
    const x = [-2, -0.3, 0, 0.1, 0.7, 3];
    const w = [1, -2, 0.5, 3, 1, -1];
    const a = 2.5;
    const { y, g } = tidy(() => {
      const xt = tensor(x, [6]).requireGrad();
      const y = signSte(xt, a);
      const g = backward(sum(mul(y, tensor(w, [6])))).get(xt)!;
      return { y, g };
    });
    expectClose(await y.read(), [-1, -1, 0, 1, 1, 1]);
    expectClose(
      await g.read(),
      x.map((v, i) => w[i] * a * (1 - Math.tanh(a * v) ** 2)),
      { atol: 1e-6, rtol: 1e-5 },
    );
  });

  it('its gradient and second derivative equal those of the surrogate tanh(a·x)', async () => {
    const data = randomData(12, 3);
    const a = 1.7;
    const out = tidy(() => {
      const x = tensor(data, [3, 4]).requireGrad();
      const [g1] = grad(sum(signSte(x, a)), [x], { createGraph: true });
      const [gg1] = grad(sum(g1!), [x]);
      const [g2] = grad(sum(tanh(scale(x, a))), [x], { createGraph: true });
      const [gg2] = grad(sum(g2!), [x]);
      return [g1!, gg1!, g2!, gg2!];
    });
    const [g1, gg1, g2, gg2] = await Promise.all(out.map((t) => t.read()));
    expectClose(g1, g2, { atol: 1e-6 });
    expectClose(gg1, gg2, { atol: 1e-5 });
    // d²/dx² tanh(ax) = −2a² tanh(ax)(1 − tanh²(ax))
    expectClose(
      gg1,
      Array.from(data, (v) => -2 * a * a * Math.tanh(a * v) * (1 - Math.tanh(a * v) ** 2)),
      { atol: 1e-5, rtol: 1e-4 },
    );
  });

  it('refuses a non-positive slope', () => {
    tidy(() => {
      expect(() => signSte(tensor([1], [1]), 0)).toThrow(/slope a must be a finite number > 0; got 0/);
    });
  });
});

describe('roundSte and quantizePhase', () => {
  it('roundSte rounds half to even (as torch.round) with the identity gradient', async () => {
    const x = [-2.5, -1.5, -0.6, -0.5, 0.4, 0.5, 1.5, 2.5, 2.51, 7];
    const { y, g } = tidy(() => {
      const xt = tensor(x, [x.length]).requireGrad();
      const y = roundSte(xt);
      const g = backward(
        sum(
          mul(
            y,
            tensor(
              x.map((_, i) => i + 1),
              [x.length],
            ),
          ),
        ),
      ).get(xt)!;
      return { y, g };
    });
    expectClose(await y.read(), [-2, -2, -1, -0, 0, 0, 2, 2, 3, 7], { atol: 0 });
    expectClose(
      await g.read(),
      x.map((_, i) => i + 1),
      { atol: 0 },
    );
  });

  it.each([1, 2, 3, 6])('quantizePhase to %i bits: the nearest grid point 2πk/2^B, identity gradient', async (bits) => {
    const n = 64;
    const phi = Array.from(randomData(n, 10 + bits), (v) => 4 * Math.PI * v);
    const { y, g } = tidy(() => {
      const p = tensor(phi, [n]).requireGrad();
      const y = quantizePhase(p, bits);
      return { y, g: backward(sum(y)).get(p)! };
    });
    const step = (2 * Math.PI) / 2 ** bits;
    const got = await y.read();
    for (let i = 0; i < n; i++) {
      const k = got[i] / step;
      expect(Math.abs(k - Math.round(k)), `element ${i}: on the grid`).toBeLessThan(1e-5);
      expect(Math.abs(got[i] - Math.fround(phi[i])), `element ${i}: nearest point`).toBeLessThanOrEqual(step / 2 + 1e-5);
    }
    expectClose(await g.read(), new Array(n).fill(1), { atol: 0 });
  });

  it('refuses a bad bit count', () => {
    tidy(() => {
      expect(() => quantizePhase(tensor([1], [1]), 0)).toThrow(/bits must be an integer in \[1, 24\]; got 0/);
      expect(() => quantizePhase(tensor([1], [1]), 2.5)).toThrow(RangeError);
    });
  });
});
