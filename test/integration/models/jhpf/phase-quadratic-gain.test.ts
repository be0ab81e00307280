/**
 * phaseQuadraticGain (models/jhpf/closed-form/phase-quadratic-gain.ts, the beamforming gain |h_bᴴ F_RF w_b|² with
 * F_RF = c·e^{jΦ}): forward against a float64 host reference, the fused backward against autodiff of the composed
 * gain (shared and per-batch Φ, subsets of inputs), finite differences and second derivatives; then its registered
 * checks `beamforming-gain` and `beamforming-gain-per-batch`.
 */
import { describe, expect, it } from 'vitest';
import {
  abs2,
  complex,
  conj,
  grad,
  gradcheck,
  gradgradcheck,
  mul,
  runGradcheck,
  ShapeError,
  sum,
  tensor,
  tidy,
  unitModulus,
  type Tensor,
} from '../../../../engine/index.js';
import { phaseQuadraticGain } from '../../../../models/jhpf/closed-form/index.js';
import '../../../../models/jhpf/closed-form/gradchecks.js';
import { expectClose, randomData, useRuntime } from '../../../helpers/gpu.js';
import { expectGradcheck, hostInput } from '../../../helpers/gradcheck.js';

useRuntime();

type C = Tensor<'c64'>;
type R = Tensor<'f32'>;

async function readAll(ts: Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.read()));
  ts.forEach((t) => t.dispose());
  return out;
}

/** G_b = |h_bᴴ (c·e^{jΦ_b}) w_b|² in float64. */
function gainReference(h: Float32Array, phi: Float32Array, w: Float32Array, B: number, N: number, M: number, c: number, shared: boolean): Float64Array {
  const out = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let [yr, yi] = [0, 0];
    for (let i = 0; i < N; i++) {
      let [ar, ai] = [0, 0];
      for (let j = 0; j < M; j++) {
        const p = phi[(shared ? 0 : b * N * M) + i * M + j];
        const [fr, fi] = [c * Math.cos(p), c * Math.sin(p)];
        const [wr, wi] = [w[2 * (b * M + j)], w[2 * (b * M + j) + 1]];
        ar += fr * wr - fi * wi;
        ai += fr * wi + fi * wr;
      }
      const [hr, hi] = [h[2 * (b * N + i)], -h[2 * (b * N + i) + 1]];
      yr += hr * ar - hi * ai;
      yi += hr * ai + hi * ar;
    }
    out[b] = yr * yr + yi * yi;
  }
  return out;
}

/** The same gain from element-wise ops and reductions only (an autodiff reference that needs no matmul rule). */
function gainComposed(h: Tensor, phi: Tensor, w: Tensor, c: number): Tensor {
  const [B] = h.shape;
  const M = w.shape[1];
  const F = unitModulus(phi as R, c);
  const a = sum(mul(F, w.reshape([B, 1, M])), { axis: -1 });
  return abs2(sum(mul(conj(h), a), { axis: -1 }));
}

describe('phaseQuadraticGain', () => {
  const [B, N, M, c] = [3, 5, 4, 0.7];
  for (const shared of [true, false]) {
    const phiShape = shared ? [N, M] : [B, N, M];
    const label = shared ? 'shared Φ [N, M]' : 'per-batch Φ [B, N, M]';
    const h = randomData(2 * B * N, 31);
    const phi = randomData(shared ? N * M : B * N * M, 32).map((v) => v * 4);
    const w = randomData(2 * B * M, 33);

    it(`${label}: forward matches float64`, async () => {
      const [G] = await readAll(tidy(() => [phaseQuadraticGain(tensor(h, [B, N], 'c64'), tensor(phi, phiShape), tensor(w, [B, M], 'c64'), c)]));
      expectClose(G, gainReference(h, phi, w, B, N, M, c, shared), { atol: 1e-5, rtol: 1e-5, what: 'G' });
    });

    it(`${label}: fused backward matches autodiff of the composed gain, for all inputs and for subsets`, async () => {
      const weights = [1, -0.5, 2];
      for (const wants of [
        [true, true, true],
        [false, true, false],
        [true, false, true],
      ]) {
        const grads = await readAll(
          tidy(() => {
            const run = (f: typeof gainComposed) => {
              const xs = [tensor(h, [B, N], 'c64'), tensor(phi, phiShape), tensor(w, [B, M], 'c64')];
              xs.forEach((x, k) => x.requireGrad(wants[k]));
              const loss = sum(mul(f(xs[0], xs[1], xs[2], c), tensor(weights, [B])));
              const wrt = xs.filter((_, k) => wants[k]);
              return grad(loss, wrt).map((g) => g!);
            };
            return [...run((a, p, b, k) => phaseQuadraticGain(a as C, p as R, b as C, k)), ...run(gainComposed)];
          }),
        );
        const n = grads.length / 2;
        for (let k = 0; k < n; k++) expectClose(grads[k], grads[n + k], { atol: 2e-5, rtol: 1e-4, what: `${label}, gradient ${k} of ${wants}` });
      }
    });

    it(`${label}: fused backward matches finite differences`, async () => {
      const fn = (a: Tensor, p: Tensor, b: Tensor) => phaseQuadraticGain(a as C, p as R, b as C, c);
      const report = await gradcheck(fn, [
        { data: h, shape: [B, N], dtype: 'c64' },
        { data: phi, shape: phiShape },
        { data: w, shape: [B, M], dtype: 'c64' },
      ]);
      expectGradcheck(report, `phaseQuadraticGain ${label}`);
    });
  }

  it('second derivatives through its composite backward (createGraph)', async () => {
    const fn = (a: Tensor, p: Tensor, b: Tensor) => phaseQuadraticGain(a as C, p as R, b as C, 0.8);
    const inputs = [
      hostInput({ shape: [2, 3], dtype: 'c64' }, 41),
      hostInput({ shape: [3, 2], dtype: 'f32' }, 42),
      hostInput({ shape: [2, 2], dtype: 'c64' }, 43),
    ];
    expectGradcheck(await gradgradcheck(fn, inputs, { eps: 2e-3 }), 'phaseQuadraticGain grad of grad');
  });

  it('rejects mismatched shapes and dtypes with the shapes it got', () => {
    tidy(() => {
      const h = tensor(randomData(2 * 6, 1), [2, 3], 'c64');
      const w = tensor(randomData(2 * 8, 2), [2, 4], 'c64');
      expect(() => phaseQuadraticGain(h, tensor(randomData(12, 3), [4, 3]), w)).toThrow(ShapeError);
      expect(() => phaseQuadraticGain(h, tensor(randomData(12, 3), [4, 3]), w)).toThrow(/got h \[2, 3\], Φ \[4, 3\], w \[2, 4\]/);
      expect(() => phaseQuadraticGain(h, tensor(randomData(36, 3), [3, 3, 4]), w)).toThrow(/per-batch Φ must be \[2, 3, 4\]/);
      expect(() => phaseQuadraticGain(h, complex(tensor(randomData(12, 3), [3, 4]), tensor(randomData(12, 4), [3, 4])) as never, w)).toThrow(/expected f32/);
    });
  });
});

describe('registered checks', () => {
  it.each(['beamforming-gain', 'beamforming-gain-per-batch'])('%s: fused, autodiff and finite differences agree', async (name) => {
    const r = await runGradcheck(name, { seed: 3, repeats: 2 });
    const detail = JSON.stringify(r.pairs.map((p) => [p.label, p.maxAbsError, p.maxRelError]));
    expect(r.ok, detail).toBe(true);
    expect(r.pairs[0].maxRelError, detail).toBeLessThan(1e-4);
    expect(r.inputs.map((x) => x.name)).toEqual(['h', 'phi', 'w']);
    expect(r.timing!.repeats).toBe(2);
  });
});
