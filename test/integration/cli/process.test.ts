/**
 * The CLI as separate processes, on a tiny UPGANet: SIGINT to the process group (as Ctrl-C sends it) exits 130 with
 * a message and keeps the last checkpoint; a device lost mid-training (destroyed by a preloaded test hook) is a one-line
 * error that keeps the last checkpoint; in both cases `--resume` completes and ends with the checkpoint bytes of an
 * uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../../engine/checkpoint/safetensors.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CONFIG = join(ROOT, 'test/integration/cli/fixtures/tiny-upganet.json');
const out = mkdtempSync(join(tmpdir(), 'phasor-process-'));
const ckptOf = (run: string) => join(out, 'upganet', run, 'checkpoints', 'upganet-J1.safetensors');

interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs `node [preload] bin/phasor.js train upganet … --run <run>` in its own process group. */
function phasor(
  run: string,
  extra: string[] = [],
  opts: { preload?: string; env?: Record<string, string>; onStart?: (pid: number) => void } = {},
): Promise<Ended> {
  const args = opts.preload ? ['--import', 'tsx', '--import', opts.preload, 'cli/main.ts'] : ['bin/phasor.js'];
  const child = spawn(process.execPath, [...args, 'train', 'upganet', '--config', CONFIG, '--out', out, '--run', run, ...extra], {
    cwd: ROOT,
    detached: true, // a process group of its own: signals go to the group, as a terminal's Ctrl-C does
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp', ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  opts.onStart?.(child.pid!);
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stderr })));
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('phasor'));
}

function stepOf(path: string): number {
  return Number(decodeSafetensors(readFileSync(path)).metadata.step); // decoding verifies the checksum
}

let reference: Buffer;

beforeAll(async () => {
  const r = await phasor('straight');
  expect(r.status, r.stderr).toBe(0);
  reference = readFileSync(ckptOf('straight'));
  expect(stepOf(ckptOf('straight'))).toBe(8); // 4 epochs of 2 steps
}, 120_000);

describe('phasor train as a process', () => {
  it('SIGINT to the process group: exit 130 with a message, the last checkpoint kept, --resume ends byte-identical', async () => {
    const ckpt = ckptOf('interrupted');
    let pid = 0;
    const running = phasor('interrupted', [], { onStart: (p) => (pid = p) });
    const poll = setInterval(() => {
      if (existsSync(ckpt)) {
        clearInterval(poll);
        process.kill(-pid, 'SIGINT');
      }
    }, 20);
    const r = await running;
    clearInterval(poll);
    expect(r.status).toBe(130);
    expect(errorLines(r.stderr)).toEqual([
      `phasor: interrupted (SIGINT): every completed epoch is checkpointed; continue with: npx phasor train upganet --config ${CONFIG} --out ${out} --run interrupted --resume`,
    ]);
    const kept = stepOf(ckpt);
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(8);
    expect(existsSync(join(out, 'upganet', 'interrupted', '.lock'))).toBe(false);

    const resumed = await phasor('interrupted', ['--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resumed after epoch ${kept / 2} of 4`);
    expect(readFileSync(ckpt)).toEqual(reference);
  }, 120_000);

  it('a device lost mid-training: a one-line error, the last checkpoint intact, --resume ends byte-identical', async () => {
    const ckpt = ckptOf('lost');
    const r = await phasor('lost', [], { preload: './test/integration/cli/fixtures/lose-device.ts', env: { PHASOR_TEST_LOSE_DEVICE_AT_STEP: '5' } });
    expect(r.status).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^phasor train: upganet: upganet-J1: device lost: destroyed/);
    expect(lines[0]).toContain('the checkpoint of epoch 2');
    expect(lines[0]).toContain(`continue with: npx phasor train upganet --config ${CONFIG} --out ${out} --run lost --resume`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stepOf(ckpt)).toBe(4);

    const resumed = await phasor('lost', ['--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(readFileSync(ckpt)).toEqual(reference);
  }, 120_000);
});
