/**
 * The small commands and options of the first-run experience: --version, run commands' help (models, where the config
 * keys are), `phasor config`, `data make --config FILE` (inline JSON still accepted), `phasor cache list|prune`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/program.js';
import { JHPF_PRESETS } from '../../../models/jhpf/config.js';
import { UPGANET_PRESETS } from '../../../models/upganet/config.js';
import { LOCK_FILE } from '../../../models/run/lock.js';
import { MODELS } from '../../../models/registry.js';

async function cli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = console.log;
  console.log = (...a: unknown[]) => {
    out += `${a.join(' ')}\n`;
  };
  try {
    const status = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { status, out, err };
  } finally {
    console.log = log;
  }
}

describe('first-run commands', () => {
  it('phasor --version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.status).toBe(0);
      expect(r.out.trim()).toBe(pkg.version);
    }
  });

  it('train/eval/reproduce --help list the models and how to see their config keys', async () => {
    for (const cmd of ['train', 'eval', 'reproduce']) {
      const r = await cli(cmd, '--help');
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/Models:\n\s+jhpf\s+DL-JHPF.*\n\s+upganet\s+UPGANet.*\n(\s+\w+\s+.*\n)*\s+all\s+every model/);
      expect(r.out).toContain("A model's config keys and their defaults: npx phasor config <model> [--preset paper]");
      expect(r.out).toContain('--dry-run');
    }
    expect((await cli('train', '--help')).out).toContain('--force');
  });

  it('phasor config prints the preset as a --config object, or one key per line', async () => {
    const quick = await cli('config', 'jhpf');
    expect(JSON.parse(quick.out)).toEqual(JHPF_PRESETS.quick);
    expect(JSON.parse((await cli('config', 'upganet', '--preset', 'paper')).out)).toEqual(UPGANET_PRESETS.paper);
    expect(Object.keys(JSON.parse((await cli('config', 'all')).out))).toEqual(MODELS.map((m) => m.name));
    const keys = (await cli('config', 'upganet', '--keys')).out.trim().split('\n');
    expect(keys).toContain('training.epochs = 2');
    expect(keys).toContain('unfolding.inner = [1,10,20]');
    const bad = await cli('config', 'nope');
    expect(bad.status).toBe(1);
    expect(bad.err.trim()).toBe(`phasor config: unknown model 'nope'; available: ${MODELS.map((m) => m.name).join(', ')}, all`);
  });

  it('data make --config takes a file like train --config; inline JSON still works; errors name the file or key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phasor-data-'));
    const file = join(dir, 'miso.json');
    writeFileSync(file, JSON.stringify({ numAntennas: 8, numUsers: 2 }));
    const made = await cli('data', 'make', 'upganet-miso', '--count', '3', '--config', file, '--out', join(dir, 'a.pds'));
    expect(made.status).toBe(0);
    expect(made.out).toContain('config: {"numAntennas":8,"numUsers":2,"numPaths":10}');
    const inline = await cli('data', 'make', 'upganet-miso', '--count', '3', '--config', '{"numAntennas": 8, "numUsers": 2}', '--out', join(dir, 'b.pds'));
    expect(inline.status).toBe(0);
    expect(readFileSync(join(dir, 'a.pds'))).toEqual(readFileSync(join(dir, 'b.pds')));
    const dry = await cli('data', 'make', 'upganet-miso', '--count', '3', '--config', file, '--out', join(dir, 'c.pds'), '--dry-run');
    expect(dry.out).toMatch(
      /would write 3 samples \(seed 1, 384 B\) to .*c\.pds\nconfig: \{"numAntennas":8,"numUsers":2,"numPaths":10\}\n\s+H\s+complex64\s+\[3, 2, 8\]/,
    );
    expect(existsSync(join(dir, 'c.pds'))).toBe(false);
    expect((await cli('data', 'make', 'upganet-miso', '--config', join(dir, 'none.json'))).err.trim()).toBe(
      `phasor data make: --config ${join(dir, 'none.json')}: cannot read the file (no such file)`,
    );
    writeFileSync(file, '{"numAntenas": 8}');
    expect((await cli('data', 'make', 'upganet-miso', '--config', file, '--dry-run')).err.trim()).toBe(
      'phasor data make: upganet-miso: unknown config key "numAntenas"; expected one of numAntennas, numUsers, numPaths',
    );
    writeFileSync(file, '[1]');
    expect((await cli('data', 'make', 'upganet-miso', '--config', file)).err).toContain('expected a JSON object; got [1]');
  });

  it('phasor cache list shows the entries and their total; prune deletes all or the old ones, not during a run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'phasor-cache-'));
    const cache = join(out, '.cache');
    mkdirSync(join(cache, 'jhpf'), { recursive: true });
    writeFileSync(join(cache, 'benchmark-psi-1.json'), 'x'.repeat(2048));
    writeFileSync(join(cache, 'jhpf', 'umi-train.pds'), 'y'.repeat(100));
    const old = new Date(Date.now() - 10 * 86_400_000);
    utimesSync(join(cache, 'jhpf', 'umi-train.pds'), old, old);
    const list = await cli('cache', 'list', '--out', out);
    expect(list.out).toMatch(/2\.0 KiB\s+\d+ min\s+benchmark-psi-1\.json\n\s+100 B\s+10\.0 d\s+jhpf\/umi-train\.pds\n\s+2\.1 KiB\s+total in 2 files under/);

    const dry = await cli('cache', 'prune', '--out', out, '--older-than', '7', '--dry-run');
    expect(dry.out).toContain('would delete jhpf/umi-train.pds (100 B)');
    expect(existsSync(join(cache, 'jhpf', 'umi-train.pds'))).toBe(true);
    const pruned = await cli('cache', 'prune', '--out', out, '--older-than', '7');
    expect(pruned.out).toContain('freed 100 B in 1 files');
    expect(existsSync(join(cache, 'jhpf'))).toBe(false);
    expect(existsSync(join(cache, 'benchmark-psi-1.json'))).toBe(true);

    // a run in progress (its lock held by a live process) blocks pruning
    mkdirSync(join(out, 'jhpf', 'quick-seed1'), { recursive: true });
    writeFileSync(
      join(out, 'jhpf', 'quick-seed1', LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: 'h', token: 't', since: 's', command: 'npx phasor train jhpf' }),
    );
    const busy = await cli('cache', 'prune', '--out', out);
    expect(busy.status).toBe(1);
    expect(busy.err.trim()).toBe(`phasor cache prune: a run is in progress (pid ${process.pid}: npx phasor train jhpf); prune when it has finished`);
    expect((await cli('cache', 'prune', '--out', out, '--older-than', 'soon')).err).toContain("option '--older-than <days>' argument 'soon' is invalid");
  });
});
