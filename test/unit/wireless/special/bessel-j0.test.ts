import { describe, expect, it } from 'vitest';
import { besselJ0, jakesCorrelation, SPEED_OF_LIGHT } from '../../../../wireless/special/bessel-j0.js';

// Reference values: scipy.special.j0 (double precision).
const J0_TABLE: readonly [number, number][] = [
  [0, 1],
  [0.5, 0.938469807240813],
  [1, 0.7651976865579666],
  [2, 0.22389077914123562],
  [2.404825557695773, 0],
  [5, -0.1775967713143383],
  [8, 0.1716508071375539],
  [10, -0.2459357644513483],
  [11.5, -0.06765394811166543],
  [12, 0.04768931079683335],
  [12.5, 0.14688405470042093],
  [15, -0.014224472826780597],
  [20, 0.16702466434058322],
  [30, -0.08636798358104031],
  [50, 0.055812327669252086],
  [100, 0.01998585030422333],
  [1000, 0.02478668615242003],
];

describe('besselJ0', () => {
  it.each(J0_TABLE)('J0(%f) matches the reference to 1e-8', (x, expected) => {
    expect(Math.abs(besselJ0(x) - expected)).toBeLessThan(1e-8);
  });

  it('is even and continuous across the series/asymptotic switch at 12', () => {
    for (const x of [0.3, 3.7, 9.1, 25]) expect(besselJ0(-x)).toBe(besselJ0(x));
    expect(Math.abs(besselJ0(12 - 1e-9) - besselJ0(12 + 1e-9))).toBeLessThan(1e-9);
  });

  it('handles non-finite input', () => {
    expect(besselJ0(Number.POSITIVE_INFINITY)).toBe(0);
    expect(besselJ0(Number.NaN)).toBeNaN();
  });

  it('gives the Jakes correlation of HyperRNN Table I (30 km/h, 3 GHz, 0.1 ms)', () => {
    const v = 30 / 3.6;
    const fd = (v * 3e9) / SPEED_OF_LIGHT;
    expect(jakesCorrelation(v, 3e9, 1e-4)).toBeCloseTo(besselJ0(2 * Math.PI * fd * 1e-4), 15);
    // Small-argument check: J0(x) ≈ 1 − x²/4 + x⁴/64.
    const x = 2 * Math.PI * fd * 1e-4;
    expect(jakesCorrelation(v, 3e9, 1e-4)).toBeCloseTo(1 - (x * x) / 4 + x ** 4 / 64, 10);
  });
});
