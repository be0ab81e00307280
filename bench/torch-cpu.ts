/**
 * PyTorch on the CPU as a peer: Debian's `python3-torch` (with OpenBLAS, `libopenblas0-pthread`) run by Debian's own
 * /usr/bin/python3 (not a pyenv python3 earlier on PATH). Each thread count runs in a process of its own, with
 * torch.set_num_threads(n) in the script and the OpenMP/OpenBLAS/MKL pools limited to n through the environment.
 */
import { spawnSync } from 'node:child_process';

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
