import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { benchmarkCachePath, benchmarkCovariance, benchmarkSettingHash, clearBenchmarkMemo, contentDigest } from '../../../../wireless/jcas/benchmark-cache.js';
import { solveBenchmarkCovariance } from '../../../../wireless/jcas/benchmark-covariance.js';
import { BenchmarkCacheError } from '../../../../wireless/jcas/errors.js';

const SETTING = { N: 8, iterations: 200 };
const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'phasor-psi-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeEach(() => clearBenchmarkMemo());

describe('benchmarkCovariance (cached Ψ₁)', () => {
  it('writes one file named by the setting hash, atomically, and reads back the same bits', () => {
    const dir = freshDir();
    const first = benchmarkCovariance(SETTING, dir);
    const files = readdirSync(dir);
    expect(files).toEqual([`benchmark-psi-${benchmarkSettingHash(SETTING)}.json`]); // no temporary left over
    expect(benchmarkCachePath(SETTING, dir)).toBe(join(dir, files[0]));
    clearBenchmarkMemo();
    const second = benchmarkCovariance(SETTING, dir);
    expect(Array.from(second.Psi1.data)).toEqual(Array.from(first.Psi1.data));
    expect([second.alpha, second.objective, second.iterations]).toEqual([first.alpha, first.objective, first.iterations]);
    const direct = solveBenchmarkCovariance(SETTING);
    expect(Array.from(first.Psi1.data)).toEqual(Array.from(direct.Psi1.data));
  });

  it('returns what the file holds (a consistent file is used, not recomputed)', () => {
    const dir = freshDir();
    benchmarkCovariance(SETTING, dir);
    const path = benchmarkCachePath(SETTING, dir);
    const body = JSON.parse(readFileSync(path, 'utf8'));
    const bytes = Buffer.from(body.psi1, 'base64');
    bytes.writeDoubleLE(0.5, 8); // Im Ψ₁[0, 0] := 0.5, re-signed below
    body.psi1 = bytes.toString('base64');
    body.alpha = 123;
    body.sha256 = contentDigest(body, bytes);
    writeFileSync(path, JSON.stringify(body));
    clearBenchmarkMemo();
    const r = benchmarkCovariance(SETTING, dir);
    expect(r.alpha).toBe(123);
    expect(r.Psi1.data[1]).toBe(0.5);
  });

  it('refuses a corrupt file: bad JSON, flipped data, a wrong size, another setting', () => {
    const dir = freshDir();
    benchmarkCovariance(SETTING, dir);
    const path = benchmarkCachePath(SETTING, dir);
    const good = readFileSync(path, 'utf8');
    const expectRefused = (text: string, reason: RegExp) => {
      writeFileSync(path, text);
      clearBenchmarkMemo();
      let error: unknown;
      try {
        benchmarkCovariance(SETTING, dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BenchmarkCacheError);
      expect((error as BenchmarkCacheError).path).toBe(path);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toMatch(/Delete it to recompute/);
    };
    expectRefused(good.slice(0, good.length / 2), /not valid JSON/);
    const body = JSON.parse(good);
    const bytes = Buffer.from(body.psi1, 'base64');
    bytes[100] ^= 0x10;
    expectRefused(JSON.stringify({ ...body, psi1: bytes.toString('base64') }), /checksum mismatch/);
    expectRefused(JSON.stringify({ ...body, objective: body.objective + 1 }), /checksum mismatch/);
    expectRefused(JSON.stringify({ ...body, psi1: bytes.subarray(0, 64).toString('base64') }), /expected 1024 \(8×8 complex float64\)/);
    expectRefused(JSON.stringify({ ...body, format: 'something-else' }), /format is "something-else"/);
    // a file of another setting copied to this setting's name
    const other = { N: 8, iterations: 100 };
    benchmarkCovariance(other, dir);
    expectRefused(readFileSync(benchmarkCachePath(other, dir), 'utf8'), /records the setting .*"iterations":100.*expected .*"iterations":200/);
  });

  it('hashes the resolved setting: defaults spelled out give the same file, any change another', () => {
    expect(benchmarkSettingHash({ N: 8 })).toBe(benchmarkSettingHash({ N: 8, halfWidthDeg: 2, targetsDeg: [-60, 0, 60], step: 2e-4 }));
    const hashes = new Set([
      benchmarkSettingHash({ N: 8 }),
      benchmarkSettingHash({ N: 9 }),
      benchmarkSettingHash({ N: 8, iterations: 19_999 }),
      benchmarkSettingHash({ N: 8, targetsDeg: [-59, 0, 60] }),
      benchmarkSettingHash({ N: 8, halfWidthDeg: 3 }),
    ]);
    expect(hashes.size).toBe(5);
    expect(benchmarkSettingHash({ N: 8 })).toMatch(/^[0-9a-f]{16}$/);
  });

  it('computes once per setting in a process and hands out independent copies', () => {
    const a = benchmarkCovariance(SETTING);
    a.Psi1.data[0] = 99;
    const b = benchmarkCovariance(SETTING);
    expect(b.Psi1.data[0]).toBeCloseTo(1 / 8, 12);
  });
});
