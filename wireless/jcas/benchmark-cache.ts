/**
 * Ψ₁ of eq. (4) computed once per setting: kept in memory for the process and, with a cache directory, on disk as
 * `benchmark-psi-<hash>.json`, the hash (SHA-256, 16 hex digits) taken over the fully resolved setting and the solver
 * version. The file holds the setting, α, the objective, the iteration count and Ψ₁ (little-endian float64, base64)
 * with one SHA-256 over all of them (`contentDigest`). It is written to a temporary name and renamed, so a reader never sees half a file.
 *
 * A cache file that cannot be parsed, fails its checksum, has the wrong size, or records another setting is REFUSED
 * with a BenchmarkCacheError naming the file and the reason (never silently recomputed: a mismatch means something
 * wrote that path that this code did not expect); delete the file to recompute.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmatrix } from '../linalg/cmatrix.js';
import {
  resolveBenchmarkSetting,
  solveBenchmarkCovariance,
  type BenchmarkCovariance,
  type BenchmarkCovarianceSetting,
  type ResolvedBenchmarkSetting,
} from './benchmark-covariance.js';
import { BenchmarkCacheError } from './errors.js';

const FORMAT = 'phasor-jcas-benchmark-covariance';
/** Bump when the solver's result for a setting or the file layout changes, so older cache files get other names. */
const SOLVER_VERSION = 2;

const memo = new Map<string, BenchmarkCovariance>();

/** The cache key of a setting: 16 hex digits of SHA-256 over the resolved setting and the solver version. */
export function benchmarkSettingHash(setting: BenchmarkCovarianceSetting): string {
  const s = resolveBenchmarkSetting(setting);
  return createHash('sha256')
    .update(JSON.stringify({ solver: SOLVER_VERSION, ...canonical(s) }))
    .digest('hex')
    .slice(0, 16);
}

/** The cache file of a setting inside `cacheDir`. */
export function benchmarkCachePath(setting: BenchmarkCovarianceSetting, cacheDir: string): string {
  return join(cacheDir, `benchmark-psi-${benchmarkSettingHash(setting)}.json`);
}

/**
 * solveBenchmarkCovariance(setting), computed at most once per setting. With `cacheDir`: read from its file when that
 * exists (a bad file throws BenchmarkCacheError), else taken from the process memo or solved, and written there.
 * Without: from the process memo, else solved.
 */
export function benchmarkCovariance(setting: BenchmarkCovarianceSetting, cacheDir?: string): BenchmarkCovariance {
  const hash = benchmarkSettingHash(setting);
  const resolved = resolveBenchmarkSetting(setting);
  const path = cacheDir === undefined ? undefined : benchmarkCachePath(setting, cacheDir);
  const text = path === undefined ? undefined : readIfExists(path);
  if (path !== undefined && text !== undefined) {
    const stored = parseCacheFile(text, path, resolved);
    memo.set(hash, stored);
    return copy(stored);
  }
  const result = memo.get(hash) ?? solveBenchmarkCovariance(resolved);
  memo.set(hash, result);
  if (path !== undefined) writeCacheFile(path, resolved, result);
  return copy(result);
}

/** A copy with its own Ψ₁ buffer, so a caller that scales Ψ₁ in place cannot change the memo. */
function copy(r: BenchmarkCovariance): BenchmarkCovariance {
  return { ...r, Psi1: cmatrix(r.Psi1.rows, r.Psi1.cols, r.Psi1.data) };
}

/** Forgets the in-process memo (tests; a long-lived process that wants the disk cache re-read). */
export function clearBenchmarkMemo(): void {
  memo.clear();
}

function canonical(s: ResolvedBenchmarkSetting): ResolvedBenchmarkSetting {
  return {
    N: s.N,
    gridDeg: [...s.gridDeg],
    targetsDeg: [...s.targetsDeg],
    halfWidthDeg: s.halfWidthDeg,
    iterations: s.iterations,
    step: s.step,
  };
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function writeCacheFile(path: string, setting: ResolvedBenchmarkSetting, r: BenchmarkCovariance): void {
  const bytes = float64Bytes(r.Psi1.data);
  const fields = { setting: canonical(setting), alpha: r.alpha, objective: r.objective, iterations: r.iterations };
  const body = {
    format: FORMAT,
    solver: SOLVER_VERSION,
    ...fields,
    psi1: bytes.toString('base64'),
    sha256: contentDigest(fields, bytes),
  };
  mkdirSync(join(path, '..'), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

function parseCacheFile(text: string, path: string, setting: ResolvedBenchmarkSetting): BenchmarkCovariance {
  const refuse = (what: string): never => {
    throw new BenchmarkCacheError(`benchmarkCovariance: cache file ${path} refused: ${what}. Delete it to recompute Ψ₁ for this setting`, path);
  };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return refuse(`not valid JSON (${(e as Error).message}); expected a ${FORMAT} file`);
  }
  if (typeof body !== 'object' || body === null) return refuse(`expected a JSON object, got ${typeof body}`);
  if (body.format !== FORMAT) return refuse(`format is ${JSON.stringify(body.format)}; expected "${FORMAT}"`);
  if (body.solver !== SOLVER_VERSION) return refuse(`solver version is ${JSON.stringify(body.solver)}; expected ${SOLVER_VERSION}`);
  const want = JSON.stringify(canonical(setting));
  if (JSON.stringify(body.setting) !== want) {
    return refuse(`it records the setting ${JSON.stringify(body.setting)}; expected ${want}`);
  }
  for (const key of ['alpha', 'objective', 'iterations'] as const) {
    if (typeof body[key] !== 'number' || !Number.isFinite(body[key])) return refuse(`${key} is ${JSON.stringify(body[key])}; expected a finite number`);
  }
  if (typeof body.psi1 !== 'string' || typeof body.sha256 !== 'string') return refuse('psi1 or sha256 is missing; expected base64 data and its hex SHA-256');
  const bytes = Buffer.from(body.psi1, 'base64');
  const N = setting.N;
  if (bytes.length !== 16 * N * N) return refuse(`Ψ₁ has ${bytes.length} bytes; expected ${16 * N * N} (${N}×${N} complex float64)`);
  const fields = { setting: body.setting, alpha: body.alpha, objective: body.objective, iterations: body.iterations };
  const digest = contentDigest(fields, bytes);
  if (digest !== body.sha256) return refuse(`checksum mismatch: the content hashes to ${digest}; the file says ${body.sha256}`);
  const data = new Float64Array(2 * N * N);
  for (let i = 0; i < data.length; i++) data[i] = bytes.readDoubleLE(8 * i);
  return {
    Psi1: cmatrix(N, N, data),
    alpha: body.alpha as number,
    objective: body.objective as number,
    iterations: body.iterations as number,
  };
}

/** SHA-256 (hex) over the JSON of the scalar fields followed by Ψ₁'s bytes. */
export function contentDigest(fields: { setting: unknown; alpha: unknown; objective: unknown; iterations: unknown }, psiBytes: Uint8Array): string {
  const head = JSON.stringify([fields.setting, fields.alpha, fields.objective, fields.iterations]);
  return createHash('sha256').update(head).update(psiBytes).digest('hex');
}

function float64Bytes(data: Float64Array): Buffer {
  const out = Buffer.alloc(8 * data.length);
  for (let i = 0; i < data.length; i++) out.writeDoubleLE(data[i], 8 * i);
  return out;
}
