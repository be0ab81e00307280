/**
 * The epoch loop every model trains with: a progress bar over the steps, the losses read back once per epoch (never
 * per step), a training-state checkpoint after every epoch, and `--resume` picking up after the last completed epoch
 * with the same parameters, optimizer moments and data stream. Bind groups dropped by a step are handed back to the
 * driver when a step churned through many (engine/device/garbage.ts).
 *
 * Health: each step's loss is copied into a tensor of its own on the GPU (the copy a running sum would cost), and the
 * epoch's losses are read back together at its end. A non-finite loss stops the training with a TrainingHealthError
 * naming the network, the first step whose loss was non-finite, and the first parameter or optimizer tensor holding
 * NaN or ±Inf (read back only then), before anything is written: the last good checkpoint stays. A parameter that
 * turned non-finite while the losses stayed finite is caught by saveTrainingState, which refuses to write it; that
 * is reported the same way. With PHASOR_DEBUG=nan every op's output is checked (engine/debug/nan-check.ts) and the
 * loop reports the first op that produced a NaN or ±Inf, after the step that ran it.
 *
 * Steps are usually captured (`compileStep` in the model's step callback): the loop only calls `step`, disposes what
 * it returns, and adds the loss copy and a queue sync per step, as before.
 */
import { existsSync } from 'node:fs';
import {
  CheckpointError,
  DeviceError,
  PhasorError,
  checkNonFinite,
  copy,
  detach,
  enableNonFiniteCheck,
  firstNonFinite,
  keep,
  loadTrainingState,
  noGrad,
  nonFiniteCheckEnabled,
  nonFiniteCheckRequested,
  NonFiniteError,
  releaseDeviceGarbageIfChurned,
  runtime,
  saveTrainingState,
  stack,
  tidy,
  type Generator,
  type Module,
  type Optimizer,
  type Tensor,
} from '../../engine/index.js';
import type { RunContext } from './types.js';

export type EpochRecord = { epoch: number; [metric: string]: number };

/** The training diverged: a non-finite loss, parameter or optimizer tensor (the message names them). */
export class TrainingHealthError extends PhasorError {}

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
  /** one optimisation step; returns the batch's scalar loss (the loop copies it for the epoch's losses, then disposes it) */
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

/** Test hooks: fault injection (a lost device, a poisoned parameter) at a known point of the loop. */
export const trainLoopHooks: {
  /** after step `step` (1-based, counted over the whole run) of network `name` was recorded and submitted */
  afterStep: ((info: { name: string; epoch: number; step: number; module: Module }) => void | Promise<void>) | null;
} = { afterStep: null };

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
  if (nonFiniteCheckRequested() && !nonFiniteCheckEnabled()) enableNonFiniteCheck();
  const debugNonFinite = nonFiniteCheckEnabled();
  const startEpoch = state.epoch;
  const bar = ctx.progress.start(`train ${name}`, (o.epochs - startEpoch) * o.stepsPerEpoch, 'step');
  /** what is on disk, for the messages of a failure */
  const kept = () => (state.epoch > 0 ? `the checkpoint of epoch ${state.epoch} (${checkpoint}) is kept as it was` : 'no checkpoint had been written yet');
  try {
    for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
      module.train();
      o.beforeEpoch?.(epoch);
      const last = state.history.at(-1);
      const firstStep = step;
      // each step's loss is copied on the GPU and the epoch's are read together at its end: no readback in the loop
      const losses: Tensor[] = [];
      let inFlight: Promise<void> = Promise.resolve();
      try {
        for (let i = 0; i < o.stepsPerEpoch; i++) {
          const batchLoss = await o.step(epoch, i);
          losses.push(keep(noGrad(() => copy(detach(batchLoss)))));
          batchLoss.dispose();
          // back-pressure without a readback: step i is recorded while step i − 1 runs, never further ahead (an
          // unbounded queue of submitted steps exhausts the driver), then dropped bind groups go back to the driver
          const submitted = runtime().sync();
          await inFlight;
          inFlight = submitted;
          await releaseDeviceGarbageIfChurned();
          step++;
          if (debugNonFinite) await checkNonFiniteOps(name, epoch, step, kept);
          await trainLoopHooks.afterStep?.({ name, epoch, step, module });
          bar.tick(1, last ? { epoch: epoch + 1, loss: last.loss } : { epoch: epoch + 1 });
        }
        await inFlight;
        const perStep = await readLosses(losses);
        const bad = perStep.findIndex((l) => !Number.isFinite(l));
        if (bad >= 0) {
          const culprit = await firstNonFiniteTensor(module, optimizer);
          throw new TrainingHealthError(
            `${name}: the training loss became ${perStep[bad]} at step ${firstStep + bad + 1} (epoch ${epoch + 1}, batch ${bad + 1} of ${o.stepsPerEpoch}); ` +
              `${culprit ? `the first non-finite tensor is ${culprit}` : 'the parameters and optimizer state are finite (the loss itself overflowed, or the batch held non-finite values)'}. ` +
              `Nothing was saved: ${kept()}. Lower the learning rate, or rerun with PHASOR_DEBUG=nan to name the op that produced it`,
          );
        }
        const loss = perStep.reduce((a, b) => a + b, 0) / o.stepsPerEpoch;
        module.eval();
        const extra = (await o.afterEpoch?.(epoch)) ?? {};
        const next = { epoch: epoch + 1, history: [...state.history, { epoch: epoch + 1, loss, ...extra }] };
        try {
          await saveTrainingState(checkpoint, { module, optimizer, generator, step, config: next });
        } catch (err) {
          if (err instanceof CheckpointError && /non-finite|holds (NaN|-?Infinity)/.test(err.message)) {
            throw new TrainingHealthError(
              `${name}: after epoch ${epoch + 1} (step ${step}) ${err.message.replace(/^saveCheckpoint: [^:]*: /, '')}, although every loss of the epoch was finite; ${kept()}`,
            );
          }
          throw err;
        }
        state = next;
      } finally {
        for (const t of losses) t.dispose();
      }
    }
  } catch (err) {
    if (err instanceof DeviceError && !/checkpoint/.test(err.message)) {
      throw new DeviceError(`${name}: ${err.message} (during epoch ${state.epoch + 1}); ${kept()}`);
    }
    throw err;
  } finally {
    bar.done();
    module.eval();
  }
  return { history: state.history, checkpoint, epochsRun: o.epochs - startEpoch };
}

/** The per-step losses of an epoch, in one readback. */
async function readLosses(losses: Tensor[]): Promise<number[]> {
  if (losses.length === 0) return [];
  const all = noGrad(() => tidy(() => stack(losses.map((t) => t.reshape([t.size])))));
  try {
    const words = await all.read();
    const per = losses[0].size;
    return Array.from({ length: losses.length }, (_, i) => {
      let s = 0;
      for (let k = 0; k < per; k++) s += words[i * per + k];
      return s;
    });
  } finally {
    all.dispose();
  }
}

/** `model.<name> (NaN at element i)` or `optim.<name> (…)` of the first non-finite tensor, or null. */
async function firstNonFiniteTensor(module: Module, optimizer: Optimizer): Promise<string | null> {
  const candidates: [string, Tensor][] = [
    ...Object.entries(module.stateDict()).map(([n, t]) => [`parameter/buffer '${n}'`, t] as [string, Tensor]),
    ...Object.entries(optimizer.state().tensors).map(([n, t]) => [`optimizer tensor '${n}'`, t] as [string, Tensor]),
  ];
  for (const [label, t] of candidates) {
    const bad = firstNonFinite(await t.read());
    if (bad) return `${label} [${t.shape.join(', ')}] (${bad.value} at word ${bad.index})`;
  }
  return null;
}

async function checkNonFiniteOps(name: string, epoch: number, step: number, kept: () => string): Promise<void> {
  try {
    await checkNonFinite();
  } catch (err) {
    if (err instanceof NonFiniteError) {
      throw new TrainingHealthError(`${name}: step ${step} (epoch ${epoch + 1}): ${err.message}. Nothing was saved: ${kept()}`);
    }
    throw err;
  }
}
