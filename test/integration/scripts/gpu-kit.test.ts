/**
 * The GPU kit (scripts/gpu-kit.sh): what its dry run would pack, and how its launcher (scripts/gpu-kit-run.sh, the
 * kit's run.sh) finds a Vulkan driver. Building the archive takes minutes; that check is docs/gpu-kit-check.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

function bash(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.VK_DRIVER_FILES;
  delete base.VK_ICD_FILENAMES;
  delete base.OUT;
  delete base.LD_LIBRARY_PATH;
  const r = spawnSync('bash', args, { cwd: ROOT, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.runIf(linuxX64)('gpu-kit.sh --dry-run', () => {
  it('packs the production dependencies and the TF.js peers, not the dev tools', () => {
    const r = bash(['scripts/gpu-kit.sh', '--dry-run']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const packages = r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('node_modules/'));
    for (const p of ['webgpu', 'tsx', 'esbuild', 'commander', 'wgsl_reflect', 'vega-lite', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-webgpu']) {
      expect(packages).toContain(`node_modules/${p}`);
    }
    for (const p of ['vitest', 'typescript', 'vite', 'benny']) expect(packages).not.toContain(`node_modules/${p}`);
  });
});

describe('gpu-kit launcher: Vulkan driver discovery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-kit-'));
  const empty = join(dir, 'empty');
  const standard = join(dir, 'icd.d');
  const nvidia = join(dir, 'usr/local/nvidia');
  const nvidiaIcd = join(nvidia, 'share/vulkan/icd.d/nvidia_icd.json');
  for (const d of [empty, standard, join(nvidia, 'lib64'), join(nvidia, 'share/vulkan/icd.d')]) mkdirSync(d, { recursive: true });
  writeFileSync(nvidiaIcd, '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0"}}');
  writeFileSync(join(standard, 'lvp_icd.json'), '{}');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const launcherEnv = (env: Record<string, string>) => {
    const r = bash(['scripts/gpu-kit-run.sh', 'env'], { PHASOR_KIT_NVIDIA_ICDS: nvidiaIcd, ...env });
    expect(r.status).toBe(0);
    const value = (key: string) => (r.stdout.match(new RegExp(`^${key} +(.*)$`, 'm'))?.[1] ?? '').trim();
    return { value, stderr: r.stderr };
  };

  it('exports the NVIDIA ICD and its lib64 when the standard directories hold none', () => {
    const { value } = launcherEnv({ PHASOR_KIT_ICD_DIRS: empty });
    expect(value('VK_DRIVER_FILES')).toBe(nvidiaIcd);
    expect(value('VK_ICD_FILENAMES')).toBe(nvidiaIcd);
    expect(value('LD_LIBRARY_PATH').split(':')).toEqual([join(ROOT, 'scripts/lib'), join(nvidia, 'lib64')]);
  });

  it('leaves the loader to the standard directories when they hold an ICD', () => {
    const { value } = launcherEnv({ PHASOR_KIT_ICD_DIRS: `${empty} ${standard}` });
    expect(value('VK_DRIVER_FILES')).toBe('');
    expect(value('ICD')).toContain(join(standard, 'lvp_icd.json'));
  });

  it('keeps a VK_DRIVER_FILES the user set', () => {
    const { value } = launcherEnv({ PHASOR_KIT_ICD_DIRS: empty, VK_DRIVER_FILES: '/opt/my_icd.json' });
    expect(value('VK_DRIVER_FILES')).toBe('/opt/my_icd.json');
  });

  it('warns when it finds no ICD at all', () => {
    const { value, stderr } = launcherEnv({ PHASOR_KIT_ICD_DIRS: empty, PHASOR_KIT_NVIDIA_ICDS: join(dir, 'none.json') });
    expect(value('VK_DRIVER_FILES')).toBe('');
    expect(stderr).toMatch(/no Vulkan driver manifest/);
  });
});
