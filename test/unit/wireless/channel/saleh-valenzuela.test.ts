import { describe, expect, it } from 'vitest';
import { ulaGeometry, upaGeometry } from '../../../../wireless/array/geometry.js';
import { ulaSteering } from '../../../../wireless/array/ula.js';
import { raisedCosine, SalehValenzuelaChannel } from '../../../../wireless/channel/saleh-valenzuela.js';
import { channelAt, frobeniusPowers } from '../../../../wireless/channel/types.js';

function zScore(samples: Float64Array, target: number): number {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const v = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return Math.abs(mean - target) / Math.sqrt(v / n);
}

describe('Saleh–Valenzuela (paper 000 eqs. (1), (35))', () => {
  it('narrowband E‖H‖_F² = N_t N_r for ULA and UPA ends', () => {
    for (const [tx, rx] of [
      [ulaGeometry(32), ulaGeometry(16)],
      [upaGeometry(8, 4), upaGeometry(4, 2)],
    ] as const) {
      const ch = new SalehValenzuelaChannel({ tx, rx });
      const b = ch.generate(3000, 4);
      expect(b.shape).toEqual([3000, rx.numElements, tx.numElements]);
      expect(zScore(frobeniusPowers(b), tx.numElements * rx.numElements)).toBeLessThan(4);
    }
  });

  it('one cluster, one ray, no spread: H = √(N_t N_r)·α·a_r(φ_r) a_t(φ_t)^H (rank one, eq. (2) vectors)', () => {
    const ch = new SalehValenzuelaChannel({ tx: ulaGeometry(8), rx: ulaGeometry(4), numClusters: 1, raysPerCluster: 1, angleSpreadDeg: 0 });
    const H = channelAt(ch.generate(1, 7), 0);
    // Recover the angles from phase increments: H[r, t] ∝ e^{−jπ r sinφ_r} e^{+jπ t sinφ_t}.
    const el = (r: number, t: number) => [H.data[2 * (r * 8 + t)], H.data[2 * (r * 8 + t) + 1]];
    const [a00r, a00i] = el(0, 0);
    const [a01r, a01i] = el(0, 1);
    const [a10r, a10i] = el(1, 0);
    const sinT = Math.atan2(a01i * a00r - a01r * a00i, a01r * a00r + a01i * a00i) / Math.PI;
    const sinR = -Math.atan2(a10i * a00r - a10r * a00i, a10r * a00r + a10i * a00i) / Math.PI;
    const ar = ulaSteering(4, Math.asin(sinR));
    const at = ulaSteering(8, Math.asin(sinT));
    // H[0,0] = √32·α·ar[0]·conj(at[0]) = α (both first entries are 1/√N).
    const [alphaR, alphaI] = [a00r, a00i];
    for (let r = 0; r < 4; r++) {
      for (let t = 0; t < 8; t++) {
        const pr = Math.sqrt(32) * (ar[2 * r] * at[2 * t] + ar[2 * r + 1] * at[2 * t + 1]);
        const pi = Math.sqrt(32) * (ar[2 * r + 1] * at[2 * t] - ar[2 * r] * at[2 * t + 1]);
        expect(H.data[2 * (r * 8 + t)]).toBeCloseTo(alphaR * pr - alphaI * pi, 5);
        expect(H.data[2 * (r * 8 + t) + 1]).toBeCloseTo(alphaR * pi + alphaI * pr, 5);
      }
    }
  });

  it('OFDM (eq. (35), no pulse): E‖H[k]‖_F² = N_t N_r per subcarrier; k = 0 equals the narrowband draw', () => {
    const opts = { tx: ulaGeometry(8), rx: ulaGeometry(4), numClusters: 3, raysPerCluster: 20, numSubcarriers: 16 } as const;
    const ch = new SalehValenzuelaChannel(opts);
    const b = ch.generateOfdm(2000, 12);
    const p = frobeniusPowers(b);
    for (const k of [0, 8, 15])
      expect(
        zScore(
          Float64Array.from({ length: 2000 }, (_, i) => p[i * 16 + k]),
          32,
        ),
      ).toBeLessThan(4);
    const nb = new SalehValenzuelaChannel(opts).generate(2, 12);
    const x = channelAt(nb, 1);
    const y = channelAt(b, 1, 0);
    for (let i = 0; i < x.data.length; i++) expect(y.data[i]).toBeCloseTo(x.data[i], 4);
  });

  it('OFDM with a raised-cosine pulse keeps the subcarrier-average power N_t N_r', () => {
    const ch = new SalehValenzuelaChannel({
      tx: ulaGeometry(8),
      rx: ulaGeometry(2),
      numSubcarriers: 32,
      pulse: { rolloff: 0.25, taps: 16 },
    });
    const b = ch.generateOfdm(1500, 1);
    const p = frobeniusPowers(b);
    const perChannel = Float64Array.from({ length: 1500 }, (_, i) => {
      let s = 0;
      for (let k = 0; k < 32; k++) s += p[i * 32 + k];
      return s / 32;
    });
    expect(zScore(perChannel, 16)).toBeLessThan(4);
  });

  it('raised cosine: p(0) = 1, zeros at nonzero integers, finite at |x| = 1/(2β)', () => {
    expect(raisedCosine(0, 0.3)).toBe(1);
    for (const x of [1, 2, -3]) expect(Math.abs(raisedCosine(x, 0.3))).toBeLessThan(1e-15);
    expect(raisedCosine(2, 0.25)).toBeCloseTo((Math.PI / 4) * (Math.sin(Math.PI * 2) / (Math.PI * 2)), 12);
  });

  it('same seed → identical bytes; chunks reassemble', () => {
    const make = () => new SalehValenzuelaChannel({ tx: ulaGeometry(8), rx: ulaGeometry(4) });
    const a = make().generate(30, 5);
    expect(Buffer.from(make().generate(30, 5).data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    const tail = make().generate(10, 5, 20);
    expect(Array.from(tail.data)).toEqual(Array.from(a.data.subarray(a.data.length - tail.data.length)));
    const o1 = make().generateOfdm(3, 5);
    const o2 = make().generateOfdm(3, 5);
    expect(Buffer.from(o1.data.buffer).equals(Buffer.from(o2.data.buffer))).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => new SalehValenzuelaChannel({ tx: ulaGeometry(4), rx: ulaGeometry(4), numClusters: 0 })).toThrow(/numClusters/);
    expect(() => new SalehValenzuelaChannel({ tx: ulaGeometry(4), rx: ulaGeometry(4), pulse: { rolloff: 2, taps: 4 } })).toThrow(/rolloff/);
  });
});
