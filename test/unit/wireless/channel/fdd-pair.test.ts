import { describe, expect, it } from 'vitest';
import { FddPairChannel, HYPERRNN_RHO_PRESETS } from '../../../../wireless/channel/fdd-pair.js';
import { besselJ0, SPEED_OF_LIGHT } from '../../../../wireless/special/bessel-j0.js';

/** Per-sequence statistics over slots and antennas; returns the mean over the batch and its standard error. */
function perSequence(data: Float32Array, batch: number, T: number, M: number, stat: (b: number) => number): { mean: number; se: number } {
  const values = Array.from({ length: batch }, (_, b) => stat(b));
  const mean = values.reduce((a, v) => a + v, 0) / batch;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (batch - 1));
  return { mean, se: sd / Math.sqrt(batch) };
}

function lag1(data: Float32Array, b: number, T: number, M: number): number {
  let s = 0;
  for (let t = 1; t < T; t++) {
    for (let m = 0; m < M; m++) {
      const i = 2 * ((b * T + t) * M + m);
      const j = 2 * ((b * T + t - 1) * M + m);
      s += data[i] * data[j] + data[i + 1] * data[j + 1]; // Re(h_t conj(h_{t−1}))
    }
  }
  return s / ((T - 1) * M);
}

function power(data: Float32Array, b: number, T: number, M: number): number {
  let s = 0;
  for (let i = 2 * b * T * M; i < 2 * (b + 1) * T * M; i++) s += data[i] * data[i];
  return s / (T * M);
}

describe('FddPairChannel (HyperRNN)', () => {
  it.each(['complex-normal', 'unit'] as const)('AR(1) lag-1 correlation equals ρ within 4 SE (%s long-term gains)', (gains) => {
    const T = 10;
    const M = 8;
    const model = new FddPairChannel({ numAntennas: M, numPaths: 4, numSlots: T, longTermGains: gains, correlation: { kind: 'rho', rhoDl: 0.7, rhoUl: 0.4 } });
    const batch = 4000;
    const out = model.generate(batch, 3);
    const dl = perSequence(out.dl.data, batch, T, M, (b) => lag1(out.dl.data, b, T, M));
    const ul = perSequence(out.ul.data, batch, T, M, (b) => lag1(out.ul.data, b, T, M));
    expect(Math.abs(dl.mean - 0.7)).toBeLessThan(4 * dl.se);
    expect(Math.abs(ul.mean - 0.4)).toBeLessThan(4 * ul.se);
    // E|h_t[m]|² = 1, i.e. E‖h_t‖² = M
    const p = perSequence(out.dl.data, batch, T, M, (b) => power(out.dl.data, b, T, M));
    expect(Math.abs(p.mean - 1)).toBeLessThan(4 * p.se);
  });

  it('derives ρ = J0(2π v f_C τ / c) per carrier (defaults: 30 km/h, 0.1 ms, f_dl = 3 GHz, f_ul = 3.1 GHz)', () => {
    const model = new FddPairChannel();
    const v = 30 / 3.6;
    expect(model.ulCarrierHz).toBe(3.1e9);
    expect(model.rhoDl).toBeCloseTo(besselJ0((2 * Math.PI * v * 3e9 * 1e-4) / SPEED_OF_LIGHT), 15);
    expect(model.rhoUl).toBeCloseTo(besselJ0((2 * Math.PI * v * 3.1e9 * 1e-4) / SPEED_OF_LIGHT), 15);
    expect(model.rhoUl).toBeLessThan(model.rhoDl);
    expect(model.dopplerHz().dl).toBeCloseTo((v * 3e9) / SPEED_OF_LIGHT, 9);
    expect(model.ulSpacing).toBeCloseTo((0.5 * 3.1) / 3, 15);
  });

  it('shares the AoDs: one path has the steering phases of the DL and UL carriers', () => {
    const M = 16;
    const model = new FddPairChannel({ numAntennas: M, numPaths: 1, numSlots: 3, longTermGains: 'unit' });
    const out = model.generate(4, 8);
    for (let b = 0; b < 4; b++) {
      const s = Math.sin(out.aodRad[b]);
      expect(Math.abs(out.aodRad[b])).toBeLessThanOrEqual(Math.PI / 6);
      for (const [data, spacing] of [
        [out.dl.data, 0.5],
        [out.ul.data, model.ulSpacing],
      ] as const) {
        for (let t = 0; t < 3; t++) {
          const base = 2 * (b * 3 + t) * M;
          const h0 = [data[base], data[base + 1]];
          const d0 = h0[0] ** 2 + h0[1] ** 2;
          for (const m of [1, 5, 15]) {
            // h[m] / h[0] = e^{j2π·spacing·m·sin θ}
            const re = (data[base + 2 * m] * h0[0] + data[base + 2 * m + 1] * h0[1]) / d0;
            const im = (data[base + 2 * m + 1] * h0[0] - data[base + 2 * m] * h0[1]) / d0;
            const phase = 2 * Math.PI * spacing * m * s;
            expect(re).toBeCloseTo(Math.cos(phase), 4);
            expect(im).toBeCloseTo(Math.sin(phase), 4);
          }
        }
      }
    }
  });

  it('ρ = 0 gives independent slots; the presets are accepted', () => {
    const T = 4;
    const M = 4;
    const model = new FddPairChannel({ numAntennas: M, numSlots: T, correlation: { kind: 'rho', rhoDl: 0, rhoUl: 0 } });
    const batch = 3000;
    const out = model.generate(batch, 2);
    const dl = perSequence(out.dl.data, batch, T, M, (b) => lag1(out.dl.data, b, T, M));
    expect(Math.abs(dl.mean)).toBeLessThan(4 * dl.se);
    for (const p of HYPERRNN_RHO_PRESETS) expect(() => new FddPairChannel({ correlation: { kind: 'rho', ...p } })).not.toThrow();
  });

  it('is chunk-independent and refuses invalid settings', () => {
    const model = new FddPairChannel({ numAntennas: 4, numSlots: 3 });
    const all = model.generate(5, 1);
    const tail = model.generate(2, 1, 3);
    expect(Array.from(tail.dl.data)).toEqual(Array.from(all.dl.data.subarray(2 * 3 * 3 * 4)));
    expect(() => new FddPairChannel({ correlation: { kind: 'rho', rhoDl: 1.2, rhoUl: 0 } })).toThrow(/ρ must lie in/);
    expect(() => new FddPairChannel({ carrierOffsetHz: -4e9 })).toThrow(/f_ul/);
  });
});
