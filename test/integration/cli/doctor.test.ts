import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('phasor doctor prints the adapter and passes the complex-GEMM check, then exits', () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'doctor'], { encoding: 'utf8', timeout: 90_000 });
  expect(res.status, res.stderr).toBe(0);
  expect(res.stdout).toMatch(/^adapter\s+\S/m);
  expect(res.stdout).toMatch(/^backend\s+\w+/m);
  expect(res.stdout).toMatch(/maxStorageBufferBindingSize\s+\d+/);
  expect(res.stdout).toMatch(/complex GEMM .* runs in .* OK/);
});

const INIT_THEN_PRINT = "const { init } = await import('./engine/index.ts'); await init(); console.error('after init'); console.log('on stdout');";

/** Runs INIT_THEN_PRINT through bash with `redirect` applied to node, e.g. `2>&1 >/dev/null | cat` (stderr into a pipe). */
function shell(redirect: string, env: NodeJS.ProcessEnv = {}) {
  const cmd = `${JSON.stringify(process.execPath)} --import tsx -e ${JSON.stringify(INIT_THEN_PRINT)} ${redirect}`;
  return spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, PHASOR_DAWN_WARNINGS: '', ...env } });
}

it("Dawn's native limit-clamping notices stay off a terminal or a pipe (PHASOR_DAWN_WARNINGS=1 keeps them), and stderr works after", () => {
  // stderr into a shell pipe (a FIFO), stdout discarded: what `phasor … 2>&1 | tee log` sees
  const quiet = shell('2>&1 >/dev/null | cat');
  expect(quiet.status, quiet.stderr).toBe(0);
  expect(quiet.stdout).not.toMatch(/artificially reduced/);
  expect(quiet.stdout).toMatch(/after init/);
  // where Dawn does clamp (lavapipe, NVIDIA), the opt-out shows that the test would see the notices
  const loud = shell('2>&1 >/dev/null | cat', { PHASOR_DAWN_WARNINGS: '1' });
  expect(loud.stdout).toMatch(/after init/);
  if (/llvmpipe/.test(spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'doctor'], { encoding: 'utf8' }).stdout)) {
    expect(loud.stdout).toMatch(/artificially reduced/);
  }
});

it('`cmd > log 2>&1` keeps every line: stderr in a regular file is not reopened (stdout would write over it)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phasor-stderr-'));
  const log = join(dir, 'log.txt');
  const res = shell(`> ${JSON.stringify(log)} 2>&1`);
  expect(res.status, res.stderr).toBe(0);
  const text = readFileSync(log, 'utf8');
  expect(text).toMatch(/^after init$/m);
  expect(text).toMatch(/^on stdout$/m);
  expect(text.indexOf('after init')).toBeLessThan(text.indexOf('on stdout'));
  rmSync(dir, { recursive: true, force: true });
});
