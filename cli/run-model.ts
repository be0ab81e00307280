/**
 * The three verbs over one model: train (checkpoints + training.json), evaluate (report), reproduce (both).
 * The engine is started once per command by `withEngine`; an interrupted or failed training says how to resume it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkNonFinite, DeviceError, enableNonFiniteCheck, init, nonFiniteCheckRequested, shutdown, type Runtime } from '../engine/index.js';
import type { ModelEntry, TrainOutcome } from '../models/run/types.js';
import { commandArgs, commandLine, deviceName, planRun, prepareRun, type RunFlags, type RunPurpose } from './run-setup.js';
import { writeAtomic, writeReport } from './report/write-report.js';

/** The command line with `--resume` (once), for messages. */
export function resumeCommand(argv: readonly string[] = commandArgs()): string {
  const args = argv.filter((a) => a !== '--force');
  return commandLine(args.includes('--resume') ? args : [...args, '--resume']);
}

/** Exit status of a process ended by a signal: 128 + its number. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Set by cli/main.ts, whose process exits as soon as the command returns: the device is then left for the OS to
 * reclaim instead of destroyed. device.destroy() frees the driver's objects one by one — on lavapipe ≈ 180 µs per live
 * bind group (7 500: 1.4 s, 15 000: 2.7 s in a synthetic captured step) — while the process's exit
 * unmaps everything at once. Callers that go on afterwards (tests driving runCli, scripts) keep the default: shut down.
 */
export const engineLifetime = { endsWithProcess: false };

export async function withEngine<T>(fn: (rt: Runtime) => Promise<T>, { resumable = false }: { resumable?: boolean } = {}): Promise<T> {
  const rt = await init();
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, code]) => {
    const handler = () => {
      process.stderr.write(
        `\nphasor: interrupted (${signal})` + (resumable ? `: every completed epoch is checkpointed; continue with: ${resumeCommand()}\n` : '\n'),
      );
      process.exit(code); // the run's lock is released by its exit hook
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  if (nonFiniteCheckRequested()) enableNonFiniteCheck(); // PHASOR_DEBUG=nan
  try {
    const result = await fn(rt);
    await checkNonFinite(); // what PHASOR_DEBUG=nan saw after the train loop's last check (an evaluation)
    return result;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    // a lost device cannot be shut down cleanly; the error above matters
    if (!engineLifetime.endsWithProcess) await shutdown().catch(() => undefined);
  }
}

export async function trainModel<C extends object>(model: ModelEntry<C>, flags: RunFlags): Promise<TrainOutcome> {
  const run = prepareRun(model, flags, commandLine());
  const { ctx, runDir } = run;
  try {
    if (run.finished) {
      const epochs = Object.entries(run.finished.history ?? {})
        .map(([net, h]) => `${net} ${h.length}`)
        .join(', ');
      ctx.progress.log(
        `${model.name}: ${runDir} has finished training (epochs: ${epochs || 'none recorded'}); nothing to resume, ` +
          `training.json is kept. To train it again, use --force instead of --resume`,
      );
      return run.finished;
    }
    ctx.progress.log(`${model.name}: ${flags.resume ? 'resuming the training' : 'training'} (${flags.preset} preset, seed ${flags.seed}) in ${runDir}`);
    const started = performance.now();
    let outcome: TrainOutcome;
    try {
      outcome = await model.train(ctx);
    } catch (err) {
      if (err instanceof DeviceError) {
        throw new DeviceError(
          `${model.name}: ${err.message}. The checkpoints of the completed epochs in ${join(runDir, 'checkpoints')} are intact; continue with: ${resumeCommand()}`,
        );
      }
      throw err;
    }
    const seconds = (performance.now() - started) / 1000;
    writeAtomic(join(runDir, 'training.json'), `${JSON.stringify({ ...outcome, seconds }, null, 2)}\n`);
    ctx.progress.log(`${model.name}: trained in ${seconds.toFixed(1)} s; checkpoints in ${join(runDir, 'checkpoints')}`);
    return { ...outcome, seconds };
  } finally {
    run.release();
  }
}

export async function evaluateModel<C extends object>(model: ModelEntry<C>, flags: RunFlags, rt: Runtime, trained?: TrainOutcome): Promise<string> {
  const startedAt = new Date().toISOString();
  const run = prepareRun(model, { ...flags, resume: false, force: false }, commandLine(), { evaluating: true, trained: Boolean(trained) });
  const { ctx, runDir } = run;
  try {
    const training = trained ?? run.finished ?? undefined;
    ctx.progress.log(`${model.name}: evaluating in ${runDir}`);
    const started = performance.now();
    const report = await model.evaluate(ctx, training);
    const evalSeconds = (performance.now() - started) / 1000;
    return await writeReport(
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
  } finally {
    run.release();
  }
}

/** `--dry-run`: checks every model's config and run directory as the command would, prints the plan, writes nothing. */
export function printPlans(models: ModelEntry[], flags: RunFlags, purpose: RunPurpose): void {
  for (const m of models) {
    const plan = planRun(m, flags, { purpose });
    const action =
      purpose === 'eval'
        ? 'would evaluate'
        : plan.finished
          ? 'has finished training; --resume would leave it as it is'
          : flags.resume
            ? 'would resume the training'
            : flags.force && existsSync(plan.runDir)
              ? 'would delete the existing run, then train'
              : 'would train';
    console.log(`${m.name}: ${action} (${flags.preset} preset, seed ${flags.seed}) in ${plan.runDir}`);
    console.log(`config: ${JSON.stringify(plan.config)}`);
  }
}
