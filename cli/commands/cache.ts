/**
 * `phasor cache list|prune [--out DIR]`: the per-setting results runs share in `<out>/.cache/` (datasets, benchmark
 * covariances). Everything there is recomputed when missing, so pruning loses only time.
 *   list                       every entry with its size and age, and the total
 *   prune [--older-than DAYS]  deletes the entries not modified for DAYS days (default: all); --dry-run lists them
 * Pruning is refused while a run under <out> is in progress (its lock is held by a live process): it may be writing
 * or reading the cache.
 */
import { existsSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { LOCK_FILE, processAlive, RunLockedError, type LockInfo } from '../../models/run/lock.js';

interface Entry {
  path: string;
  bytes: number;
  modified: Date;
}

export function register(program: Command): void {
  const cache = program.command('cache').description('list or prune the shared results of runs in <out>/.cache (datasets, covariances)');
  cache
    .command('list')
    .description('list the cache entries with their size and age')
    .option('--out <dir>', 'reports directory', 'reports')
    .action((opts: { out: string }) => {
      const dir = join(opts.out, '.cache');
      const entries = cacheEntries(dir);
      if (!entries.length) {
        console.log(`${dir}: empty`);
        return;
      }
      const now = Date.now();
      for (const e of entries)
        console.log(`${formatBytes(e.bytes).padStart(10)}  ${formatAge(now - e.modified.getTime()).padStart(8)}  ${relative(dir, e.path)}`);
      console.log(`${formatBytes(entries.reduce((a, e) => a + e.bytes, 0)).padStart(10)}  total in ${entries.length} files under ${dir}`);
    });
  cache
    .command('prune')
    .description('delete cache entries (all, or those not modified for --older-than days)')
    .option('--out <dir>', 'reports directory', 'reports')
    .option('--older-than <days>', 'only entries not modified for this many days', parseDays)
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .action((opts: { out: string; olderThan?: number; dryRun?: boolean }) => {
      const dir = join(opts.out, '.cache');
      const busy = liveRuns(opts.out);
      if (busy.length && !opts.dryRun) {
        throw new RunLockedError(`cache prune: a run is in progress (pid ${busy[0].pid}: ${busy[0].command}); prune when it has finished`);
      }
      const cutoff = opts.olderThan === undefined ? Infinity : Date.now() - opts.olderThan * 86_400_000;
      const doomed = cacheEntries(dir).filter((e) => e.modified.getTime() <= cutoff);
      const bytes = doomed.reduce((a, e) => a + e.bytes, 0);
      for (const e of doomed) {
        if (opts.dryRun) console.log(`would delete ${relative(dir, e.path)} (${formatBytes(e.bytes)})`);
        else rmSync(e.path, { force: true });
      }
      if (!opts.dryRun) removeEmptyDirs(dir);
      console.log(`${opts.dryRun ? 'would free' : 'freed'} ${formatBytes(bytes)} in ${doomed.length} files under ${dir}`);
    });
}

/** Every file under `dir` (recursively), largest first. */
export function cacheEntries(dir: string): Entry[] {
  if (!existsSync(dir)) return [];
  const out: Entry[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.isFile()) {
        const st = statSync(p);
        out.push({ path: p, bytes: st.size, modified: st.mtime });
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
}

/** The locks of runs under <out>/<model>/<run>/ held by live processes on this machine. */
function liveRuns(out: string): LockInfo[] {
  const held: LockInfo[] = [];
  if (!existsSync(out)) return held;
  for (const model of readdirSync(out, { withFileTypes: true })) {
    if (!model.isDirectory() || model.name.startsWith('.')) continue;
    for (const run of readdirSync(join(out, model.name), { withFileTypes: true })) {
      const lock = join(out, model.name, run.name, LOCK_FILE);
      if (!run.isDirectory() || !existsSync(lock)) continue;
      try {
        const info = JSON.parse(readFileSync(lock, 'utf8')) as LockInfo;
        if (processAlive(info.pid)) held.push(info);
      } catch {
        /* unreadable: not a live phasor lock */
      }
    }
  }
  return held;
}

function removeEmptyDirs(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = join(dir, e.name);
    removeEmptyDirs(p);
    if (readdirSync(p).length === 0) rmdirSync(p);
  }
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number of days ≥ 0; got '${value}'`);
  return n;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function formatAge(ms: number): string {
  const s = ms / 1000;
  if (s < 3600) return `${Math.max(0, Math.round(s / 60))} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}
