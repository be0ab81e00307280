import { describe, expect, it } from 'vitest';
import { ulaGeometry, upaGeometry } from '../../../../wireless/array/geometry.js';
import { angularSpread, CdlChannel, cdlKFactorDb, cdlNormalizedDelaySpread, cdlRays } from '../../../../wireless/channel/cdl.js';
import type { CdlModel } from '../../../../wireless/channel/cdl-tables.js';
import { channelAt, frobeniusPowers } from '../../../../wireless/channel/types.js';

function zScore(samples: Float64Array, target: number): number {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const v = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return Math.abs(mean - target) / Math.sqrt(v / n);
}

const models: CdlModel[] = ['A', 'B', 'C', 'D', 'E'];

describe('CDL tables', () => {
  it('normalized RMS delay spreads: 1.0000 for A, B, C, E and 0.9937 for D', () => {
    // The tables are published to 4 decimals; CDL-A evaluates to 1.00006.
    for (const m of ['A', 'B', 'C', 'E'] as const) expect(Math.abs(cdlNormalizedDelaySpread(m) - 1)).toBeLessThan(1e-4);
    expect(cdlNormalizedDelaySpread('D')).toBeCloseTo(0.9937, 4);
  });

  it('K-factors: CDL-D 13.3 dB, CDL-E 22.0 dB; NLOS models have none', () => {
    expect(cdlKFactorDb('D')).toBeCloseTo(13.3, 10);
    expect(cdlKFactorDb('E')).toBeCloseTo(22.0, 10);
    expect(() => cdlKFactorDb('A')).toThrow(/no LOS/);
  });

  it('rays: 20 per cluster, one specular ray for D/E, powers sum to 1', () => {
    const a = cdlRays('A');
    expect(a.power.length).toBe(23 * 20);
    const d = cdlRays('D');
    expect(d.power.length).toBe(1 + 13 * 20);
    expect(d.entryStart[1]).toBe(1);
    for (const m of models) expect(cdlRays(m).power.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });

  it('angle scaling (§7.7.5.1) sets the requested spread and mean', () => {
    const base = cdlRays('B');
    const scaled = cdlRays('B', { aoa: { spreadDeg: 10, meanDeg: 30 }, zod: { spreadDeg: 2 } });
    // The scaling is linear in the angles while AS and μ are circular statistics: close to the target, not exact.
    const aoa = angularSpread(scaled.aoa, scaled.power);
    expect(Math.abs(aoa.meanDeg - 30)).toBeLessThan(1);
    expect(Math.abs(aoa.spreadDeg - 10)).toBeLessThan(0.5);
    const zod = angularSpread(scaled.zod, scaled.power);
    expect(Math.abs(zod.meanDeg - angularSpread(base.zod, base.power).meanDeg)).toBeLessThan(0.1);
    expect(Math.abs(zod.spreadDeg - 2)).toBeLessThan(0.05);
    expect(scaled.aod).toEqual(base.aod);
  });
});

describe('CdlChannel', () => {
  it.each(models)('CDL-%s narrowband E‖H‖_F² = N_t N_r', (model) => {
    const ch = new CdlChannel({ model, tx: ulaGeometry(16), rx: upaGeometry(2, 2) });
    const b = ch.generate(1500, 17);
    expect(b.shape).toEqual([1500, 4, 16]);
    expect(zScore(frobeniusPowers(b), 64)).toBeLessThan(4);
  });

  it('OFDM: E‖H[k]‖_F² = N_t N_r per subcarrier, subcarrier 0 = narrowband', () => {
    const opts = { model: 'C', tx: ulaGeometry(8), rx: ulaGeometry(2), numSubcarriers: 12, delaySpreadS: 300e-9 } as const;
    const of = new CdlChannel(opts).generateOfdm(1500, 2);
    const p = frobeniusPowers(of);
    for (const k of [0, 6, 11])
      expect(
        zScore(
          Float64Array.from({ length: 1500 }, (_, i) => p[i * 12 + k]),
          16,
        ),
      ).toBeLessThan(4);
    const nb = new CdlChannel(opts).generate(3, 2);
    for (let b = 0; b < 3; b++) {
      const x = channelAt(nb, b);
      const y = channelAt(of, b, 0);
      for (let i = 0; i < x.data.length; i++) expect(y.data[i]).toBeCloseTo(x.data[i], 4);
    }
  });

  it('CDL-D single-antenna |h|²: LOS power fraction gives the Rice statistics (mean 1, variance 1 − P_LOS²)', () => {
    const ch = new CdlChannel({ model: 'D', tx: ulaGeometry(1), rx: ulaGeometry(1) });
    const p = frobeniusPowers(ch.generate(20000, 5));
    expect(zScore(p, 1)).toBeLessThan(4);
    // With specular power P0 and diffuse power 1 − P0 (Rayleigh-like), Var|h|² = 1 − P0².
    const P0 = cdlRays('D').power[0];
    const mean = p.reduce((a, b) => a + b, 0) / p.length;
    const v = p.reduce((a, b) => a + (b - mean) ** 2, 0) / (p.length - 1);
    expect(Math.abs(v - (1 - P0 * P0))).toBeLessThan(0.03);
  });

  it('per-channel normalization and determinism', () => {
    const make = () => new CdlChannel({ model: 'A', tx: ulaGeometry(4), rx: ulaGeometry(4), normalization: 'per-channel' });
    const a = make().generate(10, 3);
    for (const v of frobeniusPowers(a)) expect(v).toBeCloseTo(16, 3);
    expect(Buffer.from(make().generate(10, 3).data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    const tail = make().generate(4, 3, 6);
    expect(Array.from(tail.data)).toEqual(Array.from(a.data.subarray(a.data.length - tail.data.length)));
  });
});
