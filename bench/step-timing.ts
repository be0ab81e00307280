/** Timing of training steps, shared by the benchmarks: no readback inside a timed run except its last loss. */
import { runtime, type Tensor } from '../engine/index.js';

/** Running totals that a step adds to (dispatches, bind groups created, …); read before and after timed steps. */
export type Counters = () => Record<string, number>;

export interface Timings {
  /** ms per step, one value per round */
  ms: number[];
  firstLoss: number;
  lastLoss: number;
  /** with `counters`: each counter's increase over the timed rounds divided by their steps */
  perStep?: Record<string, number>;
}

/**
 * First-step loss, then warm-up, then `rounds` timings of `inner` steps each (run(n) ends with a loss read back).
 * With `counters`, they are read before the first and after the last timed round (the reads are not timed).
 */
export async function timeSteps(
  run: (steps: number) => Promise<number>,
  sync: () => Promise<void>,
  warmup: number,
  rounds: number,
  inner: number,
  counters?: Counters,
): Promise<Timings> {
  const firstLoss = await run(1);
  await run(warmup);
  await sync();
  const ms: number[] = [];
  let lastLoss = NaN;
  const before = counters?.();
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    lastLoss = await run(inner);
    ms.push((performance.now() - t0) / inner);
  }
  const perStep = before && perStepIncrease(before, counters!(), rounds * inner);
  return { ms, firstLoss, lastLoss, ...(perStep && { perStep }) };
}

/** (after − before) / steps for every counter. */
export function perStepIncrease(before: Record<string, number>, after: Record<string, number>, steps: number): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] - (before[k] ?? 0)) / steps]));
}

/** Our recorder's dispatches and bind groups created so far (engine/device/recorder.ts stats). */
export const ourCounters: Counters = () => {
  const { dispatches, bindGroupsCreated } = runtime().recorder.stats;
  return { dispatches, bindGroupsCreated };
};

/**
 * Dispatches and bind groups created per step of any step function, from our recorder's stats: runs `steps` steps
 * (`run(steps)`, ending with a readback) once, untimed.
 */
export async function ourCountsPerStep(run: (steps: number) => Promise<unknown>, steps: number): Promise<Record<string, number>> {
  const before = ourCounters();
  await run(steps);
  return perStepIncrease(before, ourCounters(), steps);
}

/** Records `n` of our steps back to back and reads the last step's loss (the only readback). */
export function ourSteps(step: () => Tensor): (n: number) => Promise<number> {
  return async (n) => {
    let last: Tensor | null = null;
    for (let i = 0; i < n; i++) {
      last?.dispose();
      last = step();
    }
    const v = await last!.item();
    last!.dispose();
    return v;
  };
}
