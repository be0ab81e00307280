import { describe, expect, it } from 'vitest';
import { pickStepSizes, type StepGridPoint } from '../../../../models/upganet/experiments/step-pick.js';

const point = (mu: number, lambda: number, outer: number, objective: number, rate?: number, mseDb?: number): StepGridPoint => ({
  mu,
  lambda,
  outer,
  objective,
  rate,
  mseDb,
});

describe('pickStepSizes (the fixed-step sweep behind the swept-init variant)', () => {
  const grid = [
    point(0.01, 0.01, 20, 9.1, 26.2, 7.1),
    point(0.05, 0.01, 20, 13.5, 28.9, 4.7),
    // best R and best MSE at I = 20, but a lower objective: never picked for them
    point(0.1, 0.001, 20, 14.5, 30.0, -6),
    point(0.2, 0.01, 20, 15.4, 24.8, -1.3),
    point(0.5, 0.01, 20, NaN, NaN, NaN),
    // a higher objective at another depth does not count for I = 20
    point(0.05, 0.001, 120, 20, 25, -4),
    point(0.1, 0.001, 120, 19, 23.6, -5.9),
  ];

  it('picks the highest finite training objective at the requested depth, not the best R or MSE', () => {
    expect(pickStepSizes(grid, 20)).toMatchObject({ mu: 0.2, lambda: 0.01, objective: 15.4 });
    expect(pickStepSizes(grid, 120)).toMatchObject({ mu: 0.05, lambda: 0.001 });
  });

  it('keeps the earlier grid point on a tie and refuses a depth with no finite point', () => {
    expect(pickStepSizes([point(0.1, 0.01, 20, 3), point(0.2, 0.01, 20, 3)], 20).mu).toBe(0.1);
    expect(() => pickStepSizes(grid, 40)).toThrow(/no grid point with I = 40/);
    expect(() => pickStepSizes([point(0.1, 0.01, 20, NaN), point(0.2, 0.01, 20, -Infinity)], 20)).toThrow(/finite objective/);
  });
});
