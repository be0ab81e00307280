import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it('phasor doctor prints the adapter and passes the complex-GEMM check, then exits', () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'doctor'], { encoding: 'utf8', timeout: 90_000 });
  expect(res.status, res.stderr).toBe(0);
  expect(res.stdout).toMatch(/^adapter\s+\S/m);
  expect(res.stdout).toMatch(/^backend\s+\w+/m);
  expect(res.stdout).toMatch(/maxStorageBufferBindingSize\s+\d+/);
  expect(res.stdout).toMatch(/complex GEMM .* runs in .* OK/);
});
