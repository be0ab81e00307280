/** Test helpers around engine/autodiff/gradcheck.ts: input generators and an assertion that prints the report. */
import { expect } from 'vitest';
import type { DType, Shape } from '../../engine/index.js';
import type { GradcheckReport, HostTensor } from '../../engine/autodiff/gradcheck.js';
import { randomData } from './gpu.js';

/**
 * How the values of a generated input are drawn (finite differences need them away from kinks and poles):
 *   any       uniform in [−1, 1) (re and im)
 *   nonzero   |x| (or |z|) ≥ 0.5: away from the kinks of abs, relu, sign and from the poles of div and angle
 *   positive  in [0.5, 1.5) (sqrt)
 *   distinct  a shuffled grid with gaps of 0.05 plus jitter < 0.01 (max: no near-ties within ±ε)
 */
export type ValueKind = 'any' | 'nonzero' | 'positive' | 'distinct';

export interface InputSpec {
  shape: Shape;
  dtype: DType;
  kind?: ValueKind;
}

export function hostInput({ shape, dtype, kind = 'any' }: InputSpec, seed: number): HostTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const per = dtype === 'c64' ? 2 : 1;
  const u = randomData(size * per, seed);
  const data = new Float32Array(size * per);
  if (kind === 'any') data.set(u);
  if (kind === 'positive') u.forEach((v, i) => (data[i] = 1 + v / 2));
  if (kind === 'nonzero') {
    for (let e = 0; e < size; e++) {
      // the element scaled so that its modulus lies in [0.5, 1.5)
      const m = Math.hypot(...Array.from(u.subarray(e * per, e * per + per))) || 1;
      const target = 0.5 + (u[(e * 7919) % u.length] + 1) / 2;
      for (let p = 0; p < per; p++) data[e * per + p] = (u[e * per + p] / m) * target;
    }
  }
  if (kind === 'distinct') {
    const n = size * per;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => u[a] - u[b]);
    order.forEach((i, rank) => (data[i] = (rank - n / 2) * 0.05 + u[(i * 31) % n] * 0.005));
  }
  return { data, shape, dtype };
}

/** Fails with the per-input report when the check did not pass. */
export function expectGradcheck(report: GradcheckReport, what: string): void {
  const lines = report.inputs.map(
    (r) =>
      `input ${r.index} [${r.shape.join(', ')}] ${r.dtype}: max abs ${r.maxAbsError.toExponential(2)}, max rel ${r.maxRelError.toExponential(2)}` +
      (r.worst ? ` (element ${r.worst.element} ${r.worst.part}: autodiff ${r.worst.analytic}, finite difference ${r.worst.numeric})` : ''),
  );
  expect(report.ok, `${what}\n${lines.join('\n')}`).toBe(true);
}
