/**
 * The three verbs over one model: train (checkpoints + training.json), evaluate (report), reproduce (both).
 * The engine is started once per command by `withEngine`, and an interrupted run says how to resume it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, shutdown, type Runtime } from '../engine/index.js';
import type { ModelEntry, TrainOutcome } from '../models/run/types.js';
import { commandLine, deviceName, prepareRun, type RunFlags } from './run-setup.js';
import { writeAtomic, writeReport } from './report/write-report.js';

export async function withEngine<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await init();
  const onInterrupt = () => {
    console.error('\ninterrupted: every completed epoch is checkpointed; run the same command with --resume to continue');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await fn(rt);
  } finally {
    process.off('SIGINT', onInterrupt);
    await shutdown();
  }
}

export async function trainModel<C extends object>(model: ModelEntry<C>, flags: RunFlags): Promise<TrainOutcome> {
  const { ctx, runDir } = prepareRun(model, flags, commandLine());
  ctx.progress.log(`${model.name}: training (${flags.preset} preset, seed ${flags.seed}) in ${runDir}`);
  const started = performance.now();
  const outcome = await model.train(ctx);
  const seconds = (performance.now() - started) / 1000;
  writeAtomic(join(runDir, 'training.json'), `${JSON.stringify({ ...outcome, seconds }, null, 2)}\n`);
  ctx.progress.log(`${model.name}: trained in ${seconds.toFixed(1)} s; checkpoints in ${join(runDir, 'checkpoints')}`);
  return { ...outcome, seconds };
}

export async function evaluateModel<C extends object>(
  model: ModelEntry<C>,
  flags: RunFlags,
  rt: Runtime,
  trained?: TrainOutcome,
): Promise<string> {
  const startedAt = new Date().toISOString();
  const { ctx, runDir } = prepareRun(model, { ...flags, resume: false }, commandLine(), { evaluating: true });
  const training = trained ?? readTraining(runDir);
  ctx.progress.log(`${model.name}: evaluating in ${runDir}`);
  const started = performance.now();
  const report = await model.evaluate(ctx, training);
  const evalSeconds = (performance.now() - started) / 1000;
  return writeReport(
    runDir,
    {
      model: model.name,
      title: model.title,
      paper: model.paper,
      preset: flags.preset,
      seed: flags.seed,
      device: deviceName(rt),
      command: commandLine(),
      startedAt,
      trainSeconds: training?.seconds,
      evalSeconds,
    },
    report,
    training,
  );
}

function readTraining(runDir: string): TrainOutcome | undefined {
  const path = join(runDir, 'training.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TrainOutcome) : undefined;
}
