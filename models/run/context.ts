/** Building a RunContext outside the CLI: tests, benchmarks and scripts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PresetName, ProgressReporter, RunContext } from './types.js';

/** Reports nothing: for tests and benchmarks. */
export const silentProgress: ProgressReporter = {
  start: () => ({ tick: () => {}, done: () => {} }),
  log: () => {},
};

export interface ContextOptions<C> {
  config: C;
  runDir: string;
  preset?: PresetName;
  seed?: number;
  cacheDir?: string;
  resume?: boolean;
  progress?: ProgressReporter;
}

/** A RunContext over `runDir` (created, with its checkpoints/ folder). cacheDir defaults to `<runDir>/../.cache`. */
export function makeRunContext<C>(o: ContextOptions<C>): RunContext<C> {
  const checkpoints = join(o.runDir, 'checkpoints');
  const cacheDir = o.cacheDir ?? join(o.runDir, '..', '.cache');
  mkdirSync(checkpoints, { recursive: true });
  mkdirSync(cacheDir, { recursive: true });
  return {
    config: o.config,
    preset: o.preset ?? 'quick',
    seed: o.seed ?? 1,
    runDir: o.runDir,
    cacheDir,
    resume: o.resume ?? false,
    progress: o.progress ?? silentProgress,
    checkpointPath: (name) => join(checkpoints, `${name}.safetensors`),
  };
}
