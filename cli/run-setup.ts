/**
 * What `train`, `eval` and `reproduce` share: their options, choosing the models, merging a preset with the user's
 * config file, and the run directory reports/<model>/<run>/ with its config.json.
 *
 * A run directory belongs to one run: `train` refuses one that holds a run unless `--force` (which clears it first),
 * `--resume` refuses one that holds none, a finished run is never trained again (`--resume` says so and leaves its
 * training.json alone), and `eval` refuses a run that does not exist or has not finished training, without creating
 * anything. While a process writes a run, the run is locked (models/run/lock.ts): a second process is refused, and a
 * lock left by a dead process is taken over.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Runtime } from '../engine/index.js';
import { MODELS } from '../models/registry.js';
import { ConfigError, mergeConfig } from '../models/run/config.js';
import { makeRunContext } from '../models/run/context.js';
import { acquireRunLock, type RunLock } from '../models/run/lock.js';
import { PRESETS, type ModelEntry, type PresetName, type RunContext, type TrainOutcome } from '../models/run/types.js';
import { PhasorError } from '../engine/index.js';
import { terminalProgress } from './progress.js';
import { writeAtomic } from './report/write-report.js';

/** A run directory in the wrong state for the command: missing, already trained, unfinished. */
export class RunStateError extends PhasorError {}

export interface RunFlags {
  preset: PresetName;
  seed: number;
  out: string;
  config?: string;
  run?: string;
  resume?: boolean;
  /** train over an existing run: its checkpoints, training.json and report are deleted first */
  force?: boolean;
  /** check the options, the config and the run directory; print the plan; write nothing */
  dryRun?: boolean;
}

/** Adds the options every run command takes. */
export function addRunOptions(cmd: Command, { resume }: { resume: boolean }): Command {
  cmd
    .option('--preset <name>', `${PRESETS.join(' | ')}: quick runs in minutes on a CPU, paper is the paper's setup (GPU)`, parsePreset, 'quick')
    .option('--seed <n>', 'seed of data, initialization and noise (integer ≥ 0)', parseSeed, 1)
    .option('--out <dir>', 'reports directory; runs go to <out>/<model>/<run>/', 'reports')
    .option('--config <file>', 'JSON file of preset overrides: { key: value } for one model, or { <model>: { … } } keyed by model')
    .option('--run <name>', 'run directory name (default <preset>-seed<seed>)', parseRunName);
  if (resume) {
    cmd
      .option('--resume', "continue an interrupted training from the run's last epoch checkpoint")
      .option('--force', 'train over an existing run, deleting its checkpoints, training.json and report first');
  }
  cmd.option('--dry-run', 'check the options, the config and the run directory, print the plan, and write nothing');
  return cmd;
}

/** Help text after a run command's options: the models, and where their config keys are. */
export function modelsHelp(): string {
  const width = Math.max(...MODELS.map((m) => m.name.length), 3);
  return [
    '',
    'Models:',
    ...MODELS.map((m) => `  ${m.name.padEnd(width)}  ${m.title}`),
    `  ${'all'.padEnd(width)}  every model, one after the other`,
    '',
    "A model's config keys and their defaults: npx phasor config <model> [--preset paper]",
    'A run lives in <out>/<model>/<run>/ (default reports/<model>/<preset>-seed<seed>/).',
  ].join('\n');
}

export function selectModels(name: string): ModelEntry[] {
  if (name === 'all') return MODELS;
  const m = MODELS.find((x) => x.name === name);
  if (!m) throw new InvalidArgumentError(`unknown model '${name}'; available: ${MODELS.map((x) => x.name).join(', ')}, all`);
  return [m];
}

/** What config.json holds. */
export interface RunRecord {
  model: string;
  preset: PresetName;
  seed: number;
  config: unknown;
  command: string;
}

export interface PreparedRun<C extends object> {
  ctx: RunContext<C>;
  runDir: string;
  /** the run's training.json when its training had already finished (a `--resume` of a finished run) */
  finished: TrainOutcome | null;
  /** releases the run's lock */
  release(): void;
}

export type RunPurpose = 'train' | 'eval';

/** A checked run request, before anything is written. */
export interface RunPlan<C extends object> {
  model: ModelEntry<C>;
  config: C;
  runDir: string;
  purpose: RunPurpose;
  /** the run's training.json, when it exists */
  finished: TrainOutcome | null;
}

/** The run directory of a model for these flags. */
export function runDirOf(model: { name: string }, flags: Pick<RunFlags, 'out' | 'run' | 'preset' | 'seed'>): string {
  return join(flags.out, model.name, flags.run ?? `${flags.preset}-seed${flags.seed}`);
}

/**
 * Checks the config (preset + overrides) and the run directory's state for `purpose`, writing nothing. Throws
 * ConfigError (naming the key) or RunStateError (saying what to do instead).
 */
export function planRun<C extends object>(
  model: ModelEntry<C>,
  flags: RunFlags,
  { purpose, trained = false }: { purpose: RunPurpose; trained?: boolean },
): RunPlan<C> {
  if (flags.force && flags.resume) {
    throw new RunStateError('--force and --resume contradict each other: --force discards the run, --resume continues it');
  }
  const overrides = readOverrides(flags.config, model.name);
  let merged: C;
  try {
    merged = mergeConfig(model.presets[flags.preset], overrides.values, overrides.keyed ? model.name : '');
  } catch (err) {
    // the user's file is where the fix goes: name it
    if (err instanceof ConfigError && flags.config) throw new ConfigError(`--config ${flags.config}: ${err.message}`);
    throw err;
  }
  const config = model.parseConfig(merged);
  const runDir = runDirOf(model, flags);
  const finished = checkRunState(model, flags, config, runDir, purpose, trained);
  return { model, config, runDir, purpose, finished };
}

/**
 * Plans the run, then takes the run directory's lock and sets it up: a new training writes config.json (after
 * clearing the old run with --force); a resumed training and an evaluation keep the run's config.json. The state
 * is checked again under the lock. The caller releases the lock (`release()`, also done at process exit).
 */
export function prepareRun<C extends object>(
  model: ModelEntry<C>,
  flags: RunFlags,
  command: string,
  { evaluating = false, trained = false }: { evaluating?: boolean; trained?: boolean } = {},
): PreparedRun<C> {
  const purpose: RunPurpose = evaluating ? 'eval' : 'train';
  const plan = planRun(model, flags, { purpose, trained });
  const { runDir, config } = plan;
  const progress = terminalProgress();
  const created = !existsSync(runDir);
  mkdirSync(runDir, { recursive: true });
  let lock: RunLock | null = null;
  try {
    lock = acquireRunLock(runDir, command, (stale) =>
      progress.log(`${runDir}: taking over the lock of pid ${stale.pid} (${stale.command}), which is no longer running`),
    );
    // again under the lock: another process may have written the run since the plan was made
    const finished = checkRunState(model, flags, config, runDir, purpose, trained);
    if (purpose === 'eval') {
      const changed = firstDifference(readJson<RunRecord>(join(runDir, 'config.json'), 'config.json')?.config, config);
      if (changed) progress.log(`eval: the evaluation settings differ from the training run's (${changed}); the training keys match`);
    }
    if (purpose === 'train' && !flags.resume) {
      if (flags.force) clearRun(runDir);
      const record: RunRecord = { model: model.name, preset: flags.preset, seed: flags.seed, config, command };
      writeAtomic(join(runDir, 'config.json'), `${JSON.stringify(record, null, 2)}\n`);
    }
    const ctx = makeRunContext({
      config,
      runDir,
      preset: flags.preset,
      seed: flags.seed,
      cacheDir: join(flags.out, '.cache'),
      resume: Boolean(flags.resume),
      progress,
    });
    return { ctx, runDir, finished, release: lock.release };
  } catch (err) {
    lock?.release();
    if (created) removeIfEmpty(runDir);
    throw err;
  }
}

/** The run's files that `--force` deletes (anything else in the directory stays). */
const RUN_FILES = ['checkpoints', 'figures', 'config.json', 'training.json', 'results.json', 'report.md'];

function clearRun(runDir: string): void {
  for (const f of RUN_FILES) rmSync(join(runDir, f), { recursive: true, force: true });
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    /* not ours to remove */
  }
}

function readJson<T>(path: string, what: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new RunStateError(`${path}: the run's ${what} is not valid JSON (${(err as Error).message}); repair or delete the run`);
  }
}

function reproduceHint(model: { name: string }, flags: RunFlags, extra = ''): string {
  const parts = ['npx phasor train', model.name];
  if (flags.preset !== 'quick') parts.push('--preset', flags.preset);
  if (flags.seed !== 1) parts.push('--seed', String(flags.seed));
  if (flags.out !== 'reports') parts.push('--out', flags.out);
  if (flags.run) parts.push('--run', flags.run);
  if (flags.config) parts.push('--config', flags.config);
  if (extra) parts.push(extra);
  return parts.join(' ');
}

/** Throws unless the run directory suits `purpose`; returns its training.json when its training finished. */
function checkRunState(
  model: ModelEntry<object>,
  flags: RunFlags,
  config: unknown,
  runDir: string,
  purpose: RunPurpose,
  trained: boolean,
): TrainOutcome | null {
  const record = readJson<RunRecord>(join(runDir, 'config.json'), 'config.json');
  const finished = readJson<TrainOutcome>(join(runDir, 'training.json'), 'training.json');
  const hasCheckpoints = existsSync(join(runDir, 'checkpoints')) && readdirSync(join(runDir, 'checkpoints')).some((f) => f.endsWith('.safetensors'));
  if (purpose === 'train' && !flags.resume) {
    if ((record || finished || hasCheckpoints) && !flags.force) {
      const what = finished ? 'a trained run' : 'a started run';
      const seed = record ? ` (seed ${record.seed}, by '${record.command}')` : '';
      throw new RunStateError(`${runDir} already holds ${what}${seed}; continue it with --resume, replace it with --force, or choose another --run`);
    }
    return null;
  }
  const verb = purpose === 'eval' ? 'eval' : '--resume';
  if (!record) {
    if (purpose === 'eval') throw new RunStateError(`eval: there is no run in ${runDir}; train it first: ${reproduceHint(model, flags)}`);
    throw new RunStateError(`--resume: there is no run to resume in ${runDir}; start it without --resume`);
  }
  // resuming a training, or evaluating its checkpoints, needs the config the run was trained with; an evaluation may
  // change the keys that only shape the evaluation (ModelEntry.evaluationKeys)
  const evaluationOnly = purpose === 'eval' ? (model.evaluationKeys ?? ['evaluate']) : [];
  const trainingPart = (c: unknown) => withoutKeys(c, evaluationOnly);
  const diff = firstDifference({ seed: record.seed, config: trainingPart(record.config) }, { seed: flags.seed, config: trainingPart(config) });
  if (diff) throw new ConfigError(`${verb}: ${runDir} was started with a different ${diff}; use the same preset, seed and config, or start a new --run`);
  if (purpose === 'eval' && !finished && !trained) {
    throw new RunStateError(`eval: the training of ${runDir} has not finished (no training.json); finish it first: ${reproduceHint(model, flags, '--resume')}`);
  }
  return finished;
}

export function deviceName(rt: Runtime): string {
  const { info } = rt;
  return `${info.description || info.vendor || 'unknown adapter'} (${info.backend}${info.software ? ', software rasterizer on the CPU' : ''})`;
}

let currentArgs: readonly string[] | null = null;

/** The arguments of the command being run (cli/program.ts runCli; process.argv otherwise). */
export function commandArgs(): readonly string[] {
  return currentArgs ?? process.argv.slice(2);
}

export function setCommandArgs(args: readonly string[] | null): void {
  currentArgs = args;
}

/** The command line as a user would type it again (`npx phasor …`), arguments quoted where the shell needs it. */
export function commandLine(argv: readonly string[] = commandArgs()): string {
  return ['npx', 'phasor', ...argv.map(shellQuote)].join(' ');
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function readOverrides(file: string | undefined, model: string): { values: unknown; keyed: boolean } {
  if (!file) return { values: undefined, keyed: false };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `--config ${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (err as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--config ${file}: not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`--config ${file}: expected a JSON object; got ${JSON.stringify(parsed)?.slice(0, 80)}`);
  }
  const names = new Set(MODELS.map((m) => m.name));
  const keys = Object.keys(parsed);
  // a file keyed by model names configures several models; any other object configures the one model run
  if (keys.length > 0 && keys.every((k) => names.has(k))) return { values: (parsed as Record<string, unknown>)[model], keyed: true };
  return { values: parsed, keyed: false };
}

/** A config object without the given top-level keys (anything else unchanged). */
function withoutKeys(config: unknown, keys: readonly string[]): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  return Object.fromEntries(Object.entries(config).filter(([k]) => !keys.includes(k)));
}

function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return JSON.stringify(a) === JSON.stringify(b) ? null : `${path || 'value'} (${JSON.stringify(a)} then, ${JSON.stringify(b)} now)`;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}

function parsePreset(value: string): PresetName {
  if (!(PRESETS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${PRESETS.join(', ')}; got '${value}'`);
  return value as PresetName;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0; got '${value}'`);
  return n;
}

function parseRunName(value: string): string {
  // one directory level: no separators or control characters, and not hidden (the lock and temp files are)
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (!value || /[/\\\u0000-\u001f]/u.test(value) || value.startsWith('.')) {
    throw new InvalidArgumentError(`expected a directory name without '/', '\\', control characters or a leading '.'; got ${JSON.stringify(value)}`);
  }
  return value;
}
