/**
 * scripts/setup.sh when another apt/dpkg holds the package lock: it says who holds it and waits (bounded), instead of
 * failing with apt's raw "Could not get lock". npm, node (the adapter probe), apt-get, apt-cache and id are stubs
 * on PATH, so nothing is installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');

/** A directory of stubs; apt-get fails with the lock error on its first `lockedCalls` calls. */
function stubs(lockedCalls: number): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'phasor-setup-'));
  const log = join(dir, 'apt.log');
  const script = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  script('npm', 'exit 0');
  script('id', 'echo 0');
  // the adapter probe: no adapter until the driver is "installed"
  script('node', `if [ -f "${dir}/installed" ]; then echo "adapter: stub (vulkan)"; exit 0; fi; echo "no adapter" >&2; exit 1`);
  script('apt-cache', 'echo "  Candidate: 25.0.7-2~bpo12+1"; echo " 500 http://deb.debian.org/debian bookworm-backports/main"');
  script(
    'apt-get',
    `n=$(cat "${dir}/count" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "${dir}/count"
echo "apt-get $*" >> "${log}"
if [ "$n" -le ${lockedCalls} ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)" >&2
  echo "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?" >&2
  exit 100
fi
case "$*" in *install*) touch "${dir}/installed";; esac
exit 0`,
  );
  return { dir, log };
}

function setup(dir: string, env: Record<string, string>) {
  const r = spawnSync('bash', ['scripts/setup.sh'], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, PHASOR_APT_LOCK_POLL: '0.1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('npm run setup while another package manager holds the lock', () => {
  it('waits for the lock, saying who holds it, then installs', () => {
    const { dir, log } = stubs(3);
    const r = setup(dir, { PHASOR_APT_LOCK_WAIT: '30' });
    expect(r.out).toContain("[setup] another package manager (process 4242 (unattended-upgr)) holds apt's lock: waiting for it, at most 30 s");
    expect(r.out.match(/holds apt's lock/g)).toHaveLength(1); // said once, not per retry
    expect(r.out).not.toContain('E: Could not get lock');
    expect(r.status).toBe(0);
    expect(r.out).toContain('[setup] installed libvulkan1 and mesa-vulkan-drivers 25.0.7-2~bpo12+1');
    expect(existsSync(join(dir, 'installed'))).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(/install --no-install-recommends/);
  });

  it('gives up after PHASOR_APT_LOCK_WAIT seconds, naming the holder', () => {
    const { dir } = stubs(1_000_000);
    const r = setup(dir, { PHASOR_APT_LOCK_WAIT: '1' });
    expect(r.status).toBe(1);
    expect(r.out).toContain(
      "[setup] error: another package manager (process 4242 (unattended-upgr)) still holds apt's lock after 1 s; let it finish, then run 'npm run setup' again (PHASOR_APT_LOCK_WAIT=<seconds> waits longer)",
    );
    expect(existsSync(join(dir, 'installed'))).toBe(false);
  });
});
