/**
 * Paper 001's maps on hand-computed cases: the RSRP map g of eq. (6e) (10 log10, the [−140, −40] dBm clip, 1 dB
 * quantization at inference) on the host and on the device (with its gradient: 10/(x ln 10) inside the window, 0 where
 * clipped), the link budget of Table I, and the B-bit phase quantizer of §III-D.
 */
import { describe, expect, it } from 'vitest';
import { grad, sum, tensor } from '../../../../engine/index.js';
import { beamsFromPhases, quantizePhases } from '../../../../models/probe/deploy.js';
import { normalizedRsrp } from '../../../../models/probe/model.js';
import { channelAmplitude, noisePowerDbm, predictorInput, rsrpDbm } from '../../../../models/probe/system.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

const NOISE_DBM = -94;
/** x (power over σ²) whose RSRP is `dbm` */
const xOf = (dbm: number) => 10 ** ((dbm - NOISE_DBM) / 10);

describe('link budget (Table I)', () => {
  it('σ² = −174 dBm/Hz + 10 log10(100 MHz) = −94 dBm; a = √(P/σ²)', () => {
    const l = { transmitPowerDbm: 30, noiseDbmPerHz: -174, bandwidthHz: 100e6 };
    expect(noisePowerDbm(l)).toBeCloseTo(-94, 12);
    expect(channelAmplitude(l)).toBeCloseTo(10 ** (124 / 20), 6);
  });
});

describe('RSRP map g (eq. (6e))', () => {
  it('10 log10 inside the window, clipped at −140 and −40 dBm', () => {
    expect(rsrpDbm(xOf(-60), NOISE_DBM, false)).toBeCloseTo(-60, 10);
    expect(rsrpDbm(1, NOISE_DBM, false)).toBeCloseTo(-94, 12); // the noise power itself
    expect(rsrpDbm(xOf(-150), NOISE_DBM, false)).toBe(-140);
    expect(rsrpDbm(0, NOISE_DBM, false)).toBe(-140);
    expect(rsrpDbm(xOf(-30), NOISE_DBM, false)).toBe(-40);
  });

  it('quantizes to 1 dB at inference', () => {
    expect(rsrpDbm(xOf(-60.4), NOISE_DBM, true)).toBe(-60);
    expect(rsrpDbm(xOf(-60.6), NOISE_DBM, true)).toBe(-61);
    expect(rsrpDbm(xOf(-139.7), NOISE_DBM, true)).toBe(-140);
    expect(rsrpDbm(xOf(-40.2), NOISE_DBM, true)).toBe(-40);
  });

  it('maps the window onto [0, 1] for the predictor', () => {
    expect(predictorInput(-140)).toBe(0);
    expect(predictorInput(-40)).toBe(1);
    expect(predictorInput(-90)).toBeCloseTo(0.5, 12);
  });

  it('on the device: the same values, gradient 10/(100·x·ln 10) inside the window and 0 where clipped', async () => {
    const dbm = [-150, -120, -94, -60, -41, -35];
    const xs = dbm.map(xOf);
    const x = tensor(xs, [2, 3]).requireGrad();
    const y = normalizedRsrp(x, NOISE_DBM);
    const [g] = grad(sum(y), [x]);
    const values = await y.read();
    const grads = await g!.read();
    dbm.forEach((d, i) => {
      const clipped = Math.min(-40, Math.max(-140, d));
      expect(values[i]).toBeCloseTo((clipped + 140) / 100, 5);
      const inside = d > -140 && d < -40;
      const expected = inside ? 10 / (100 * xs[i] * Math.LN10) : 0;
      expect(Math.abs(grads[i] - expected)).toBeLessThanOrEqual(1e-4 * Math.abs(expected) + 1e-30);
    });
  });
});

describe('B-bit phase quantizer (§III-D)', () => {
  it('rounds every phase to the grid 2πk/2^B', () => {
    const q = quantizePhases([0.3, 0.5, -2.0, Math.PI, 7], 3); // Δ = π/4
    const D = Math.PI / 4;
    expect(Array.from(q)).toEqual([0, D, -3 * D, 4 * D, 9 * D]);
    const q1 = quantizePhases([1.5, 1.6, -1.6], 1); // Δ = π
    expect(Array.from(q1)).toEqual([0, Math.PI, -Math.PI]);
  });

  it('errs by at most Δ/2 and leaves grid points alone', () => {
    const psi = Array.from({ length: 1000 }, (_, i) => -20 + 0.04 * i);
    for (const B of [3, 5, 7]) {
      const D = (2 * Math.PI) / 2 ** B;
      const q = quantizePhases(psi, B);
      q.forEach((v, i) => expect(Math.abs(v - psi[i])).toBeLessThanOrEqual(D / 2 + 1e-12));
      expect(Array.from(quantizePhases(q, B))).toEqual(Array.from(q));
    }
    expect(() => quantizePhases([0], 0)).toThrow(/bits must be a positive integer/);
  });

  it('keeps unit modulus: beams e^{jψ}/√N', () => {
    const W = beamsFromPhases(quantizePhases([0.1, 2, -3, 4], 3), 4);
    for (let i = 0; i < 4; i++) expect(Math.hypot(W[2 * i], W[2 * i + 1])).toBeCloseTo(0.5, 12);
  });
});
