/**
 * The GPU sampler of the FDD pairs (eq. (3)) against float64 and against the wireless layer's FddPairChannel: the
 * AR(1) product, the composition from given draws, the shared AoD and the UL array's spacing, the promised moments
 * (E|h_m|² = 1, lag-one correlation ρ) within a few standard errors.
 */
import { describe, expect, it } from 'vitest';
import { Generator, noGrad, tensor, type Complex, type Real } from '../../../../engine/index.js';
import { FddSampler, ar1Matrix, composeChannel, fddChannel } from '../../../../models/hyperrnn/channels.js';
import { HYPERRNN_PRESETS, parseHyperrnnConfig } from '../../../../models/hyperrnn/config.js';
import { randomData, useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const config = (M: number, T: number, gains = 'complex-normal') =>
  parseHyperrnnConfig({
    ...HYPERRNN_PRESETS.quick,
    system: { ...HYPERRNN_PRESETS.quick.system, numAntennas: M, numSlots: T, evalSlot: T, longTermGains: gains },
  });

describe('ar1Matrix', () => {
  it('L w runs the AR(1) recursion β_1 = w_1, β_t = ρ β_{t−1} + √(1 − ρ²) w_t', async () => {
    const [T, rho] = [5, 0.8];
    const L = await ar1Matrix(T, rho, 0.5).read();
    const w = Array.from(randomData(T, 3));
    let beta = w[0];
    for (let t = 0; t < T; t++) {
      if (t > 0) beta = rho * beta + Math.sqrt(1 - rho * rho) * w[t];
      let row = 0;
      for (let s = 0; s < T; s++) row += L[t * T + s] * w[s];
      expect(row).toBeCloseTo(0.5 * beta, 6);
    }
  });
});

describe('composeChannel: eq. (3) from given draws', () => {
  it('h_t[m] = (1/√P) Σ_p α_p β_{p,t} e^{j k m sin θ_p} in float64', async () => {
    const [B, T, P, M, rho, k] = [2, 3, 3, 6, 0.7, Math.PI * 1.03];
    const sinT = Array.from(randomData(B * P, 1)).map((x) => x / 2);
    const alpha = randomData(2 * B * P, 2);
    const w = randomData(2 * B * T * P, 3);
    const H = await noGrad(() =>
      composeChannel(
        tensor(sinT, [B, P]) as Real,
        tensor(alpha, [B, P], 'c64') as Complex,
        tensor(w, [B, T, P], 'c64') as Complex,
        ar1Matrix(T, rho, 1 / Math.sqrt(P)),
        tensor(
          Array.from({ length: M }, (_, m) => k * m),
          [M],
        ) as Real,
      ),
    ).read();
    let worst = 0;
    for (let b = 0; b < B; b++) {
      const beta = Array.from({ length: P }, (_, p) => [w[2 * (b * T * P + p)], w[2 * (b * T * P + p) + 1]]);
      for (let t = 0; t < T; t++) {
        if (t > 0) {
          for (let p = 0; p < P; p++) {
            const i = 2 * ((b * T + t) * P + p);
            beta[p] = [rho * beta[p][0] + Math.sqrt(1 - rho * rho) * w[i], rho * beta[p][1] + Math.sqrt(1 - rho * rho) * w[i + 1]];
          }
        }
        for (let m = 0; m < M; m++) {
          let [hr, hi] = [0, 0];
          for (let p = 0; p < P; p++) {
            const [ar, ai] = [alpha[2 * (b * P + p)], alpha[2 * (b * P + p) + 1]];
            const [gr, gi] = [ar * beta[p][0] - ai * beta[p][1], ar * beta[p][1] + ai * beta[p][0]];
            const ph = k * m * sinT[b * P + p];
            hr += gr * Math.cos(ph) - gi * Math.sin(ph);
            hi += gr * Math.sin(ph) + gi * Math.cos(ph);
          }
          const o = 2 * ((b * T + t) * M + m);
          worst = Math.max(worst, Math.abs(H[o] - hr / Math.sqrt(P)), Math.abs(H[o + 1] - hi / Math.sqrt(P)));
        }
      }
    }
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('FddSampler', () => {
  it('shares θ between UL and DL, with the UL ramp f_ul/f_dl times the DL one (P = 1, α = 1) and θ in ±30°', async () => {
    const c = config(4, 2, 'unit');
    const channel = fddChannel(c, { paths: 1, rhoDl: 0, rhoUl: 0 });
    const s = new FddSampler(channel);
    const n = 500;
    const { ul, dl } = s.draw(new Generator(4), n);
    const [u, d] = await Promise.all([ul.read(), dl.read()]);
    const ratio = channel.ulCarrierHz / c.system.dlCarrierHz;
    let maxSin = 0;
    for (let b = 0; b < n; b++) {
      const o = 2 * b * 2 * 4; // slot 1 of sequence b
      const phase = (x: Float32Array, m: number) => Math.atan2(x[o + 2 * m + 1], x[o + 2 * m]);
      const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
      const stepDl = wrap(phase(d, 1) - phase(d, 0)); // π sin θ
      const stepUl = wrap(phase(u, 1) - phase(u, 0)); // π (f_ul/f_dl) sin θ
      expect(stepUl).toBeCloseTo(stepDl * ratio, 3);
      maxSin = Math.max(maxSin, Math.abs(stepDl / Math.PI));
    }
    expect(maxSin).toBeLessThanOrEqual(0.5 + 1e-5);
    expect(maxSin).toBeGreaterThan(0.45);
    s.dispose();
  });

  it('E|h_m|² = 1 and E[h_t h_{t−1}*] = ρ, as the wireless layer model (within 5 standard errors)', async () => {
    const [M, T, P, n] = [4, 3, 3, 4000];
    const c = config(M, T);
    const setting = { paths: P, rhoDl: 0.9, rhoUl: 0.5 };
    const s = new FddSampler(fddChannel(c, setting));
    const { ul, dl } = s.draw(new Generator(9), n);
    const host = fddChannel(c, setting).generate(n, 9);
    const moments = (x: ArrayLike<number>) => {
      let power = 0;
      let lagRe = 0;
      const count = n * M;
      const pw: number[] = [];
      for (let b = 0; b < n; b++) {
        for (let m = 0; m < M; m++) {
          const i1 = 2 * ((b * T + 1) * M + m);
          const i0 = 2 * (b * T * M + m);
          const p = x[i1] ** 2 + x[i1 + 1] ** 2;
          power += p;
          pw.push(p);
          lagRe += x[i1] * x[i0] + x[i1 + 1] * x[i0 + 1];
        }
      }
      const mean = power / count;
      const sd = Math.sqrt(pw.reduce((a, v) => a + (v - mean) ** 2, 0) / count);
      return { power: mean, lag: lagRe / count, se: sd / Math.sqrt(n) }; // entries of one sequence are dependent: √n, not √(nM)
    };
    const [gDl, gUl] = [moments(await dl.read()), moments(await ul.read())];
    const [hDl, hUl] = [moments(host.dl.data), moments(host.ul.data)];
    for (const [g, h, rho] of [
      [gDl, hDl, 0.9],
      [gUl, hUl, 0.5],
    ] as const) {
      expect(Math.abs(g.power - 1)).toBeLessThan(5 * g.se);
      expect(Math.abs(h.power - 1)).toBeLessThan(5 * h.se);
      expect(Math.abs(g.lag - rho)).toBeLessThan(5 * g.se);
      expect(Math.abs(g.lag - h.lag)).toBeLessThan(5 * Math.SQRT2 * g.se);
    }
    s.dispose();
  });

  it('draws fresh channels on each call and the same ones from the same generator state', async () => {
    const c = config(4, 2);
    const s = new FddSampler(fddChannel(c, { paths: 2, rhoDl: 0, rhoUl: 0 }));
    const g = new Generator(1);
    const a = await s.draw(g, 3).dl.read();
    const b = await s.draw(g, 3).dl.read();
    const c2 = await s.draw(new Generator(1), 3).dl.read();
    expect(Array.from(a)).toEqual(Array.from(c2));
    expect(Array.from(a)).not.toEqual(Array.from(b));
    s.dispose();
  });
});
