/**
 * The epoch loop every model trains with: a progress bar over the steps, the loss read back once per epoch (never per
 * step), a training-state checkpoint after every epoch, and `--resume` picking up after the last completed epoch with
 * the same parameters, optimizer moments and data stream. Bind groups dropped by a step are handed back to the driver
 * when a step churned through many (engine/device/garbage.ts).
 */
import { existsSync } from 'node:fs';
import {
  add,
  copy,
  detach,
  keep,
  loadTrainingState,
  noGrad,
  releaseDeviceGarbageIfChurned,
  runtime,
  saveTrainingState,
  type Generator,
  type Module,
  type Optimizer,
  type Tensor,
} from '../../engine/index.js';
import type { RunContext } from './types.js';

export type EpochRecord = { epoch: number; [metric: string]: number };

export interface TrainLoopOptions {
  ctx: RunContext<unknown>;
  /** the network's name: its checkpoint file and its progress label */
  name: string;
  module: Module;
  optimizer: Optimizer;
  /** the data stream; saved with the state so that a resumed run draws the same batches */
  generator?: Generator;
  epochs: number;
  stepsPerEpoch: number;
  /** called before each epoch (learning-rate schedules) */
  beforeEpoch?(epoch: number): void;
  /** one optimisation step; returns the batch's scalar loss (the loop adds it to the epoch's total, then disposes it) */
  step(epoch: number, index: number): Tensor | Promise<Tensor>;
  /** after each epoch: extra metrics (validation loss, BER, …) recorded in the history */
  afterEpoch?(epoch: number): Promise<Record<string, number>> | Record<string, number>;
}

export interface TrainLoopResult {
  history: EpochRecord[];
  checkpoint: string;
  /** epochs run in this call (0 when a resumed run had already finished) */
  epochsRun: number;
}

interface LoopState {
  epoch: number;
  history: EpochRecord[];
}

export async function trainEpochs(o: TrainLoopOptions): Promise<TrainLoopResult> {
  const { ctx, name, module, optimizer, generator } = o;
  const checkpoint = ctx.checkpointPath(name);
  let state: LoopState = { epoch: 0, history: [] };
  let step = 0;
  if (ctx.resume && existsSync(checkpoint)) {
    const loaded = await loadTrainingState(checkpoint, { module, optimizer, generator });
    state = loaded.config as LoopState;
    step = loaded.step;
    ctx.progress.log(`${name}: resumed after epoch ${state.epoch} of ${o.epochs} (step ${step}) from ${checkpoint}`);
  }
  const startEpoch = state.epoch;
  const bar = ctx.progress.start(`train ${name}`, (o.epochs - startEpoch) * o.stepsPerEpoch, 'step');
  try {
    for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
      module.train();
      o.beforeEpoch?.(epoch);
      const last = state.history.at(-1);
      // the epoch's loss is summed on the GPU and read once at the end: no readback inside the loop
      let total: Tensor | null = null;
      let inFlight: Promise<void> = Promise.resolve();
      for (let i = 0; i < o.stepsPerEpoch; i++) {
        const batchLoss = await o.step(epoch, i);
        const previous: Tensor | null = total;
        total = keep(noGrad(() => (previous ? add(previous, detach(batchLoss)) : copy(detach(batchLoss)))));
        previous?.dispose();
        batchLoss.dispose();
        // back-pressure without a readback: step i is recorded while step i − 1 runs, never further ahead (an
        // unbounded queue of submitted steps exhausts the driver), then dropped bind groups go back to the driver
        const submitted = runtime().sync();
        await inFlight;
        inFlight = submitted;
        await releaseDeviceGarbageIfChurned();
        step++;
        bar.tick(1, last ? { epoch: epoch + 1, loss: last.loss } : { epoch: epoch + 1 });
      }
      await inFlight;
      const loss = total ? (await total.item()) / o.stepsPerEpoch : NaN;
      total?.dispose();
      if (!Number.isFinite(loss)) throw new Error(`${name}: the training loss became ${loss} in epoch ${epoch + 1}`);
      module.eval();
      const extra = (await o.afterEpoch?.(epoch)) ?? {};
      state = { epoch: epoch + 1, history: [...state.history, { epoch: epoch + 1, loss, ...extra }] };
      await saveTrainingState(checkpoint, { module, optimizer, generator, step, config: state });
    }
  } finally {
    bar.done();
    module.eval();
  }
  return { history: state.history, checkpoint, epochsRun: o.epochs - startEpoch };
}
