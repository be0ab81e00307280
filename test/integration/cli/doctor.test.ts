import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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

it("Dawn's native limit-clamping notices stay off stderr (PHASOR_DAWN_WARNINGS=1 keeps them), and stderr works after", () => {
  // stderr to a file, as from a shell (`2> log`); a terminal or a shell pipe behave the same
  const dir = mkdtempSync(join(tmpdir(), 'phasor-stderr-'));
  const run = (env: NodeJS.ProcessEnv) => {
    const path = join(dir, 'stderr.txt');
    const fd = openSync(path, 'w');
    const res = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "const { init } = await import('./engine/index.ts'); await init(); console.error('after init');"],
      {
        stdio: ['ignore', 'pipe', fd],
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, ...env },
      },
    );
    closeSync(fd);
    return { status: res.status, stderr: readFileSync(path, 'utf8') };
  };
  const quiet = run({ PHASOR_DAWN_WARNINGS: '' });
  expect(quiet.status, quiet.stderr).toBe(0);
  expect(quiet.stderr).not.toMatch(/artificially reduced/);
  expect(quiet.stderr).toMatch(/after init/);
  // where Dawn does clamp (lavapipe, NVIDIA), the opt-out shows that the test would see the notices
  const loud = run({ PHASOR_DAWN_WARNINGS: '1' });
  expect(loud.stderr).toMatch(/after init/);
  if (/llvmpipe/.test(spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'doctor'], { encoding: 'utf8' }).stdout)) {
    expect(loud.stderr).toMatch(/artificially reduced/);
  }
  rmSync(dir, { recursive: true, force: true });
});
