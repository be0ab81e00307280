/**
 * What `train`, `eval` and `reproduce` share: their options, choosing the models, merging a preset with the user's
 * config file, and the run directory reports/<model>/<run>/ with its config.json.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { Runtime } from '../engine/index.js';
import { MODELS } from '../models/registry.js';
import { ConfigError, mergeConfig } from '../models/run/config.js';
import { makeRunContext } from '../models/run/context.js';
import { PRESETS, type ModelEntry, type PresetName, type RunContext } from '../models/run/types.js';
import { terminalProgress } from './progress.js';
import { writeAtomic } from './report/write-report.js';

export interface RunFlags {
  preset: PresetName;
  seed: number;
  out: string;
  config?: string;
  run?: string;
  resume?: boolean;
}

/** Adds the options every run command takes. */
export function addRunOptions(cmd: Command, { resume }: { resume: boolean }): Command {
  cmd
    .option('--preset <name>', `${PRESETS.join(' | ')}: quick runs in minutes on a CPU, paper is the paper's setup (GPU)`, parsePreset, 'quick')
    .option('--seed <n>', 'seed of data, initialization and noise (integer ≥ 0)', parseSeed, 1)
    .option('--out <dir>', 'reports directory; runs go to <out>/<model>/<run>/', 'reports')
    .option('--config <file>', 'JSON overrides of the preset: { key: value } for one model, or { <model>: { … } } keyed by model')
    .option('--run <name>', 'run directory name (default <preset>-seed<seed>)');
  if (resume) cmd.option('--resume', "continue an interrupted training from the run's last epoch checkpoint");
  return cmd;
}

export function selectModels(name: string): ModelEntry[] {
  if (name === 'all') return MODELS;
  const m = MODELS.find((x) => x.name === name);
  if (!m) throw new InvalidArgumentError(`unknown model '${name}'; available: ${MODELS.map((x) => x.name).join(', ')}, all`);
  return [m];
}

export interface PreparedRun<C extends object> {
  ctx: RunContext<C>;
  runDir: string;
}

/**
 * Checks the config (preset + overrides) and creates the run directory. A resumed run must use the config it was
 * started with: a difference is refused, naming the first key that differs.
 */
export function prepareRun<C extends object>(
  model: ModelEntry<C>,
  flags: RunFlags,
  command: string,
  { evaluating = false }: { evaluating?: boolean } = {},
): PreparedRun<C> {
  const overrides = readOverrides(flags.config, model.name);
  const where = flags.config ? `${flags.config}${overrides.keyed ? `: ${model.name}` : ''}` : `preset ${flags.preset}`;
  const config = model.parseConfig(mergeConfig(model.presets[flags.preset], overrides.values, where));
  const runDir = join(flags.out, model.name, flags.run ?? `${flags.preset}-seed${flags.seed}`);
  const configPath = join(runDir, 'config.json');
  const record = { model: model.name, preset: flags.preset, seed: flags.seed, config, command };
  // resuming a training, or evaluating its checkpoints, needs the config the run was trained with
  if ((flags.resume || evaluating) && existsSync(configPath)) {
    const previous = JSON.parse(readFileSync(configPath, 'utf8')) as typeof record;
    const diff = firstDifference({ seed: previous.seed, config: previous.config }, { seed: flags.seed, config });
    if (diff) {
      const what = evaluating ? 'eval' : '--resume';
      throw new ConfigError(`${what}: ${runDir} was started with a different ${diff}; use the same preset, seed and config, or start a new --run`);
    }
  }
  mkdirSync(runDir, { recursive: true });
  writeAtomic(configPath, `${JSON.stringify(record, null, 2)}\n`);
  const ctx = makeRunContext({
    config,
    runDir,
    preset: flags.preset,
    seed: flags.seed,
    cacheDir: join(flags.out, '.cache'),
    resume: Boolean(flags.resume),
    progress: terminalProgress(),
  });
  return { ctx, runDir };
}

export function deviceName(rt: Runtime): string {
  const { info } = rt;
  return `${info.description || info.vendor || 'unknown adapter'} (${info.backend}${info.software ? ', software rasterizer on the CPU' : ''})`;
}

export function commandLine(): string {
  return ['phasor', ...process.argv.slice(2)].join(' ');
}

function readOverrides(file: string | undefined, model: string): { values: unknown; keyed: boolean } {
  if (!file) return { values: undefined, keyed: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`--config ${file}: cannot read it as JSON (${(err as Error).message})`);
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
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0; got '${value}'`);
  return n;
}
