import { describe, expect, it } from 'vitest';
import { BeamPredictionSite } from '../../../../wireless/channel/beam-prediction-site.js';
import { upaDftCodebook } from '../../../../wireless/codebook/dft.js';
import { frobeniusPowers } from '../../../../wireless/channel/types.js';

describe('BeamPredictionSite (paper 001 channel)', () => {
  const site = new BeamPredictionSite();
  const batch = 600;
  const out = site.generate(batch, 7);

  it('outputs [batch, 1, 128] c64 channels, positions in the region and labels', () => {
    expect(out.H.shape).toEqual([batch, 1, 128]);
    expect(out.beamPower.length).toBe(batch * 128);
    const r = site.config.region;
    for (let b = 0; b < batch; b++) {
      const [x, y, z] = out.positions.subarray(3 * b, 3 * b + 3);
      expect(x).toBeGreaterThanOrEqual(r.xMin);
      expect(x).toBeLessThanOrEqual(r.xMax);
      expect(y).toBeGreaterThanOrEqual(r.yMin);
      expect(y).toBeLessThanOrEqual(r.yMax);
      expect(z).toBe(1.5);
      expect(site.insideBuilding(x, y)).toBe(false);
    }
  });

  it('beam powers are |a_iᴴ h|² over the paper 001 DFT codebook, and bestBeam their argmax', () => {
    const cb = upaDftCodebook(16, 8).beams;
    for (const b of [0, 1, 2, 17, 300]) {
      let best = -1;
      let bestP = -1;
      for (let i = 0; i < 128; i++) {
        // row stores hᴴ, so H·w = hᴴ w and |aᴴ h|² = |H a|²
        let re = 0;
        let im = 0;
        for (let n = 0; n < 128; n++) {
          const hr = out.H.data[2 * (b * 128 + n)];
          const hi = out.H.data[2 * (b * 128 + n) + 1];
          const ar = cb.data[2 * (n * 128 + i)];
          const ai = cb.data[2 * (n * 128 + i) + 1];
          re += hr * ar - hi * ai;
          im += hr * ai + hi * ar;
        }
        const p = re * re + im * im;
        expect(Math.abs(p - out.beamPower[b * 128 + i])).toBeLessThan(1e-4 * out.beamPower[b * 128 + out.bestBeam[b]]);
        if (p > bestP) {
          bestP = p;
          best = i;
        }
      }
      expect(out.beamPower[b * 128 + best]).toBeGreaterThanOrEqual(out.beamPower[b * 128 + out.bestBeam[b]] * (1 - 1e-4));
    }
  });

  it('LOS users: path gain near free space and best beam within one grid step of the LOS direction', () => {
    let los = 0;
    let near = 0;
    for (let b = 0; b < batch; b++) {
      if (!out.los[b]) continue;
      los++;
      const x = out.positions[3 * b];
      const y = out.positions[3 * b + 1];
      const d = Math.hypot(x, y, 1.5 - 10);
      const fspl = 20 * Math.log10(site.wavelengthM / (4 * Math.PI * d));
      expect(out.pathGainDb[b] - fspl).toBeGreaterThan(-4);
      expect(out.pathGainDb[b] - fspl).toBeLessThan(8);
      const u = y / d;
      const v = (1.5 - 10) / d;
      const i = Math.floor(out.bestBeam[b] / 8);
      const j = out.bestBeam[b] % 8;
      if (Math.abs(-1 + (2 * i) / 16 - u) <= 2 / 16 + 1e-9 && Math.abs(-1 + (2 * j) / 8 - v) <= 2 / 8 + 1e-9) near++;
    }
    expect(los).toBeGreaterThan(batch / 5);
    expect(los).toBeLessThan(batch);
    expect(near / los).toBeGreaterThan(0.9);
  });

  it('is site-specific: the site seed fixes the geometry, the position fixes the deterministic paths', () => {
    const again = new BeamPredictionSite();
    expect(again.buildings).toEqual(site.buildings);
    expect(again.scatterers).toEqual(site.scatterers);
    expect(again.paths(60, 20)).toEqual(site.paths(60, 20));
    const other = new BeamPredictionSite({ siteSeed: 2 });
    expect(other.buildings).not.toEqual(site.buildings);
    // same positions, different drop seeds: identical when the per-drop randomness is switched off
    const det = new BeamPredictionSite({ raysPerCluster: 1, clusterAsdDeg: 0, clusterZsdDeg: 0, numStochasticClusters: 0 });
    const pos = Float64Array.from(out.positions.subarray(0, 30));
    const a = det.channelsAt(pos, 3, 1);
    const b = det.channelsAt(pos, 3, 2);
    // single-ray clusters still have a random ray phase, but the beam powers of LOS-only drops must agree
    for (let i = 0; i < 10; i++) {
      if (det.paths(pos[3 * i], pos[3 * i + 1]).length === 1 && a.los[i]) {
        expect(Array.from(a.beamPower.subarray(i * 128, (i + 1) * 128))).toEqual(Array.from(b.beamPower.subarray(i * 128, (i + 1) * 128)));
      }
    }
    expect(Array.from(a.pathGainDb)).toHaveLength(10);
  });

  it('is reproducible and chunk-independent; channelsAt reproduces generate', () => {
    const tail = site.generate(4, 7, 10);
    expect(Array.from(tail.H.data)).toEqual(Array.from(out.H.data.subarray(2 * 10 * 128, 2 * 14 * 128)));
    const at = site.channelsAt(out.positions.subarray(0, 15), 3, 7);
    expect(Array.from(at.H.data)).toEqual(Array.from(out.H.data.subarray(0, 2 * 5 * 128)));
  });

  it("'per-drop' normalization gives ‖h‖² = N exactly", () => {
    const norm = new BeamPredictionSite({ normalization: 'per-drop' }).generate(50, 3);
    for (const p of frobeniusPowers(norm.H)) expect(p).toBeCloseTo(128, 3);
    const raw = site.generate(50, 3);
    for (let b = 0; b < 50; b++) expect(norm.pathGainDb[b]).toBeCloseTo(raw.pathGainDb[b], 10);
  });

  it('refuses invalid configurations', () => {
    expect(() => new BeamPredictionSite({ raysPerCluster: 21 })).toThrow(/raysPerCluster/);
    expect(() => new BeamPredictionSite({ region: { xMin: -5, xMax: 10, yMin: 0, yMax: 1 } })).toThrow(/region/);
    expect(() => site.channelsAt([-3, 0], 2, 1)).toThrow(/in front of the array/);
  });
});
