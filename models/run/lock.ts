/**
 * A run directory's lock: `<runDir>/.lock` while a process trains or evaluates into it, so that two processes never
 * write one run (a second is refused, naming the holder). The file holds { pid, host, token, since, command } and is
 * created complete and atomically (written beside, then hard-linked into place: the link fails if a lock exists).
 *
 * A lock whose process is gone (killed with -9, a crash, a lost machine) is stale: the next process takes it over and
 * says so. The take-over renames the stale file away and checks that what it moved is the stale lock it read (a
 * process racing it may have taken it over already; then the moved lock is put back and the race is lost cleanly).
 * A lock from another host cannot be checked and is never taken over: the message says to delete it by hand.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PhasorError } from '../../engine/index.js';

export class RunLockedError extends PhasorError {}

export interface LockInfo {
  pid: number;
  host: string;
  token: string;
  since: string;
  command: string;
}

export interface RunLock {
  readonly path: string;
  readonly info: LockInfo;
  /** the stale lock this one replaced, if any */
  readonly tookOver: LockInfo | null;
  /** removes the lock if it is still ours (idempotent; also run at process exit) */
  release(): void;
}

export const LOCK_FILE = '.lock';

/** Whether process `pid` exists on this machine (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return Number.isSafeInteger(v.pid) && typeof v.token === 'string' ? v : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Takes the lock of `runDir` (which must exist) for `command`; throws RunLockedError naming the process that holds it.
 * `onTakeOver` hears about a stale lock replaced.
 */
export function acquireRunLock(runDir: string, command: string, onTakeOver?: (stale: LockInfo) => void): RunLock {
  const path = join(runDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString(), command };
  const tmp = `${path}.${info.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info)}\n`);
  let tookOver: LockInfo | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      if (attempt >= 8) throw new RunLockedError(`${runDir} is locked by another process that keeps changing its lock (${path}); try again`);
      const held = readLock(path);
      if (held === null) continue; // released meanwhile
      if (held === 'unreadable') {
        throw new RunLockedError(`${runDir} is locked (${path} exists but is not a phasor lock); delete it if no phasor process uses this run`);
      }
      if (held.host !== info.host) {
        throw new RunLockedError(
          `${runDir} is in use by pid ${held.pid} on ${held.host} since ${held.since} (${held.command}); if that process is gone, delete ${path}`,
        );
      }
      if (processAlive(held.pid)) {
        throw new RunLockedError(`${runDir} is in use by pid ${held.pid} since ${held.since} (${held.command}); wait for it to finish, or use another --run`);
      }
      // stale: move it away, and make sure what moved is the lock we judged stale
      const aside = `${path}.stale-${info.token}`;
      try {
        renameSync(path, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const moved = readLock(aside);
      if (moved && moved !== 'unreadable' && moved.token !== held.token) {
        // another process took the stale lock over between our read and our rename: give its lock back
        try {
          linkSync(aside, path);
        } catch {
          /* a third process holds it now: ours to lose either way */
        }
        unlinkSync(aside);
        continue;
      }
      unlinkSync(aside);
      tookOver = held;
      onTakeOver?.(held);
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const now = readLock(path);
    if (now && now !== 'unreadable' && now.token === info.token) {
      try {
        unlinkSync(path);
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', release);
  return { path, info, tookOver, release };
}
