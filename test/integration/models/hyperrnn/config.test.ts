import { describe, expect, it } from 'vitest';
import { ConfigError, HYPERRNN_PRESETS, parseHyperrnnConfig } from '../../../../models/hyperrnn/config.js';
import { allSpecs } from '../../../../models/hyperrnn/experiments/networks.js';
import { besselJ0 } from '../../../../wireless/special/bessel-j0.js';

describe('hyperrnn config', () => {
  it('both presets parse; the paper preset holds Table I and the sweeps of Figs. 4 and 5', () => {
    const quick = parseHyperrnnConfig(HYPERRNN_PRESETS.quick);
    const paper = parseHyperrnnConfig(HYPERRNN_PRESETS.paper);
    expect(paper.system).toMatchObject({ numAntennas: 64, snrDb: 10, dlPilots: 2, dlCarrierHz: 3e9, carrierOffsetHz: 100e6, aodRangeDeg: 30, evalSlot: 8 });
    expect(paper.fig4).toEqual({ bits: [5, 10, 15, 20, 25, 30], ulPilots: [1, 2, 4, 8], paths: 8, rhoDl: 0, rhoUl: 0 });
    expect(paper.fig5).toMatchObject({ bits: 20, ulPilots: 2, paths: [2, 4, 8, 16], rhoDl: 0.99 });
    expect(paper.training.batch).toBe(1024);
    expect(paper.networks).toMatchObject({ encoder: [1024, 512, 256], hyperUnits: 1024, rnnUnits: 256 });
    expect(allSpecs(paper)).toHaveLength(6 * 5 + 4 * 2);
    expect(allSpecs(quick).length).toBeLessThan(allSpecs(paper).length);
    expect(new Set(allSpecs(paper).map((s) => s.name)).size).toBe(allSpecs(paper).length);
  });

  it("Fig. 5's ρ_ul is ρ_dl = J0(x) = 0.99 carried to the UL carrier, J0(x·f_ul/f_dl)", () => {
    const c = parseHyperrnnConfig(HYPERRNN_PRESETS.paper);
    // x with J0(x) = 0.99 by bisection on [0, 1] (J0 decreasing there)
    let [lo, hi] = [0, 1];
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (besselJ0(mid) > c.fig5.rhoDl) lo = mid;
      else hi = mid;
    }
    const ratio = (c.system.dlCarrierHz + c.system.carrierOffsetHz) / c.system.dlCarrierHz;
    expect(besselJ0(lo * ratio)).toBeCloseTo(c.fig5.rhoUl, 4);
  });

  it('refuses unknown keys, wrong types and inconsistent values, naming the key', () => {
    const bad = (over: unknown, pattern: RegExp) => {
      expect(() => parseHyperrnnConfig(over)).toThrow(ConfigError);
      expect(() => parseHyperrnnConfig(over)).toThrow(pattern);
    };
    bad({ system: { antennas: 64 } }, /hyperrnn\.system\.antennas: unknown key/);
    bad({ training: { batch: '1024' } }, /hyperrnn\.training\.batch: expected number/);
    bad({ system: { evalSlot: 11 } }, /evalSlot/);
    bad({ fig4: { bits: [10, 5] } }, /fig4\.bits: expected distinct values in increasing order/);
    bad({ fig5: { rhoDl: 1 } }, /fig5\.rhoDl/);
    bad({ system: { longTermGains: 'rayleigh' } }, /longTermGains/);
    bad({ training: { lrSchedule: [{ from: 0.2, lr: 1e-3 }] } }, /lrSchedule/);
    bad({ training: { batch: 1 } }, /BatchNorm/);
    bad({ system: { snrDb: 2 ** 53 } }, /hyperrnn\.system\.snrDb: expected a value in/);
    bad({ training: { lrSchedule: [{ from: 0, lr: 1e20 }] } }, /lrSchedule\[0\]\.lr: expected a value in \(0, 1\]/);
  });
});
