/**
 * Soak: trains each model for many steps through its real training (ModelEntry.train with the `quick` preset, every
 * `epochs` raised so that training cannot finish first) and samples, every `--every` steps, the process's memory
 * (RSS, V8 heap) and the engine's GPU memory (runtime().memory(): bytes held by live tensors and by the buffer pool),
 * with the time per step. A leak shows as a rising line; a flat one is the claim.
 *
 *   npx tsx scripts/soak.ts [--steps 10000] [--models jhpf,probe,upganet,hyperrnn] [--every 100] [--out docs/soak]
 *   npx tsx scripts/soak.ts --readme-only      (rewrites <out>/README.md from the <model>.json there)
 *
 * Each model runs in a child process of its own (its RSS is its own), stopped after `--steps` steps counted over the
 * whole training (every network it trains, in order, through models/run/train-loop.ts's afterStep hook). Writes
 * <out>/<model>.json (the samples), <out>/<model>.svg (the figure) and <out>/README.md (the table and verdicts, from
 * every <model>.json present).
 *
 * Verdict, over the last half of the samples (the first half is warm-up: pools and caches fill): 'flat' when GPU bytes
 * (live + pooled) and the V8 heap each stay within 5 % of the half's maximum (max − min), and RSS shows no trend: its
 * least-squares line rises by less than 5 % of the half's maximum across the half. RSS is judged by its trend, not its
 * spread, because native allocators (Dawn, lavapipe, malloc arenas) swing it by 10–20 % with no change in what the
 * program holds; a leak is a rise that persists, which the fitted line shows and a swing does not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFigureSvg } from '../cli/report/plot.js';
import { init, runtime, shutdown } from '../engine/index.js';
import { MODELS } from '../models/registry.js';
import { makeRunContext, trainLoopHooks, type ModelEntry } from '../models/run/index.js';

const MiB = 2 ** 20;
/** the verdict's tolerance: (max − min) / max over the last half of the samples */
export const FLAT_TOLERANCE = 0.05;

export interface SoakSample {
  /** steps done, counted over the whole training */
  step: number;
  /** the network being trained */
  network: string;
  rssBytes: number;
  heapUsedBytes: number;
  /** bytes held by live GPU buffers (tensors) */
  gpuLiveBytes: number;
  /** bytes held by free GPU buffers kept by the pool for reuse */
  gpuPooledBytes: number;
  gpuLiveBuffers: number;
  gpuPooledBuffers: number;
  /** mean wall time per step since the previous sample */
  msPerStep: number;
}

export interface SoakRun {
  model: string;
  preset: 'quick';
  stepsRequested: number;
  stepsDone: number;
  every: number;
  adapter: string;
  date: string;
  seconds: number;
  /** 'stopped' after stepsRequested steps; 'finished' when the training ended before; 'interrupted' in
   * <model>.partial.json, rewritten at every sample while the soak runs */
  ended: 'stopped' | 'finished' | 'interrupted';
  /** whether a full garbage collection ran before each sample (the child runs with --expose-gc) */
  gcBeforeSample: boolean;
  samples: SoakSample[];
}

export type Verdict = 'flat' | 'rising' | 'varying' | 'too few samples';

/** Spread rule (GPU bytes, V8 heap): (max − min) / max over the last half below the tolerance. */
export function flatness(values: number[]): { verdict: Verdict; spread: number } {
  if (values.length < 4) return { verdict: 'too few samples', spread: NaN };
  const half = values.slice(Math.floor(values.length / 2));
  const max = Math.max(...half);
  const spread = max > 0 ? (max - Math.min(...half)) / max : 0;
  if (spread < FLAT_TOLERANCE) return { verdict: 'flat', spread };
  return { verdict: half.at(-1)! > half[0] ? 'rising' : 'varying', spread };
}

/** Least-squares line of ys over xs: its slope and the slope's standard error (NaN below 3 points). */
export function fitLine(xs: number[], ys: number[]): { slope: number; slopeSe: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / sxx;
  const sse = ys.reduce((a, y, i) => a + (y - my - slope * (xs[i] - mx)) ** 2, 0);
  return { slope, slopeSe: n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN };
}

/**
 * Trend rule (RSS): the rise of the least-squares line over the last half, as a share of that half's maximum; 'flat'
 * (no upward trend) below the tolerance, a falling line included, else 'rising'. The slope's standard error and the
 * whole run's slope come with it: a steady leak shows over the whole run too, a swing caught by the half does not.
 */
export function trend(
  steps: number[],
  values: number[],
): { verdict: Verdict; rise: number; perStep: number; perStepSe: number; wholeRun: { slope: number; slopeSe: number } } {
  if (values.length < 4) return { verdict: 'too few samples', rise: NaN, perStep: NaN, perStepSe: NaN, wholeRun: { slope: NaN, slopeSe: NaN } };
  const h = Math.floor(values.length / 2);
  const xs = steps.slice(h);
  const ys = values.slice(h);
  const { slope: perStep, slopeSe: perStepSe } = fitLine(xs, ys);
  const rise = (perStep * (xs.at(-1)! - xs[0])) / Math.max(...ys);
  const wholeRun = fitLine(steps, values);
  // a falling line is memory handed back, not a leak
  return { verdict: rise < FLAT_TOLERANCE ? 'flat' : 'rising', rise, perStep, perStepSe, wholeRun };
}

const gpuBytes = (s: SoakSample) => s.gpuLiveBytes + s.gpuPooledBytes;

class SoakDone extends Error {}

/** The quick preset with every `epochs` (at any depth) raised to at least `steps`, so that training outlasts the soak. */
function longer(value: unknown, steps: number): unknown {
  if (Array.isArray(value)) return value.map((v) => longer(v, steps));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'epochs' && typeof v === 'number' ? Math.max(v, steps) : longer(v, steps)]));
}

async function soakOne(model: ModelEntry<object>, steps: number, every: number, out: string): Promise<SoakRun> {
  const rt = await init();
  const base = mkdtempSync(join(tmpdir(), `phasor-soak-${model.name}-`));
  const samples: SoakSample[] = [];
  const started = performance.now();
  let last = started;
  let lastStep = 0;
  let done = 0;
  const gc = (globalThis as { gc?: () => void }).gc;
  const partial = join(out, `${model.name}.partial.json`);
  const runSoFar = (ended: SoakRun['ended']): SoakRun => ({
    model: model.name,
    preset: 'quick',
    stepsRequested: steps,
    stepsDone: done,
    every,
    adapter: rt.info.description,
    date: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
    ended,
    gcBeforeSample: gc !== undefined,
    samples,
  });
  const sample = (step: number, network: string) => {
    const now = performance.now();
    // a full collection first (the child runs with --expose-gc): what is sampled is what is retained, not where the
    // collector happened to be
    gc?.();
    const mem = process.memoryUsage();
    const gpu = runtime().memory();
    samples.push({
      step,
      network,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      gpuLiveBytes: gpu.liveBytes,
      gpuPooledBytes: gpu.pooledBytes,
      gpuLiveBuffers: gpu.liveBuffers,
      gpuPooledBuffers: gpu.pooledBuffers,
      msPerStep: step > lastStep ? (now - last) / (step - lastStep) : NaN,
    });
    process.stderr.write(
      `soak ${model.name} step ${step}/${steps} ${network}: RSS ${(mem.rss / MiB).toFixed(1)} MiB, GPU ${(gpuBytes(samples.at(-1)!) / MiB).toFixed(2)} MiB, ` +
        `${samples.at(-1)!.msPerStep.toFixed(1)} ms/step\n`,
    );
    last = now;
    lastStep = step;
    // the samples so far, so that a soak cut short (a session's end, a kill) still leaves its numbers on disk
    writeFileSync(partial, `${JSON.stringify(runSoFar('interrupted'), null, 1)}\n`);
  };
  trainLoopHooks.afterStep = ({ name }) => {
    done++;
    if (done % every === 0) sample(done, name);
    if (done >= steps) throw new SoakDone();
  };
  let ended: SoakRun['ended'] = 'finished';
  try {
    const config = model.parseConfig(longer(model.presets.quick, steps));
    await model.train(makeRunContext({ config, runDir: join(base, 'run'), cacheDir: join(base, 'cache'), seed: 1 }));
  } catch (err) {
    if (!(err instanceof SoakDone)) throw err;
    ended = 'stopped';
  } finally {
    trainLoopHooks.afterStep = null;
    rmSync(base, { recursive: true, force: true });
  }
  const run = runSoFar(ended);
  rmSync(partial, { force: true });
  await shutdown();
  return run;
}

async function writeFigure(out: string, run: SoakRun): Promise<void> {
  const x = run.samples.map((s) => s.step);
  const svg = await renderFigureSvg({
    id: `soak-${run.model}`,
    title: `${run.model}: memory over ${run.stepsDone} training steps`,
    xLabel: 'training step',
    yLabel: 'MiB',
    series: [
      { name: 'process RSS', x, y: run.samples.map((s) => s.rssBytes / MiB) },
      { name: 'V8 heap used', x, y: run.samples.map((s) => s.heapUsedBytes / MiB) },
      { name: 'GPU live + pooled', x, y: run.samples.map((s) => gpuBytes(s) / MiB) },
      { name: 'GPU live', x, y: run.samples.map((s) => s.gpuLiveBytes / MiB) },
    ],
    caption: `quick preset, sampled every ${run.every} steps, ${run.adapter}`,
  });
  writeFileSync(join(out, `${run.model}.svg`), svg);
}

const mib = (b: number) => (b / MiB).toFixed(1);
/** a slope in bytes per step as MiB per 1000 steps ± its standard error */
const perK = (perStep: number, se: number) => `${perStep >= 0 ? '+' : ''}${mib(1000 * perStep)} ± ${mib(1000 * se)}`;
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');

function renderReadme(runs: SoakRun[]): string {
  const rows = runs.map((r) => {
    const rss = r.samples.map((s) => s.rssBytes);
    const gpu = r.samples.map(gpuBytes);
    const steps = r.samples.map((s) => s.step);
    const tr = trend(steps, rss);
    const fg = flatness(gpu);
    const fh = flatness(r.samples.map((s) => s.heapUsedBytes));
    const ms = r.samples.map((s) => s.msPerStep).filter(Number.isFinite);
    const median = ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
    const rising = (values: number[]) => `rising, +${mib(1000 * trend(steps, values).perStep)} MiB per 1000 steps`;
    const said = (values: number[], v: Verdict) => (v === 'rising' ? rising(values) : v);
    const ok = tr.verdict === 'flat' && fg.verdict === 'flat' && fh.verdict === 'flat';
    const verdict = ok ? 'flat' : `RSS ${tr.verdict === 'flat' ? 'no trend' : said(rss, tr.verdict)}; GPU ${said(gpu, fg.verdict)}; heap ${fh.verdict}`;
    const stepsNote =
      r.stepsDone < 10_000 ? ` (of 10 000; ${r.ended === 'finished' ? 'training ended' : r.ended === 'interrupted' ? 'cut short' : 'shortened'})` : '';
    return (
      `| [${r.model}](${r.model}.svg) | ${r.stepsDone}${stepsNote} | ${r.every} | ${median?.toFixed(1) ?? 'n/a'} | ` +
      `${mib(rss[0])} / ${mib(rss.at(-1)!)} / ${mib(Math.max(...rss))} | ${pct(tr.rise)} (${perK(tr.perStep, tr.perStepSe)}) | ${perK(tr.wholeRun.slope, tr.wholeRun.slopeSe)} | ` +
      `${mib(gpu[0])} / ${mib(gpu.at(-1)!)} / ${mib(Math.max(...gpu))} | ${pct(fg.spread)} | ${pct(fh.spread)} | ${verdict} |`
    );
  });
  return [
    '# Soak: memory over long training',
    '',
    '`npx tsx scripts/soak.ts` trains each model through its real training (`ModelEntry.train`, `quick` preset, with',
    'every `epochs` raised so that training outlasts the soak) and samples every few steps the process RSS, the V8 heap,',
    "and the engine's GPU memory (`runtime().memory()`: bytes in live buffers plus bytes the pool keeps for reuse).",
    'Steps are counted over the whole training (every network the model trains, in order). Each model runs in a process',
    'of its own. The numbers behind each figure are in `<model>.json`.',
    '',
    'A run shorter than 10 000 steps was shortened with `--steps` to fit the time its machine had (the table gives its',
    'length and the time per step, from which the duration of a full run follows); `--every` was lowered for the slowest',
    'model so that it still has enough samples.',
    '',
    `**Verdict rule** (over the last half of the samples; the first half is warm-up, while pools and caches fill): 'flat' when`,
    `GPU bytes (live + pooled) and the V8 heap each stay within ${FLAT_TOLERANCE * 100} % ((max − min) / max), and RSS has no trend: its`,
    `least-squares line rises by less than ${FLAT_TOLERANCE * 100} % of the half's maximum across the half (a falling line is memory handed back). RSS is judged by its trend,`,
    'not its spread: native allocators (Dawn, lavapipe, malloc arenas) swing it by 10–20 % with no change in what the',
    'program holds, and a leak is a rise that persists. Otherwise each quantity is named with what it does. The slopes',
    "come with their standard errors, and the whole run's slope beside the last half's: a steady leak rises over both,",
    'a swing caught by the last half does not.',
    '',
    '| model | steps | sampled every | ms/step (median) | RSS MiB first / last / max | RSS trend, last half (MiB per 1000 steps ± s.e.) | RSS slope, whole run | GPU MiB first / last / max | GPU spread, last half | V8 heap spread, last half | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'What these runs show, and what they do not: [findings.md](findings.md) (written by hand).',
    '',
    ...runs.map(
      (r) =>
        `- ${r.model}: ${r.date.slice(0, 10)}, ${r.adapter}, ${(r.seconds / 60).toFixed(1)} min` +
        `${r.gcBeforeSample ? ', a full garbage collection before each sample' : ', no garbage collection forced before sampling'}.`,
    ),
    '',
  ].join('\n');
}

function parseArgs(argv: string[]): { steps: number; models: string[]; every: number; out: string; child: boolean; readmeOnly: boolean } {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const steps = Number(get('--steps') ?? 10_000);
  const every = Number(get('--every') ?? 100);
  const known = MODELS.map((m) => m.name);
  const models = (get('--models') ?? known.join(',')).split(',').filter(Boolean);
  for (const m of models) if (!known.includes(m)) throw new Error(`soak: unknown model '${m}'; expected one of ${known.join(', ')}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`soak: --steps expects an integer ≥ 1; got ${get('--steps')}`);
  if (!Number.isInteger(every) || every < 1) throw new Error(`soak: --every expects an integer ≥ 1; got ${get('--every')}`);
  return { steps, every, models, out: resolve(get('--out') ?? 'docs/soak'), child: argv.includes('--child'), readmeOnly: argv.includes('--readme-only') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  if (args.child) {
    const model = MODELS.find((m) => m.name === args.models[0])!;
    const run = await soakOne(model, args.steps, args.every, args.out);
    writeFileSync(join(args.out, `${run.model}.json`), `${JSON.stringify(run, null, 1)}\n`);
    await writeFigure(args.out, run);
    return;
  }
  for (const name of args.readmeOnly ? [] : args.models) {
    const rest = ['--steps', String(args.steps), '--every', String(args.every), '--out', args.out, '--models', name, '--child'];
    const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), ...rest], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`soak: ${name} failed (exit ${child.status ?? child.signal})`);
  }
  const runs = MODELS.map((m) => join(args.out, `${m.name}.json`))
    .filter((p) => existsSync(p))
    .map((p) => JSON.parse(readFileSync(p, 'utf8')) as SoakRun);
  writeFileSync(join(args.out, 'README.md'), renderReadme(runs));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
