/**
 * The probe-power op of paper 001 (models/probe/closed-form/probe-power.ts): the forward against eq. (5) in float64,
 * the fused gradient against the paper's eqs. (7)–(11) written out literally (1-based element index n, ⌈n/N_θ⌉) in
 * float64, and the registered checks `phasor gradcheck probe` (fused = autodiff = finite differences in the angle and
 * the beam domain). A gradient that drops the chain factor cos φ sin θ of (9) must fail the comparison.
 */
import { describe, expect, it } from 'vitest';
import { grad, listGradchecks, runGradcheck, sum, mul, tensor, type Tensor } from '../../../../engine/index.js';
import { probePowerComposite, probePowerFused, type ProbeDomain } from '../../../../models/probe/closed-form/probe-power.js';
import '../../../../models/probe/closed-form/gradchecks.js';
import { expectClose, randomData, useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const NH = 4;
const NV = 3;
const N = NH * NV;
const B = 3;
const L = 2;
const A = 1.7;

const h = randomData(2 * B * N, 11).map((x) => x / Math.sqrt(N));
const nu = randomData(2 * B * L, 12).map((x) => 0.3 * x);
const C = randomData(B * L, 13);
const phi = Float32Array.from([0.4, -0.9]);
const theta = Float32Array.from([1.2, 2.0]);

/** The paper's eqs. (5), (7)–(11) literally, in float64: x [B, L] and ∂J/∂φ, ∂J/∂θ for J = Σ C·x. */
function paperReference(phiV: ArrayLike<number>, thetaV: ArrayLike<number>) {
  const x = new Float64Array(B * L);
  const gPhi = new Float64Array(L);
  const gTheta = new Float64Array(L);
  const s = 1 / Math.sqrt(N);
  for (let l = 0; l < L; l++) {
    const [p, t] = [phiV[l], thetaV[l]];
    for (let b = 0; b < B; b++) {
      let [zr, zi, dpr, dpi, dtr, dti] = [0, 0, 0, 0, 0, 0];
      for (let n = 1; n <= N; n++) {
        const c = Math.ceil(n / NV); // ⌈n/N_θ⌉
        const arg = Math.PI * ((c - 1) * Math.sin(p) * Math.sin(t) + (n - c * NV + NV - 1) * Math.cos(t));
        const [wr, wi] = [s * Math.cos(arg), s * Math.sin(arg)];
        const kPhi = Math.PI * (c - 1) * Math.sin(t) * Math.cos(p); // (9)
        const kTheta = Math.PI * ((c - 1) * Math.sin(p) * Math.cos(t) - (n - c * NV + NV - 1) * Math.sin(t)); // (11)
        const [dwrP, dwiP] = [-s * Math.sin(arg) * kPhi, s * Math.cos(arg) * kPhi];
        const [dwrT, dwiT] = [-s * Math.sin(arg) * kTheta, s * Math.cos(arg) * kTheta];
        const [hr, hi] = [h[2 * (b * N + n - 1)], h[2 * (b * N + n - 1) + 1]];
        zr += wr * hr - wi * hi;
        zi += wr * hi + wi * hr;
        dpr += dwrP * hr - dwiP * hi; // (8)
        dpi += dwrP * hi + dwiP * hr;
        dtr += dwrT * hr - dwiT * hi; // (10)
        dti += dwrT * hi + dwiT * hr;
      }
      zr = A * zr + nu[2 * (b * L + l)];
      zi = A * zi + nu[2 * (b * L + l) + 1];
      x[b * L + l] = zr * zr + zi * zi;
      const w = C[b * L + l]; // ∂J/∂|z|²
      gPhi[l] += w * (2 * zr * A * dpr + 2 * zi * A * dpi); // (7)
      gTheta[l] += w * (2 * zr * A * dtr + 2 * zi * A * dti);
    }
  }
  return { x, gPhi, gTheta };
}

async function powerAndGrads(impl: typeof probePowerFused, domain: ProbeDomain, pa: Float32Array, pb: Float32Array) {
  const ta = tensor(pa, [L]).requireGrad();
  const tb = tensor(pb, [L]).requireGrad();
  const x = impl(tensor(h, [B, N], 'c64'), ta, tb, tensor(nu, [B, L], 'c64'), null, { domain, amplitude: A, horizontal: NH, vertical: NV });
  const [ga, gb] = grad(sum(mul(x, tensor(C, [B, L]))), [ta, tb]) as Tensor[];
  return { x: await x.read(), ga: await ga.read(), gb: await gb.read() };
}

describe('probePower (paper 001 eqs. (5), (7)–(11))', () => {
  it('forward and the fused angle-domain gradient equal the paper’s formulas in float64', async () => {
    const ref = paperReference(phi, theta);
    const got = await powerAndGrads(probePowerFused, 'angle', phi, theta);
    expectClose(got.x, ref.x, { rtol: 1e-5, atol: 1e-6, what: 'x' });
    expectClose(got.ga, ref.gPhi, { rtol: 1e-4, atol: 1e-5, what: '∂J/∂φ' });
    expectClose(got.gb, ref.gTheta, { rtol: 1e-4, atol: 1e-5, what: '∂J/∂θ' });
  });

  it('the beam domain gives the same powers at (u, v) = (sin φ sin θ, cos θ), and its gradient matches autodiff', async () => {
    const u = Float32Array.from(phi.map((p, l) => Math.sin(p) * Math.sin(theta[l])));
    const v = Float32Array.from(theta.map((t) => Math.cos(t)));
    const fused = await powerAndGrads(probePowerFused, 'beam', u, v);
    const auto = await powerAndGrads(probePowerComposite, 'beam', u, v);
    expectClose(fused.x, paperReference(phi, theta).x, { rtol: 1e-5, atol: 1e-5, what: 'x(u, v)' });
    expectClose(fused.ga, auto.ga, { rtol: 1e-4, atol: 1e-5, what: '∂J/∂u' });
    expectClose(fused.gb, auto.gb, { rtol: 1e-4, atol: 1e-5, what: '∂J/∂v' });
    // ∂J/∂φ = ∂J/∂u · cos φ sin θ (the chain of (9)); without the factor the angle gradient would be ∂J/∂u itself
    const ref = paperReference(phi, theta);
    const chain = Array.from(fused.ga, (g, l) => g * Math.cos(phi[l]) * Math.sin(theta[l]));
    expectClose(chain, ref.gPhi, { rtol: 1e-4, atol: 1e-5, what: 'chain rule (9)' });
    expect(Math.max(...Array.from(fused.ga, (g, l) => Math.abs(g - ref.gPhi[l])))).toBeGreaterThan(1e-2);
  });

  it('refuses a trained channel or a mismatched array', () => {
    const hT = tensor(h, [B, N], 'c64').requireGrad();
    const ta = tensor(phi, [L]).requireGrad();
    const tb = tensor(theta, [L]).requireGrad();
    const n = tensor(nu, [B, L], 'c64');
    expect(() => probePowerFused(hT, ta, tb, n, null, { domain: 'angle', amplitude: 1, horizontal: NH, vertical: NV })).toThrow(/no gradient for h/);
    expect(() => probePowerFused(tensor(h, [B, N], 'c64'), ta, tb, n, null, { domain: 'angle', amplitude: 1, horizontal: 5, vertical: NV })).toThrow(
      /N_h·N_v = N = 12/,
    );
  });

  it('is registered as `phasor gradcheck probe`: fused = autodiff = finite differences', async () => {
    const names = listGradchecks()
      .map((s) => s.name)
      .filter((n) => n.startsWith('probe-'));
    expect(names).toEqual(['probe-angle-domain', 'probe-angle-domain-noise', 'probe-beam-domain']);
    for (const name of names) {
      const r = await runGradcheck(name, { repeats: 0 });
      const lines = r.pairs.map((p) => `${p.label}: rel ${p.maxRelError.toExponential(2)}`);
      expect(r.ok, `${name}\n${lines.join('\n')}`).toBe(true);
      expect(r.pairs.find((p) => p.pair === 'fused-autodiff')!.maxRelError).toBeLessThan(1e-5);
    }
  });
});
