import { describe, expect, it } from 'vitest';
import {
  addAwgn,
  dbToLinear,
  ebN0ToEsN0Db,
  hyperrnnNoiseVariance,
  jhpfSnr,
  noiseVarianceFromEsN0,
  rsrpDbm,
  thermalNoisePowerDbm,
  upganetSnr,
} from '../../../../wireless/modulation/awgn.js';
import { countBitErrors, randomBits } from '../../../../wireless/modulation/bits.js';
import { qamDemodulateHard, qamModulate } from '../../../../wireless/modulation/gray-qam.js';
import { evaluateBer } from '../../../../wireless/metrics/evaluate-ber.js';
import { qFunction } from '../../../../wireless/special/erfc.js';
import { Rng } from '../../../../wireless/random/rng.js';

describe('QPSK over AWGN', () => {
  it.each([0, 4, 6])('BER at Eb/N0 = %i dB matches Q(√(2 Eb/N0)) within the 99%% Wilson interval', async (ebN0Db) => {
    const rng = new Rng(1000 + ebN0Db);
    const n0 = noiseVarianceFromEsN0(ebN0ToEsN0Db(ebN0Db, 2));
    const result = await evaluateBer(
      () => {
        const bits = randomBits(20_000, rng);
        const y = addAwgn(qamModulate(bits, 4), n0, rng);
        return { errors: countBitErrors(bits, qamDemodulateHard(y, 4)), bits: bits.length };
      },
      { minErrors: 1500, maxBits: 4_000_000, confidence: 0.99 },
    );
    const theory = qFunction(Math.sqrt(2 * dbToLinear(ebN0Db)));
    expect(result.stoppedBy).toBe('errors');
    expect(theory).toBeGreaterThanOrEqual(result.lower);
    expect(theory).toBeLessThanOrEqual(result.upper);
  });

  it('adds noise of the requested variance', () => {
    const rng = new Rng(5);
    const y = addAwgn(new Float64Array(200_000), 0.3, rng);
    let re = 0;
    let im = 0;
    for (let i = 0; i < y.length; i += 2) {
      re += y[i] ** 2;
      im += y[i + 1] ** 2;
    }
    const n = y.length / 2;
    // each part N(0, 0.15): sample variance has SE 0.15·√(2/n)
    expect(Math.abs(re / n - 0.15)).toBeLessThan(4 * 0.15 * Math.sqrt(2 / n));
    expect(Math.abs(im / n - 0.15)).toBeLessThan(4 * 0.15 * Math.sqrt(2 / n));
  });
});

describe('SNR conventions', () => {
  it('follow each paper', () => {
    expect(jhpfSnr(10)).toEqual({ transmitPower: 10, noiseVariance: 1 });
    expect(upganetSnr(12).transmitPower).toBeCloseTo(15.848931924611133, 12);
    expect(hyperrnnNoiseVariance(10)).toBeCloseTo(0.1, 15);
    expect(thermalNoisePowerDbm()).toBeCloseTo(-94, 12);
    expect(rsrpDbm(1e-5)).toBeCloseTo(-50, 12);
    expect(rsrpDbm(1e-20)).toBe(-140);
    expect(rsrpDbm(1)).toBe(-40);
    expect(ebN0ToEsN0Db(4, 4)).toBeCloseTo(4 + 10 * Math.log10(4), 14);
  });
});
