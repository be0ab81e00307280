import { describe, expect, it } from 'vitest';
import { beampatternSteering, ulaSteering, ulaSteeringMatrix } from '../../../../wireless/array/ula.js';
import { upaSteering, upaSteeringMatrix, upaSteeringUV } from '../../../../wireless/array/upa.js';
import { arrayResponse, customGeometry, ulaGeometry, upaGeometry } from '../../../../wireless/array/geometry.js';

const norm2 = (v: Float64Array) => v.reduce((s, x) => s + x * x, 0);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('ULA steering (paper 000 eq. (2))', () => {
  it('is unit norm for any angle and spacing', () => {
    for (const theta of [-1.3, -0.2, 0, 0.7, 2.9]) {
      for (const spacing of [0.5, 0.25, 1]) expect(norm2(ulaSteering(32, theta, { spacing }))).toBeCloseTo(1, 12);
    }
  });

  it('has the known values e^{−jπ n sinθ}/√N at half-wavelength spacing', () => {
    const a = ulaSteering(4, Math.PI / 6); // sin θ = 1/2: phases 0, −π/2, −π, −3π/2
    const s = 0.5;
    expect(maxDiff(a, [s, 0, 0, -s, -s, 0, 0, s])).toBeLessThan(1e-12);
  });

  it('sign +1 conjugates; unnormalized has norm² N', () => {
    const a = ulaSteering(8, 0.4);
    const b = ulaSteering(8, 0.4, { sign: 1 });
    for (let i = 0; i < 8; i++) {
      expect(b[2 * i]).toBeCloseTo(a[2 * i], 12);
      expect(b[2 * i + 1]).toBeCloseTo(-a[2 * i + 1], 12);
    }
    expect(norm2(ulaSteering(8, 0.4, { normalize: false }))).toBeCloseTo(8, 10);
  });

  it('UPGANet ā(θ) = [e^{jπ n sinθ}] is unnormalized with ā(0) = 1', () => {
    const a = beampatternSteering(64, 0);
    for (let n = 0; n < 64; n++) expect([a[2 * n], a[2 * n + 1]]).toEqual([1, 0]);
    const b = beampatternSteering(64, Math.PI / 2); // e^{jπ n}
    expect(b[2]).toBeCloseTo(-1, 12);
    expect(norm2(b)).toBeCloseTo(64, 9);
  });

  it('matrix columns equal the vectors', () => {
    const th = [0.1, -0.5, 1.2];
    const m = ulaSteeringMatrix(6, th);
    expect([m.rows, m.cols]).toEqual([6, 3]);
    th.forEach((t, l) => {
      const v = ulaSteering(6, t);
      for (let n = 0; n < 6; n++) {
        expect(m.data[2 * (n * 3 + l)]).toBe(v[2 * n]);
        expect(m.data[2 * (n * 3 + l) + 1]).toBe(v[2 * n + 1]);
      }
    });
  });

  it('rejects bad sizes', () => {
    expect(() => ulaSteering(0, 0)).toThrow(/positive integer/);
  });
});

describe('UPA steering (paper 001 eqs. (2)–(4))', () => {
  it('is a_xy ⊗ a_z with index m·N_v + n and unit norm', () => {
    const nH = 16;
    const nV = 8;
    const phi = 0.6;
    const theta = 1.1;
    const psi = upaSteering(nH, nV, phi, theta);
    expect(norm2(psi)).toBeCloseTo(1, 12);
    for (let m = 0; m < nH; m++) {
      for (let n = 0; n < nV; n++) {
        const ph = Math.PI * (m * Math.sin(phi) * Math.sin(theta) + n * Math.cos(theta));
        const i = m * nV + n;
        expect(psi[2 * i]).toBeCloseTo(Math.cos(ph) / Math.sqrt(nH * nV), 12);
        expect(psi[2 * i + 1]).toBeCloseTo(Math.sin(ph) / Math.sqrt(nH * nV), 12);
      }
    }
  });

  it('UV form and matrix form agree with the angle form', () => {
    const a = upaSteering(4, 2, 0.3, 1.0);
    const b = upaSteeringUV(4, 2, Math.sin(0.3) * Math.sin(1.0), Math.cos(1.0));
    expect(maxDiff(a, b)).toBeLessThan(1e-15);
    const m = upaSteeringMatrix(4, 2, [0.3, -0.2], [1.0, 2.0]);
    for (let i = 0; i < 8; i++) expect(m.data[2 * (i * 2)]).toBeCloseTo(a[2 * i], 15);
  });
});

describe('array geometry responses', () => {
  it('ULA geometry at zenith 90° equals √N·ulaSteering (paper 000 sign by default)', () => {
    for (const sign of [-1, 1] as const) {
      const g = ulaGeometry(16, 0.5, sign);
      const r = arrayResponse(g, 0.7, Math.PI / 2, true);
      expect(maxDiff(r, ulaSteering(16, 0.7, { sign }))).toBeLessThan(1e-12);
    }
  });

  it('UPA geometry equals √N·upaSteering; custom geometry with the same positions agrees', () => {
    const g = upaGeometry(16, 8);
    const r = arrayResponse(g, -0.4, 1.2, true);
    expect(maxDiff(r, upaSteering(16, 8, -0.4, 1.2))).toBeLessThan(1e-12);
    const c = customGeometry(g.positions);
    expect(maxDiff(arrayResponse(c, -0.4, 1.2), arrayResponse(g, -0.4, 1.2))).toBeLessThan(1e-12);
    expect(norm2(arrayResponse(g, 2.1, 0.3))).toBeCloseTo(128, 9);
  });

  it('rejects bad geometry input', () => {
    expect(() => customGeometry([0, 1])).toThrow(/\[N, 3\]/);
    expect(() => upaGeometry(4, 0)).toThrow(/positive integers/);
  });
});
