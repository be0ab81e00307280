/**
 * Dawn prints two notices from native code straight to file descriptor 2 while it enumerates adapters
 * ("maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 …", and the same for storage
 * buffers: its Limits.cpp clamps what lavapipe and NVIDIA report). They are not errors, say nothing actionable, and
 * appeared on every command. Node cannot filter native writes, so `quietNativeStderr` points fd 2 at /dev/null for
 * the duration of one synchronous call and then reopens the original stderr (through /proc/self/fd) on fd 2.
 *
 * Linux only, and only where reopening gives back the same stream: a terminal or a pipe (fd 2 a character device or
 * a FIFO). A regular file is left alone and shows the notices: reopening it makes a new open file description with an
 * offset of its own, so in `cmd > log 2>&1` stdout (still on the shell's description) would write over stderr's lines
 * — output lost, which is worse than two notices (Node has no dup2 to restore the original description). A socket (a
 * child process that Node spawned with piped stdio, such as a vitest worker, gets a socketpair) cannot be reopened
 * and also shows them, as does a system without /proc. PHASOR_DAWN_WARNINGS=1 keeps the notices everywhere.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';

const STDERR = 2;

/** fd 2 is a terminal or a pipe: reopening it through /proc gives the same stream, with no offset to lose */
function reopenable(): boolean {
  try {
    const st = fstatSync(STDERR);
    return st.isCharacterDevice() || st.isFIFO();
  } catch {
    return false;
  }
}

export function quietNativeStderr<T>(fn: () => T): T {
  if (process.platform !== 'linux' || process.env.PHASOR_DAWN_WARNINGS || !reopenable()) return fn();
  let saved: number;
  try {
    saved = openSync(`/proc/self/fd/${STDERR}`, 'a');
  } catch {
    return fn();
  }
  // POSIX open returns the lowest free descriptor: with 2 closed, /dev/null lands on it (nothing else opens files
  // while this synchronous code runs; checked anyway)
  closeSync(STDERR);
  const nul = openSync('/dev/null', 'a');
  try {
    return fn();
  } finally {
    closeSync(nul);
    openSync(`/proc/self/fd/${saved}`, 'a');
    closeSync(saved);
  }
}
