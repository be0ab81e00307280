/**
 * Run directories through the CLI, in process, with a toy model: a run is never silently overwritten, resumed from
 * nothing, retrained when finished, or evaluated when missing; a run is locked while a process writes it; the
 * messages are one line and the reproduce hint is `npx phasor …`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../models/registry.js';
import { requireConfig, type ModelEntry } from '../../../models/run/index.js';
import { acquireRunLock, LOCK_FILE, RunLockedError } from '../../../models/run/lock.js';
import { prepareRun, type RunFlags } from '../../../cli/run-setup.js';
import { runCli } from '../../../cli/program.js';

interface ToyConfig {
  epochs: number;
  evaluate: { points: number };
}

let trainings = 0;
/** A model whose training writes a checkpoint file per epoch (no GPU) and whose report has one table. */
const toy: ModelEntry<ToyConfig> = {
  name: 'toy-run',
  title: 'Toy: run directories',
  paper: '999',
  presets: { quick: { epochs: 2, evaluate: { points: 3 } }, paper: { epochs: 3, evaluate: { points: 3 } } },
  parseConfig(raw) {
    const c = raw as ToyConfig;
    requireConfig(Number.isInteger(c.epochs) && c.epochs > 0, `toy-run.epochs: expected a positive integer; got ${c.epochs}`);
    return c;
  },
  async train(ctx) {
    trainings++;
    const path = ctx.checkpointPath('net');
    writeFileSync(path, `trained ${ctx.config.epochs} epochs, seed ${ctx.seed}`);
    return {
      checkpoints: { net: path },
      history: { net: Array.from({ length: ctx.config.epochs }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1) })) },
      seconds: 0,
    };
  },
  async evaluate(ctx) {
    return {
      title: 'Toy',
      summary: [readFileSync(ctx.checkpointPath('net'), 'utf8')],
      figures: [],
      tables: [{ id: 't', title: 'T', columns: ['a'], rows: [[1]] }],
      results: {},
    };
  },
};

beforeAll(() => {
  MODELS.push(toy);
});
afterAll(() => {
  MODELS.splice(MODELS.indexOf(toy), 1);
});

/** Runs the CLI in process; returns its status and what it wrote. */
async function cli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = console.log;
  console.log = (...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  };
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const status = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return {
      status,
      out,
      err: err
        .split('\n')
        .filter((l) => !l.startsWith('Warning: max'))
        .join('\n'),
    };
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

/** The error lines of stderr (progress lines and Dawn's warnings aside). */
function errorLines(err: string): string[] {
  return err.split('\n').filter((l) => l.startsWith('phasor'));
}

const newOut = () => mkdtempSync(join(tmpdir(), 'phasor-runs-'));

describe('run directories', () => {
  it('train over an existing run refuses without --force; --force discards the old run first', async () => {
    const out = newOut();
    expect((await cli('train', 'toy-run', '--out', out)).status).toBe(0);
    const runDir = join(out, 'toy-run', 'quick-seed1');
    writeFileSync(join(runDir, 'report.md'), 'old report');
    const again = await cli('train', 'toy-run', '--out', out);
    expect(again.status).toBe(1);
    expect(errorLines(again.err)).toEqual([
      `phasor train: ${runDir} already holds a trained run (seed 1, by 'npx phasor train toy-run --out ${out}'); continue it with --resume, replace it with --force, or choose another --run`,
    ]);
    const before = trainings;
    const forced = await cli('train', 'toy-run', '--out', out, '--force');
    expect(forced.status).toBe(0);
    expect(trainings).toBe(before + 1);
    expect(existsSync(join(runDir, 'report.md'))).toBe(false);
    expect(readdirSync(runDir).sort()).toEqual(['checkpoints', 'config.json', 'training.json']);
    expect((await cli('train', 'toy-run', '--out', out, '--force', '--resume')).err).toMatch(/--force and --resume contradict each other/);
  });

  it('--resume of a run that does not exist refuses and creates nothing', async () => {
    const out = newOut();
    const r = await cli('train', 'toy-run', '--out', out, '--resume');
    expect(r.status).toBe(1);
    expect(errorLines(r.err)).toEqual([
      `phasor train: --resume: there is no run to resume in ${join(out, 'toy-run', 'quick-seed1')}; start it without --resume`,
    ]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('--resume of a finished run says so and leaves training.json as it is; reproduce --resume only evaluates', async () => {
    const out = newOut();
    await cli('train', 'toy-run', '--out', out);
    const training = join(out, 'toy-run', 'quick-seed1', 'training.json');
    const bytes = readFileSync(training);
    const mtime = statSync(training).mtimeMs;
    const before = trainings;
    const r = await cli('train', 'toy-run', '--out', out, '--resume');
    expect(r.status).toBe(0);
    expect(r.err).toMatch(/has finished training \(epochs: net 2\); nothing to resume, training\.json is kept/);
    const rep = await cli('reproduce', 'toy-run', '--out', out, '--resume');
    expect(rep.status).toBe(0);
    expect(trainings).toBe(before);
    expect(readFileSync(training)).toEqual(bytes);
    expect(statSync(training).mtimeMs).toBe(mtime);
    const report = readFileSync(join(out, 'toy-run', 'quick-seed1', 'report.md'), 'utf8');
    expect(report).toContain('| net | 2 | 1 | 0.5000 |'); // the training's history, not an empty one
    expect(report).toContain('Reproduce with `npx phasor reproduce toy-run --out');
  });

  it('eval may change the evaluation keys (saying so), not the training keys; --resume may change neither', async () => {
    const out = newOut();
    await cli('train', 'toy-run', '--out', out);
    const evalOnly = join(out, 'points.json');
    writeFileSync(evalOnly, JSON.stringify({ evaluate: { points: 5 } }));
    const ok = await cli('eval', 'toy-run', '--out', out, '--config', evalOnly);
    expect(ok.status).toBe(0);
    expect(ok.err).toContain("eval: the evaluation settings differ from the training run's (evaluate.points (3 then, 5 now)); the training keys match");
    const trainKey = join(out, 'epochs.json');
    writeFileSync(trainKey, JSON.stringify({ epochs: 5 }));
    const refused = await cli('eval', 'toy-run', '--out', out, '--config', trainKey);
    expect(refused.status).toBe(1);
    expect(errorLines(refused.err)[0]).toMatch(/was started with a different config\.epochs \(2 then, 5 now\)/);
    const resumed = await cli('train', 'toy-run', '--out', out, '--resume', '--config', evalOnly);
    expect(resumed.status).toBe(1);
    expect(errorLines(resumed.err)[0]).toMatch(/was started with a different config\.evaluate\.points \(3 then, 5 now\)/);
  });

  it('eval of a missing run prints one line and leaves no folder; eval of an unfinished run refuses', async () => {
    const out = newOut();
    const r = await cli('eval', 'toy-run', '--out', out, '--seed', '4');
    expect(r.status).toBe(1);
    expect(errorLines(r.err)).toEqual([
      `phasor eval: there is no run in ${join(out, 'toy-run', 'quick-seed4')}; train it first: npx phasor train toy-run --seed 4 --out ${out}`,
    ]);
    expect(readdirSync(out)).toEqual([]);
    // started but not finished (config.json, no training.json)
    prepareRun(toy, { preset: 'quick', seed: 1, out }, 'test').release();
    const unfinished = await cli('eval', 'toy-run', '--out', out);
    expect(errorLines(unfinished.err)[0]).toMatch(/has not finished \(no training\.json\); finish it first: npx phasor train toy-run --out .* --resume$/);
  });

  it('--dry-run checks everything and writes nothing', async () => {
    const out = newOut();
    const r = await cli('train', 'toy-run', '--out', out, '--dry-run');
    expect(r.status).toBe(0);
    expect(r.out).toContain(`toy-run: would train (quick preset, seed 1) in ${join(out, 'toy-run', 'quick-seed1')}`);
    expect(r.out).toContain('config: {"epochs":2,"evaluate":{"points":3}}');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('run lock', () => {
  const flags = (out: string): RunFlags => ({ preset: 'quick', seed: 1, out });

  it('a second process writing the same run is refused, naming the holder; the lock goes when the run ends', async () => {
    const out = newOut();
    const first = prepareRun(toy, flags(out), 'npx phasor train toy-run (first)');
    const runDir = first.runDir;
    const lock = JSON.parse(readFileSync(join(runDir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, command: 'npx phasor train toy-run (first)' });
    expect(() => prepareRun(toy, { ...flags(out), resume: true }, 'second')).toThrow(
      new RegExp(`${runDir} is in use by pid ${process.pid} since .* \\(npx phasor train toy-run \\(first\\)\\); wait for it to finish`),
    );
    const viaCli = await cli('eval', 'toy-run', '--out', out);
    expect(viaCli.status).toBe(1);
    first.release();
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(false);
  });

  it('a stale lock of a dead process is detected and taken over, saying so', async () => {
    const out = newOut();
    const runDir = join(out, 'toy-run', 'quick-seed1');
    mkdirSync(runDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!; // a pid that has exited
    writeFileSync(
      join(runDir, LOCK_FILE),
      JSON.stringify({
        pid: dead,
        host: (await import('node:os')).hostname(),
        token: 'old',
        since: '2020-01-01T00:00:00Z',
        command: 'npx phasor train toy-run',
      }),
    );
    const r = await cli('train', 'toy-run', '--out', out);
    expect(r.status).toBe(0);
    expect(r.err).toContain(`${runDir}: taking over the lock of pid ${dead} (npx phasor train toy-run), which is no longer running`);
    expect(existsSync(join(runDir, 'training.json'))).toBe(true);
    expect(existsSync(join(runDir, LOCK_FILE))).toBe(false);
  });

  it("a lock from another host is never taken over; an unreadable lock is refused; the lock's exit hook releases it", () => {
    const dir = newOut();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', token: 't', since: 'then', command: 'x' }));
    expect(() => acquireRunLock(dir, 'y')).toThrow(RunLockedError);
    expect(() => acquireRunLock(dir, 'y')).toThrow(/in use by pid 1 on elsewhere .* if that process is gone, delete/);
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    expect(() => acquireRunLock(dir, 'y')).toThrow(/not a phasor lock/);
    const other = newOut();
    const lock = acquireRunLock(other, 'z');
    expect(process.listeners('exit')).toContain(lock.release);
    lock.release();
    expect(process.listeners('exit')).not.toContain(lock.release);
    expect(readdirSync(other)).toEqual([]);
  });
});
