/**
 * Dawn prints two notices from native code straight to file descriptor 2 while it enumerates adapters
 * ("maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 …", and the same for storage
 * buffers: its Limits.cpp clamps what lavapipe and NVIDIA report). They are not errors, say nothing actionable, and
 * appeared on every command. Node cannot filter native writes, so `quietNativeStderr` points fd 2 at /dev/null for
 * the duration of one synchronous call and then reopens the original stderr (through /proc/self/fd) on fd 2.
 *
 * Linux only. Where the original cannot be reopened the call runs unchanged and the notices still appear: a socket
 * (a child process that Node spawned with piped stdio, such as a vitest worker, gets a socketpair), or no /proc.
 * PHASOR_DAWN_WARNINGS=1 keeps the notices.
 */
import { closeSync, openSync } from 'node:fs';

const STDERR = 2;

export function quietNativeStderr<T>(fn: () => T): T {
  if (process.platform !== 'linux' || process.env.PHASOR_DAWN_WARNINGS) return fn();
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
