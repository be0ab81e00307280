/**
 * PyTorch on the CPU as a peer: Debian's `python3-torch` (with OpenBLAS, `libopenblas0-pthread`) run by Debian's own
 * /usr/bin/python3 (not a pyenv python3 earlier on PATH). Each thread count runs in a process of its own, with
 * torch.set_num_threads(n) in the script and the OpenMP/OpenBLAS/MKL pools limited to n through the environment.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

export const PYTHON = '/usr/bin/python3';
/** the thread counts the torch peers run with */
export const TORCH_THREADS = [1, 2];

/** null when `import torch` works, else why not. */
export function torchUnavailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  const why = (probe.stderr || probe.error?.message || 'import failed').trim().split('\n').at(-1);
  return `PyTorch unavailable (${why}; apt-get install python3-torch libopenblas0-pthread)`;
}

/** The environment of a torch run on `threads` threads. */
export function torchEnv(threads: number): NodeJS.ProcessEnv {
  const n = String(threads);
  return { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/** The BLAS library names a torch script printed (from its /proc/self/maps), for the table. */
export function blasName(blas: string[] | undefined): string {
  const names = (blas ?? []).filter((b) => /openblas|mkl|blis|atlas/i.test(b));
  return names.length ? names.join('+') : (blas ?? []).join('+') || 'BLAS ?';
}

/**
 * Runs a suite's torch peer once per thread count (`threads`, default TORCH_THREADS) unless `enabled` is false: a
 * missing torch, or a run that returns its failure as a string, becomes a note and a log line; each result goes to `use`.
 */
export function forEachTorchRun<T>(
  o: { enabled?: boolean; threads?: number[]; notes: string[]; log: (line: string) => void },
  run: (threads: number) => T | string,
  use: (t: T, threads: number) => void,
): void {
  if (o.enabled === false) return;
  const note = (why: string) => {
    o.notes.push(why);
    o.log(`torch: ${why}`);
  };
  const missing = torchUnavailable();
  if (missing) return note(missing);
  for (const threads of o.threads ?? TORCH_THREADS) {
    const t = run(threads);
    if (typeof t === 'string') note(t);
    else use(t, threads);
  }
}

/** A torch row's device column: 'N thread(s), CPU model'. */
export function torchDevice(threads: number): string {
  return `${threads} thread${threads > 1 ? 's' : ''}, ${cpus()[0]?.model ?? 'CPU'}`;
}
