/** Timing of training steps, shared by the benchmarks: no readback inside a timed run except its last loss. */
import type { Tensor } from '../engine/index.js';

export interface Timings {
  /** ms per step, one value per round */
  ms: number[];
  firstLoss: number;
  lastLoss: number;
}

/** First-step loss, then warm-up, then `rounds` timings of `inner` steps each (run(n) ends with a loss read back). */
export async function timeSteps(
  run: (steps: number) => Promise<number>,
  sync: () => Promise<void>,
  warmup: number,
  rounds: number,
  inner: number,
): Promise<Timings> {
  const firstLoss = await run(1);
  await run(warmup);
  await sync();
  const ms: number[] = [];
  let lastLoss = NaN;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    lastLoss = await run(inner);
    ms.push((performance.now() - t0) / inner);
  }
  return { ms, firstLoss, lastLoss };
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
