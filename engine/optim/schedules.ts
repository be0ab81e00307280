/**
 * Learning-rate schedules: pure functions of the 0-based step (the number of updates already made), so that a
 * resumed run recomputes its rate from the step stored in the checkpoint. Set `opt.lr = schedule(step)` before
 * each `opt.step(grads)`.
 */
import { OptimizerError } from './errors.js';

export type LrSchedule = (step: number) => number;

function checkStep(name: string, step: number): void {
  if (!(Number.isFinite(step) && step >= 0)) throw new OptimizerError(`${name}: step must be a finite number ≥ 0; got ${step}`);
}

/** `values[0]` before `boundaries[0]`, `values[i]` for boundaries[i−1] ≤ step < boundaries[i], the last value after. */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): LrSchedule {
  const name = 'piecewiseConstant';
  if (values.length !== boundaries.length + 1) {
    throw new OptimizerError(`${name}: expected ${boundaries.length + 1} values for ${boundaries.length} boundaries; got ${values.length}`);
  }
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i] > boundaries[i - 1])) throw new OptimizerError(`${name}: boundaries must increase strictly; got ${JSON.stringify(boundaries)}`);
  }
  const b = [...boundaries];
  const v = [...values];
  return (step) => {
    checkStep(name, step);
    let i = 0;
    while (i < b.length && step >= b[i]) i++;
    return v[i];
  };
}

/** lr · γ^⌊step / stepSize⌋ (torch.optim.lr_scheduler.StepLR with one scheduler step per update). */
export function stepDecay(options: { lr: number; stepSize: number; gamma: number }): LrSchedule {
  const { lr, stepSize, gamma } = options;
  if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new OptimizerError(`stepDecay: stepSize must be a positive integer; got ${stepSize}`);
  if (!(gamma > 0)) throw new OptimizerError(`stepDecay: gamma must be > 0; got ${gamma}`);
  return (step) => {
    checkStep('stepDecay', step);
    return lr * gamma ** Math.floor(step / stepSize);
  };
}

/**
 * Linear warm-up from 0 to `lr` over `warmupSteps` (lr·step/warmupSteps), then a half cosine from `lr` down to
 * `minLr` at `totalSteps`, constant `minLr` after (the form of Hugging Face's get_cosine_schedule_with_warmup,
 * plus a floor).
 */
export function cosineWithWarmup(options: { lr: number; warmupSteps: number; totalSteps: number; minLr?: number }): LrSchedule {
  const { lr, warmupSteps, totalSteps, minLr = 0 } = options;
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0 && Number.isInteger(totalSteps) && totalSteps >= warmupSteps)) {
    throw new OptimizerError(`cosineWithWarmup: expected integers 0 ≤ warmupSteps ≤ totalSteps; got warmupSteps ${warmupSteps}, totalSteps ${totalSteps}`);
  }
  return (step) => {
    checkStep('cosineWithWarmup', step);
    if (step < warmupSteps) return (lr * step) / warmupSteps;
    const span = totalSteps - warmupSteps;
    const progress = span === 0 ? 1 : Math.min((step - warmupSteps) / span, 1);
    return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}
