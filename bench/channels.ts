/**
 * Channel-generation throughput: UMi-Street-Canyon NLOS 16×32 narrowband channels with the standard 19 clusters ×
 * 20 rays (TR 38.901 §7.5), on the CPU. Target (issue 4): 100 000 channels in ≤ 60 s on the 2-core machine.
 *
 *   npx tsx bench/channels.ts [--count N] [--workers W]
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { ulaGeometry } from '../wireless/array/index.js';
import { Tr38901Channel } from '../wireless/channel/tr38901/index.js';
import { machine, writeResults } from './results-file.js';

const CHUNK = 5000;

function model(): Tr38901Channel {
  return new Tr38901Channel({ scenario: 'umi-nlos', tx: ulaGeometry(32), rx: ulaGeometry(16), numClusters: 19 });
}

/** Generates channels [first, first + count) in chunks; returns the mean ‖H‖_F² as a sanity value. */
export function generateRange(first: number, count: number, seed = 1): number {
  const m = model();
  let power = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const batch = m.generate(n, seed, first + done);
    for (let i = 0; i < batch.data.length; i++) power += batch.data[i] * batch.data[i];
  }
  return power / count;
}

async function inWorkers(count: number, workers: number): Promise<number> {
  const per = Math.ceil(count / workers);
  const url = new URL(import.meta.url);
  const parts = await Promise.all(
    Array.from(
      { length: workers },
      (_, w) =>
        new Promise<number>((resolve, reject) => {
          // Workers load this TypeScript file through tsx's loader.
          const tsxApi = import.meta.resolve('tsx/esm/api');
          const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
          const worker = new Worker(boot, { eval: true, workerData: { first: w * per, count: Math.min(per, count - w * per) } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return parts.reduce((a, b) => a + b, 0) / workers;
}

export async function runChannelBench(opts: { count?: number; workers?: number } = {}): Promise<void> {
  const count = opts.count ?? 100_000;
  const workers = opts.workers ?? Math.min(2, cpus().length);
  const rows: Array<Record<string, string | number>> = [];
  for (const w of [1, workers].filter((v, i, a) => a.indexOf(v) === i)) {
    const t0 = performance.now();
    const power = w === 1 ? generateRange(0, count) : await inWorkers(count, w);
    const s = (performance.now() - t0) / 1000;
    rows.push({ channels: count, threads: w, seconds: s.toFixed(1), 'channels/s': Math.round(count / s), 'mean ‖H‖²': power.toFixed(1) });
    console.log(`UMi NLOS 16×32, 19×20 rays: ${count} channels on ${w} thread(s) in ${s.toFixed(1)} s`);
  }
  const m = machine();
  const files = writeResults({
    name: 'channels',
    device: `CPU (${m.cpu})`,
    ...m,
    rows,
    notes: ['target: 100 000 channels in ≤ 60 s on 2 cores', 'expected mean ‖H‖² = N_t·N_r = 512'],
  });
  console.log(`results: ${files.md}`);
}

const { isMainThread, parentPort, workerData } = await import('node:worker_threads');
if (!isMainThread && workerData) {
  parentPort!.postMessage(generateRange(workerData.first, workerData.count));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await runChannelBench({ count: arg('--count'), workers: arg('--workers') });
}
