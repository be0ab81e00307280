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
 *   wide      uniform in [−3, 3) (sigmoid, tanh, softmax beyond their linear range)
 *   phases    uniform in [−9, 9) (phases beyond ±π)
 *   unit      in [0, 1) (targets)
 *   prob      in [0.05, 0.95) (probabilities away from 0 and 1)
 *   diagonal  matrices [..., n, n]: 'any' plus n on the diagonal (well conditioned)
 *   hpd       matrices [..., n, n]: MᴴM + n·I for an 'any' M (Hermitian positive definite)
 */
export type ValueKind = 'any' | 'nonzero' | 'positive' | 'distinct' | 'wide' | 'phases' | 'unit' | 'prob' | 'diagonal' | 'hpd';

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
  if (kind === 'wide') u.forEach((v, i) => (data[i] = 3 * v));
  if (kind === 'phases') u.forEach((v, i) => (data[i] = 9 * v));
  if (kind === 'unit') u.forEach((v, i) => (data[i] = (v + 1) / 2));
  if (kind === 'prob') u.forEach((v, i) => (data[i] = 0.05 + 0.45 * (v + 1)));
  if (kind === 'diagonal' || kind === 'hpd') squareMatrices(shape, per, u, kind, data);
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

/** Well-conditioned square matrices [..., n, n] from uniform values u (interleaved when per = 2), written to out. */
function squareMatrices(shape: Shape, per: number, u: Float32Array, kind: 'diagonal' | 'hpd', out: Float32Array): void {
  const n = shape[shape.length - 1];
  if (shape.length < 2 || shape[shape.length - 2] !== n) throw new RangeError(`hostInput: '${kind}' needs square matrices; got [${shape.join(', ')}]`);
  const count = u.length / (per * n * n);
  for (let b = 0; b < count; b++) {
    const base = b * n * n * per;
    const m = (i: number, j: number, p: number) => (p < per ? u[base + (i * n + j) * per + p] : 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let re = m(i, j, 0);
        let im = m(i, j, 1);
        if (kind === 'hpd') {
          // (MᴴM)_ij = Σ_k conj(M_ki) M_kj
          [re, im] = [0, 0];
          for (let k = 0; k < n; k++) {
            re += m(k, i, 0) * m(k, j, 0) + m(k, i, 1) * m(k, j, 1);
            im += m(k, i, 0) * m(k, j, 1) - m(k, i, 1) * m(k, j, 0);
          }
        }
        if (i === j) re += n;
        out[base + (i * n + j) * per] = re;
        if (per === 2) out[base + (i * n + j) * per + 1] = im;
      }
    }
  }
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
