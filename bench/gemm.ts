/**
 * Complex GEMM throughput against TensorFlow.js's WebGPU backend on the same adapter, real f32 GEMMs (a 512³ product
 * and the three products of a dense layer's training step), and the per-op cost of a long recorded sequence of tiny ops.
 *
 *   npx tsx bench/gemm.ts [--quick] [--no-tfjs]
 *
 * Real products whose 'auto' tiles are one of the real vec4 kernels (shaders/gemm/real-quads.wgsl, real-cols.wgsl) are
 * also timed on the register kernel (tiles 'register', what 'auto' chose before those kernels), round by round with
 * ours, so that the before/after ratio ('register/ours') sees the same machine load.
 *
 * GFLOP/s count 8·M·N·K real flops per complex product (×batch). Each timing enqueues `inner` products, then waits
 * for the GPU (sync), and divides; the table reports the median over rounds, ours and TF.js interleaved round by
 * round so that both see the same machine load. TF.js runs its best complex equivalent (fastest of 4M, 3M and the
 * real block form, picked per shape; see ./tfjs-peer.ts); both results are checked against each other.
 * A small harness rather than benny: benny times synchronous or promise-returning callbacks one at a time, whereas
 * GPU work must be queued N deep and synced once.
 */
import { readFileSync } from 'node:fs';
import { getPriority, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { add, init, ones, runtime, shutdown, tensor, zeros, type Tensor } from '../engine/index.js';
import { matmul, planMatmul, type MatmulOptions } from '../engine/ops/gemm.js';
import { describeTiles } from '../engine/ops/gemm-tiles.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { createTfPeer, TF_VARIANTS, type ComplexPlanes, type TfComplexCase, type TfPeer } from './tfjs-peer.js';

export interface GemmBenchOptions {
  /** fewer rounds, no 1024³ */
  quick?: boolean;
  /** compare with TF.js (default true) */
  tfjs?: boolean;
  /** write bench/results/gemm-<date>.json|md (gemm-quick-<date> for quick runs; default true) */
  write?: boolean;
  log?: (line: string) => void;
}

interface Case extends TfComplexCase {
  name: string;
  /** f32 × f32 instead of c64 × c64 (2·M·N·K flops; TF.js runs one tf.matMul) */
  real?: boolean;
  /** B stored [N, K] and used transposed (real cases only; opA 'H' on a real A is its transpose) */
  opB?: 'N' | 'T';
}

export interface GemmBenchRow extends Record<string, string | number> {
  case: string;
  tiles: string;
  'ours ms': number;
  'ours GFLOP/s': number | string;
  'TF.js variant': string;
  'TF.js ms': number | string;
  'TF.js GFLOP/s': number | string;
  'ours/TF.js': number | string;
  'max abs diff': number | string;
  /** the same product on the register kernel, for real products that 'auto' runs on a real vec4 kernel */
  'register ms': number | string;
  'register/ours': number | string;
}

const TARGET_MS = 40;

function cases(quick: boolean): Case[] {
  const squares = (quick ? [64, 128, 256, 512] : [64, 128, 256, 512, 1024]).map((n) => ({ name: `${n}³`, batch: 1, M: n, N: n, K: n }));
  return [
    ...squares,
    { name: '256 × [16×32]·[32×3]', batch: 256, M: 16, K: 32, N: 3 },
    { name: '256 × [3×16]·[16×32]', batch: 256, M: 3, K: 16, N: 32 },
    { name: '256 × [32×3]ᴴ·[32×32]', batch: 256, M: 3, K: 32, N: 32, opA: 'H' },
    { name: '256 × [16×32]·[32×32]', batch: 256, M: 16, K: 32, N: 32 },
    { name: '512³ real f32', batch: 1, M: 512, N: 512, K: 512, real: true },
    // a dense layer's step at batch 256 (x [256, in], W [out, in], gz [256, out]): z = x·Wᵀ, gx = gz·W, gW = gzᵀ·x
    ...[
      [1024, 512],
      [512, 256],
    ].flatMap(([inp, out]) => [
      { name: `dense ${inp}→${out} x·Wᵀ`, batch: 1, M: 256, N: out, K: inp, real: true, opB: 'T' as const },
      { name: `dense ${inp}→${out} gz·W`, batch: 1, M: 256, N: inp, K: out, real: true },
      { name: `dense ${inp}→${out} gzᵀ·x`, batch: 1, M: out, N: inp, K: 256, real: true, opA: 'H' as const },
    ]),
  ];
}

function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    out[i] = (s / 2147483647) * 2 - 1;
  }
  return out;
}

/** The batch of rows×cols matrices in `x`, each transposed (cols×rows). */
function transposed(x: Float32Array, batch: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let z = 0; z < batch; z++) {
    const o = z * rows * cols;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[o + c * rows + r] = x[o + r * cols + c];
  }
  return out;
}

function interleave(re: Float32Array, im: Float32Array): Float32Array {
  const out = new Float32Array(2 * re.length);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i];
    out[2 * i + 1] = im[i];
  }
  return out;
}

/** The scheduler autogroup's nice value on Linux (it weighs this session against others' when autogroup is on). */
function autogroup(): string {
  try {
    const m = /nice\s+(-?\d+)/.exec(readFileSync('/proc/self/autogroup', 'utf8'));
    return m ? `, autogroup nice ${m[1]}` : '';
  } catch {
    return '';
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** Time per repetition of `enqueue` (queued `inner` times, one sync), in ms; also the process CPU time per repetition. */
async function timeQueued(enqueue: () => void, sync: () => Promise<void>, inner: number): Promise<{ ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) enqueue();
  await sync();
  const ms = (performance.now() - t0) / inner;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 / inner };
}

/** Fastest of `tries` single runs (a first run can be slowed by pipeline creation or a stray pause). */
async function calibrate(enqueue: () => void, sync: () => Promise<void>, tries: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < tries; i++) best = Math.min(best, (await timeQueued(enqueue, sync, 1)).ms);
  return best;
}

const innerFor = (ms: number, cap: number) => Math.max(1, Math.min(cap, Math.ceil(TARGET_MS / Math.max(ms, 1e-3))));

export async function runGemmBench(opts: GemmBenchOptions = {}): Promise<BenchRecord> {
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((line: string) => console.log(line));
  let ownRuntime = false;
  try {
    runtime();
  } catch {
    ownRuntime = true;
  }
  const rt = await init();
  const load0 = loadavg();
  let peer: TfPeer | null = null;
  const notes: string[] = [];
  if (opts.tfjs ?? true) {
    try {
      peer = await createTfPeer();
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
    }
  }
  const rows: GemmBenchRow[] = [];
  const samples: Record<string, unknown>[] = [];
  const sync = () => rt.sync();
  const rounds = quick ? 3 : 7;

  try {
    log(
      `adapter: ${rt.info.description} (${rt.info.backend}${rt.info.software ? ', software' : ''}); TF.js ${peer ? `${peer.version} on ${peer.adapter}` : 'off'}`,
    );
    let seed = 1;
    for (const c of cases(quick)) {
      const flops = (c.real ? 2 : 8) * c.batch * c.M * c.N * c.K;
      const nA = c.batch * c.M * c.K;
      const nB = c.batch * c.K * c.N;
      const planes: ComplexPlanes = { aRe: random(nA, seed++), aIm: random(nA, seed++), bRe: random(nB, seed++), bIm: random(nB, seed++) };
      const aShape = c.opA === 'H' ? [c.batch, c.K, c.M] : [c.batch, c.M, c.K];
      const bShape = c.opB === 'T' ? [c.batch, c.N, c.K] : [c.batch, c.K, c.N];
      const unbatched = (shape: number[]) => (c.batch > 1 ? shape : shape.slice(1));
      const a = c.real ? tensor(planes.aRe, unbatched(aShape)) : tensor(interleave(planes.aRe, planes.aIm), unbatched(aShape), 'c64');
      const b = c.real ? tensor(planes.bRe, unbatched(bShape)) : tensor(interleave(planes.bRe, planes.bIm), unbatched(bShape), 'c64');
      const options: MatmulOptions = { opA: c.opA ?? 'N', opB: c.opB ?? 'N' };
      const plan = planMatmul(a, b, options);
      const tiles = describeTiles(plan.tiles);
      const ours = () => matmul(a, b, options).dispose();
      const reference = await matmul(a, b, options).read();
      // before the real vec4 kernels: the same product on the register kernel
      const versus = c.real && plan.tiles.kind !== 'register' && plan.tiles.kind !== 'shared' && rt.info.software;
      const registerOptions: MatmulOptions = { ...options, tiles: 'register' };
      const onRegister = () => matmul(a, b, registerOptions).dispose();
      if (versus) {
        const got = await matmul(a, b, registerOptions).read();
        let d = 0;
        for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - reference[i]));
        if (!(d <= 1e-4 * c.K)) throw new Error(`${c.name}: register kernel and ${tiles} differ by ${d}`);
      }

      // TF.js: check every variant against ours, keep the fastest
      let tf: { variant: string; run: () => void; dispose: () => void; inner: number } | null = null;
      let maxDiff = 0;
      if (peer) {
        let best = Infinity;
        // TF.js gets op(A) and op(B) materialized (its realProduct multiplies [batch, M, K] by [batch, K, N])
        const opA = c.opA === 'H' ? transposed(planes.aRe, c.batch, c.K, c.M) : planes.aRe;
        const opB = c.opB === 'T' ? transposed(planes.bRe, c.batch, c.N, c.K) : planes.bRe;
        const variants: Array<[string, () => ReturnType<TfPeer['product']>]> = c.real
          ? [[c.opA === 'H' || c.opB === 'T' ? 'tf.matMul (op(A), op(B) stored)' : 'tf.matMul', () => peer!.realProduct(c, opA, opB)]]
          : TF_VARIANTS.map((v) => [v, () => peer!.product(c, planes, v)]);
        for (const [variant, make] of variants) {
          const p = make();
          const got = await p.read();
          for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - reference[i]));
          const ms = await calibrate(p.run, peer.sync, 2);
          if (ms < best) {
            tf?.dispose();
            best = ms;
            tf = { variant, run: p.run, dispose: p.dispose, inner: innerFor(ms, 50) };
          } else p.dispose();
        }
      }

      const inner = innerFor(await calibrate(ours, sync, 3), 400);
      if (versus) await calibrate(onRegister, sync, 1);
      const ourMs: number[] = [];
      const ourCpu: number[] = [];
      const tfMs: number[] = [];
      const regMs: number[] = [];
      const r = c.M * c.N * c.K >= 1 << 30 ? Math.min(rounds, 3) : versus ? 3 * rounds : rounds;
      for (let i = 0; i < r; i++) {
        const t = await timeQueued(ours, sync, inner);
        ourMs.push(t.ms);
        ourCpu.push(t.cpuMs);
        if (versus) regMs.push((await timeQueued(onRegister, sync, inner)).ms);
        if (tf && peer && (!versus || i % 3 === 0)) tfMs.push((await timeQueued(tf.run, peer.sync, tf.inner)).ms);
      }
      tf?.dispose();
      a.dispose();
      b.dispose();

      const ms = median(ourMs);
      const tms = tfMs.length ? median(tfMs) : NaN;
      const row: GemmBenchRow = {
        case: c.name,
        tiles,
        'ours ms': round(ms),
        'ours GFLOP/s': round(flops / ms / 1e6),
        'TF.js variant': tf?.variant ?? '—',
        'TF.js ms': tf ? round(tms) : '—',
        'TF.js GFLOP/s': tf ? round(flops / tms / 1e6) : '—',
        'ours/TF.js': tf ? round(tms / ms) : '—',
        'max abs diff': peer ? Number(maxDiff.toPrecision(2)) : '—',
        'register ms': versus ? round(median(regMs)) : '—',
        // median of the round-by-round ratios: each pair of timings saw the same machine load
        'register/ours': versus ? round(median(regMs.map((x, i) => x / ourMs[i]))) : '—',
      };
      rows.push(row);
      samples.push({
        case: c.name,
        inner,
        tfInner: tf?.inner,
        oursMs: ourMs,
        oursCpuMs: ourCpu,
        tfjsMs: tfMs,
        registerMs: regMs,
        oursMinMs: Math.min(...ourMs),
      });
      log(
        `${c.name.padEnd(24)} ${tiles.padEnd(34)} ours ${row['ours ms']} ms = ${row['ours GFLOP/s']} GFLOP/s` +
          (versus ? ` | register ${row['register ms']} ms, ×${row['register/ours']}` : '') +
          (tf ? ` | TF.js ${tf.variant} ${row['TF.js ms']} ms = ${row['TF.js GFLOP/s']} GFLOP/s | ×${row['ours/TF.js']}` : ''),
      );
    }

    // 1000 recorded tiny ops, one sync at the end
    const COUNT = 1000;
    const y = ones([64]);
    const x0 = zeros([64]);
    const chain = () => {
      let x: Tensor = x0;
      for (let i = 0; i < COUNT; i++) {
        const next = add(x, y);
        if (x !== x0) x.dispose();
        x = next;
      }
      if (x !== x0) x.dispose();
    };
    chain();
    await sync();
    const tfChain = peer?.addChain(64, COUNT);
    if (tfChain && peer) {
      tfChain.run();
      await peer.sync();
    }
    const ourOp: number[] = [];
    const tfOp: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ourOp.push(((await timeQueued(chain, sync, 1)).ms * 1000) / COUNT);
      if (tfChain && peer) tfOp.push(((await timeQueued(tfChain.run, peer.sync, 1)).ms * 1000) / COUNT);
    }
    tfChain?.dispose();
    x0.dispose();
    y.dispose();
    const us = median(ourOp);
    const tus = tfOp.length ? median(tfOp) : NaN;
    rows.push({
      case: `${COUNT} × add, 64-element f32 (per op)`,
      tiles: 'elementwise/binary',
      'ours ms': round(us / 1000),
      'ours GFLOP/s': '—',
      'TF.js variant': tfOp.length ? 'tf.add' : '—',
      'TF.js ms': tfOp.length ? round(tus / 1000) : '—',
      'TF.js GFLOP/s': '—',
      'ours/TF.js': tfOp.length ? round(tus / us) : '—',
      'max abs diff': '—',
      'register ms': '—',
      'register/ours': '—',
    });
    samples.push({ case: 'tiny ops', oursUsPerOp: ourOp, tfjsUsPerOp: tfOp });
    log(`${COUNT} recorded adds on 64 elements: ours ${us.toFixed(1)} µs/op${tfOp.length ? ` | TF.js ${tus.toFixed(1)} µs/op` : ''}`);
  } finally {
    await peer?.close();
    if (ownRuntime) await shutdown();
  }

  const load1 = loadavg();
  notes.push(
    'GFLOP/s = 8·M·N·K·batch / time for complex products (complex multiply-add = 8 real flops), 2·M·N·K for the real ones; ' +
      'times are medians over rounds, GPU work synced.',
    'Dense layer rows: batch 256, x [256, in], W [out, in], gz [256, out]. register ms / register/ours: the same product on ' +
      "the register kernel (tiles 'register', the choice before the real vec4 kernels), timed round by round with ours; " +
      'register/ours is the median of the per-round ratios (> 1: the vec4 kernel is faster). TF.js multiplies the stored ' +
      'op(A), op(B) (no transposes of its own).',
    `process priority: nice ${getPriority()}${autogroup()}.`,
    'ours/TF.js = TF.js time / our time (higher is better for us). TF.js variant = its fastest complex equivalent for that shape.',
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end: the machine is shared, so other processes ` +
      'can take CPU time from the software driver; the JSON keeps every sample, and process CPU time for ours.',
  );
  const record: BenchRecord & { adapter: unknown; tfjs: unknown; samples: unknown } = {
    // quick runs get their own file, so that they never replace a full run's results
    name: quick ? 'gemm-quick' : 'gemm',
    device: deviceLabel(rt.info),
    ...machine(),
    rows,
    notes,
    adapter: { ...rt.info, limits: undefined },
    tfjs: peer ? { version: peer.version, adapter: peer.adapter } : null,
    samples,
  };
  if (opts.write ?? true) {
    const files = writeResults(record);
    log(`wrote ${files.json} and ${files.md}`);
  }
  return record;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runGemmBench({ quick: process.argv.includes('--quick'), tfjs: !process.argv.includes('--no-tfjs') });
}
