/**
 * MLP training-step time: 1024 → 512 → 256 → 128 → 96 (Linear → BatchNorm1d → ReLU on the hidden rows, linear
 * output), batch 256, MSE loss on random data, Adam (lr 1e-3). Ours vs, on the same adapter, TensorFlow.js WebGPU
 * (same model from tf ops: matMul + bias, batch-norm with batch moments and running-statistic updates, relu,
 * tf.train.adam minimize) and jax-js WebGPU (the whole step under one `jit`: bench/mlp-jaxjs.ts); vs jax-js's Wasm
 * backend (one thread under Node); and vs PyTorch on the CPU with 1 and 2 threads when `/usr/bin/python3 -c "import
 * torch"` works (Debian's python3-torch with OpenBLAS).
 *
 *   npx tsx bench/mlp.ts [--quick] [--no-tfjs] [--no-jax] [--no-torch]
 *
 * Each timing runs `inner` steps back to back and then waits for the device (our loss read back / TF.js queue done /
 * jax-js loss read back / torch runs synchronously on the CPU), and divides; the table reports the median over rounds,
 * after warm-up steps. Dispatches and bind groups created per step: ours from the recorder's stats, the WebGPU peers
 * from their calls into Dawn (bench/dawn-peer.ts), both over the timed rounds.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, backward, compileStep, Generator, init, runtime, shutdown, type Tensor } from '../engine/index.js';
import { mlp } from '../engine/nn/index.js';
import { mse } from '../engine/losses/index.js';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from './dawn-peer.js';
import { createJaxPeer, type JaxDevice, type JaxPeer } from './jaxjs-peer.js';
import { buildJaxMlp } from './mlp-jaxjs.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { ourCounters, ourSteps, timeSteps, type Timings } from './step-timing.js';
import { registerTfGradients } from './tfjs-gradients.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';
import { blasName, PYTHON, torchEnv, forEachTorchRun, torchDevice } from './torch-cpu.js';

export interface MlpBenchOptions {
  quick?: boolean;
  tfjs?: boolean;
  jax?: boolean;
  torch?: boolean;
  /** PyTorch thread counts, one run each (default [1, 2]) */
  torchThreads?: number[];
  write?: boolean;
  log?: (line: string) => void;
}

const WIDTHS = [1024, 512, 256, 128, 96];
const BATCH = 256;
const LR = 1e-3;
const BN_EPS = 1e-5;
const BN_MOMENTUM = 0.1;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** The run's data and initial weights, read from ours so that TF.js and PyTorch start from the same point. */
interface Shared {
  x: Float32Array;
  y: Float32Array;
  /** per Linear: weight [out, in] row-major, bias [out] */
  layers: Array<{ w: Float32Array; b: Float32Array }>;
}

async function benchOurs(warmup: number, rounds: number, inner: number): Promise<Timings & { shared: Shared }> {
  const rt = runtime();
  const gen = new Generator(1);
  const model = mlp(
    WIDTHS.slice(1).map((units, i) => (i < WIDTHS.length - 2 ? { units, bn: true, act: 'relu' as const } : { units })),
    { in: WIDTHS[0], generator: gen },
  );
  const opt = new Adam(model.namedParameters(), { lr: LR });
  const x = gen.normal([BATCH, WIDTHS[0]]);
  const y = gen.normal([BATCH, WIDTHS.at(-1)!]);
  // the step as training runs it: captured (2 eager calls), then replayed
  const step = compileStep(
    (): Tensor => {
      const L = mse(model.forward(x) as Tensor<'f32'>, y);
      opt.step(backward(L));
      return L;
    },
    { name: 'bench-mlp' },
  );
  const run = ourSteps(step);
  try {
    const state = model.stateDict();
    const shared: Shared = { x: await x.read(), y: await y.read(), layers: [] };
    for (let i = 0; `layers.${i}.weight` in state || i < 3 * WIDTHS.length; i++) {
      const w = state[`layers.${i}.weight`];
      if (w && w.rank === 2) shared.layers.push({ w: await w.read(), b: await state[`layers.${i}.bias`].read() });
    }
    return { ...(await timeSteps(run, () => rt.sync(), warmup, rounds, inner, ourCounters)), shared };
  } finally {
    step.dispose();
    x.dispose();
    y.dispose();
    opt.dispose();
    model.dispose();
  }
}

async function benchTf(peer: TfPeer, shared: Shared, warmup: number, rounds: number, inner: number): Promise<Timings> {
  const tf = await import('@tensorflow/tfjs-core');
  registerTfGradients(tf);
  type T = ReturnType<typeof tf.tensor2d>;
  const vars: ReturnType<typeof tf.variable>[] = [];
  const layers: Array<{ w: T; b: T; gamma?: T; beta?: T; rm?: ReturnType<typeof tf.variable>; rv?: ReturnType<typeof tf.variable> }> = [];
  for (let i = 0; i + 1 < WIDTHS.length; i++) {
    const [fin, fout] = [WIDTHS[i], WIDTHS[i + 1]];
    // ours stores [out, in] and computes x·Wᵀ; TF.js gets W transposed once, [in, out]
    const w = tf.variable(tf.transpose(tf.tensor2d(shared.layers[i].w, [fout, fin]))) as unknown as T;
    const b = tf.variable(tf.tensor1d(shared.layers[i].b)) as unknown as T;
    vars.push(w as never, b as never);
    const layer: (typeof layers)[number] = { w, b };
    if (i + 2 < WIDTHS.length) {
      layer.gamma = tf.variable(tf.ones([fout])) as unknown as T;
      layer.beta = tf.variable(tf.zeros([fout])) as unknown as T;
      layer.rm = tf.variable(tf.zeros([fout]), false);
      layer.rv = tf.variable(tf.ones([fout]), false);
      vars.push(layer.gamma as never, layer.beta as never);
    }
    layers.push(layer);
  }
  const x = tf.tensor2d(shared.x, [BATCH, WIDTHS[0]]);
  const y = tf.tensor2d(shared.y, [BATCH, WIDTHS.at(-1)!]);
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const varList = vars as unknown as Parameters<typeof optimizer.minimize>[2];
  const loss = () => {
    let h: T = x;
    for (const l of layers) {
      h = tf.add(tf.matMul(h, l.w), l.b);
      if (l.gamma) {
        const { mean, variance } = tf.moments(h, 0);
        // running statistics (unbiased variance, as BatchNorm1d); not part of the loss, so no gradient flows
        const unbiased = tf.mul(variance, BATCH / (BATCH - 1));
        l.rm!.assign(tf.add(tf.mul(l.rm!, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
        l.rv!.assign(tf.add(tf.mul(l.rv!, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)));
        h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, BN_EPS))), l.gamma), l.beta!);
        h = tf.relu(h);
      }
    }
    return tf.mean(tf.square(tf.sub(h, y))) as unknown as ReturnType<typeof tf.scalar>;
  };
  const step = (keepLoss: boolean) => optimizer.minimize(loss, keepLoss, varList);
  const run = async (n: number): Promise<number> => {
    for (let i = 0; i + 1 < n; i++) step(false);
    const L = step(true)!;
    const v = (await L.data())[0];
    L.dispose();
    return v;
  };
  try {
    enableGpuCallCounts();
    return await timeSteps(run, () => peer.sync(), warmup, rounds, inner, peerCounters);
  } finally {
    disableGpuCallCounts();
    optimizer.dispose();
    x.dispose();
    y.dispose();
    for (const l of layers) for (const t of [l.w, l.b, l.gamma, l.beta, l.rm, l.rv]) t?.dispose();
  }
}

/** A WebGPU peer's dispatches and bind groups created, counted at its calls into Dawn. */
const peerCounters = () => {
  const { dispatches, bindGroupsCreated } = gpuCallCounts();
  return { dispatches, bindGroupsCreated };
};

async function benchJax(peer: JaxPeer, shared: Shared, warmup: number, rounds: number, inner: number): Promise<Timings & { jaxprEquations: number }> {
  const model = buildJaxMlp(peer.jax, { widths: WIDTHS, batch: BATCH, lr: LR, bnEps: BN_EPS, bnMomentum: BN_MOMENTUM }, shared);
  const webgpu = peer.device === 'webgpu';
  try {
    if (webgpu) enableGpuCallCounts();
    const t = await timeSteps(
      (n) => model.run(n),
      () => model.sync(),
      warmup,
      rounds,
      inner,
      webgpu ? peerCounters : undefined,
    );
    return { ...t, jaxprEquations: model.jaxprEquations() };
  } finally {
    disableGpuCallCounts();
    model.dispose();
  }
}

/** The same model and step in PyTorch (torch.nn.Linear/BatchNorm1d/ReLU, mse_loss, torch.optim.Adam). */
const TORCH_SCRIPT = `
import json, sys, time
import torch
torch.manual_seed(0)
widths, batch, warmup, rounds, inner, threads = json.loads(sys.argv[1])
torch.set_num_threads(threads)
mods = []
for i in range(len(widths) - 1):
    mods.append(torch.nn.Linear(widths[i], widths[i + 1]))
    if i + 2 < len(widths):
        mods += [torch.nn.BatchNorm1d(widths[i + 1]), torch.nn.ReLU()]
model = torch.nn.Sequential(*mods).train()
# the same data and initial weights as ours: x, y, then (weight [out, in], bias) per Linear, float32
raw = torch.frombuffer(bytearray(open(sys.argv[2], 'rb').read()), dtype=torch.float32)
at = 0
def take(*shape):
    global at
    n = 1
    for d in shape:
        n *= d
    out = raw[at:at + n].reshape(*shape).clone()
    at += n
    return out
x = take(batch, widths[0])
y = take(batch, widths[-1])
with torch.no_grad():
    for m in model:
        if isinstance(m, torch.nn.Linear):
            m.weight.copy_(take(m.out_features, m.in_features))
            m.bias.copy_(take(m.out_features))
assert at == raw.numel()
opt = torch.optim.Adam(model.parameters(), lr=${LR})
def step():
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    return loss
first = step().item()
for _ in range(warmup):
    step()
ms = []
last = float('nan')
for _ in range(rounds):
    t0 = time.perf_counter()
    for _ in range(inner):
        l = step()
    last = l.item()
    ms.append((time.perf_counter() - t0) * 1000 / inner)
blas = sorted({l.split('/')[-1].strip() for l in open('/proc/self/maps') if 'blas' in l.lower()})
print(json.dumps({"ms": ms, "firstLoss": first, "lastLoss": last, "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas}))
`;

type TorchTimings = Timings & { torch: string; threads: number; blas: string[] };

function benchTorch(shared: Shared, warmup: number, rounds: number, inner: number, threads: number): TorchTimings | string {
  const dir = mkdtempSync(join(tmpdir(), 'phasor-mlp-bench-'));
  const file = join(dir, 'shared.f32');
  const parts = [shared.x, shared.y, ...shared.layers.flatMap((l) => [l.w, l.b])];
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  let res: SpawnSyncReturns<string>;
  try {
    res = spawnSync(PYTHON, ['-c', TORCH_SCRIPT, JSON.stringify([WIDTHS, BATCH, warmup, rounds, inner, threads]), file], {
      encoding: 'utf8',
      env: torchEnv(threads),
      timeout: 600_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (res.status !== 0) return `PyTorch (${threads} threads) run failed: ${(res.stderr || res.error?.message || '').trim().split('\n').at(-1)}`;
  return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
}

export async function runMlpBench(opts: MlpBenchOptions = {}): Promise<BenchRecord> {
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((line: string) => console.log(line));
  const warmup = quick ? 3 : 10;
  const rounds = quick ? 5 : 9;
  const inner = quick ? 5 : 10;
  let ownRuntime = false;
  try {
    runtime();
  } catch {
    ownRuntime = true;
  }
  const rt = await init();
  const load0 = loadavg();
  const notes: string[] = [];
  const rows: Array<Record<string, string | number>> = [];
  const samples: Record<string, unknown> = {};
  const model = `MLP ${WIDTHS.join('→')} (BN+ReLU), batch ${BATCH}, Adam, MSE`;
  log(`adapter: ${rt.info.description} (${rt.info.backend}${rt.info.software ? ', software' : ''}); ${model}`);
  log(`warm-up ${warmup} steps, ${rounds} rounds × ${inner} steps`);

  let ours: Timings & { shared: Shared };
  try {
    ours = await benchOurs(warmup, rounds, inner);
  } finally {
    if (ownRuntime) await shutdown();
  }
  const ourMs = median(ours.ms);
  const fmtCount = (x: number | undefined) => (x === undefined ? '—' : round(x, 4));
  const addRow = (impl: string, device: string, t: Timings) => {
    const m = median(t.ms);
    rows.push({
      impl,
      device,
      'ms/step': round(m),
      'min ms': round(Math.min(...t.ms)),
      'peer/ours': round(m / ourMs),
      'dispatches/step': fmtCount(t.perStep?.dispatches),
      'bind groups created/step': fmtCount(t.perStep?.bindGroupsCreated),
      'loss first': round(t.firstLoss, 6),
      'loss last': round(t.lastLoss, 4),
    });
    return m;
  };
  const counted = (t: Timings) =>
    t.perStep ? `; ${fmtCount(t.perStep.dispatches)} dispatches, ${fmtCount(t.perStep.bindGroupsCreated)} bind groups created per step` : '';
  samples.ours = { ms: ours.ms, firstLoss: ours.firstLoss, lastLoss: ours.lastLoss, perStep: ours.perStep };
  addRow('Phasor (WebGPU)', rt.info.description, ours);
  log(`ours:  ${ourMs.toFixed(2)} ms/step (loss ${ours.firstLoss.toFixed(4)} → ${ours.lastLoss.toFixed(4)})${counted(ours)}`);

  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const t = await benchTf(peer, ours.shared, warmup, rounds, inner);
      samples.tfjs = { ...t, version: peer.version };
      const m = addRow(`TF.js ${peer.version} webgpu`, peer.adapter, t);
      log(`TF.js: ${m.toFixed(2)} ms/step (loss ${t.firstLoss.toFixed(4)} → ${t.lastLoss.toFixed(4)}) | TF.js/ours ×${(m / ourMs).toFixed(2)}${counted(t)}`);
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
      log(`TF.js: unavailable (${(err as Error).message})`);
    } finally {
      await peer?.close();
    }
  }

  if (opts.jax ?? true) {
    for (const device of ['webgpu', 'wasm'] as JaxDevice[]) {
      let peer: JaxPeer | null = null;
      try {
        peer = await createJaxPeer(device);
        const t0 = performance.now();
        const t = await benchJax(peer, ours.shared, warmup, rounds, inner);
        samples[`jax-${device}`] = { ...t, version: peer.version, adapter: peer.adapter, wallMs: performance.now() - t0 };
        const m = addRow(`jax-js ${peer.version} ${device} (jit step)`, peer.adapter, t);
        log(
          `jax-js ${device}: ${m.toFixed(2)} ms/step (loss ${t.firstLoss.toFixed(4)} → ${t.lastLoss.toFixed(4)}) | jax/ours ×${(m / ourMs).toFixed(2)}` +
            `${counted(t)}; jaxpr of the step: ${t.jaxprEquations} equations`,
        );
      } catch (err) {
        notes.push(`jax-js ${device} peer unavailable: ${(err as Error).message}`);
        log(`jax-js ${device}: unavailable (${(err as Error).message})`);
      } finally {
        await peer?.close();
      }
    }
  }

  forEachTorchRun(
    { enabled: opts.torch, threads: opts.torchThreads, notes, log },
    (threads) => benchTorch(ours.shared, warmup, rounds, inner, threads),
    (t, threads) => {
      samples[`torch-${threads}`] = t;
      const m = addRow(`PyTorch ${t.torch} CPU (${blasName(t.blas)})`, torchDevice(t.threads), t);
      log(
        `torch: ${m.toFixed(2)} ms/step on ${t.threads} CPU thread(s) (loss ${t.firstLoss.toFixed(4)} → ${t.lastLoss.toFixed(4)}) | torch/ours ×${(m / ourMs).toFixed(2)}`,
      );
    },
  );

  const load1 = loadavg();
  notes.push(
    `${model}; median ms per training step (forward, backward, Adam update) over ${rounds} rounds of ${inner} steps after ${warmup} warm-up steps; ` +
      'each round ends by reading the last loss back (GPU work complete).' +
      (quick ? ' QUICK run (--quick): few steps, for checking, not for quoting.' : ''),
    'peer/ours = peer time / our time (higher is better for us). Every implementation starts from the same data and initial weights ' +
      "(ours, read back): 'loss first' is the loss of the first step (before any update), 'loss last' after every warm-up and timed step.",
    'dispatches/step and bind groups created/step over the timed rounds: ours from the recorder (runtime().recorder.stats), ' +
      'the WebGPU peers from their dispatchWorkgroups and createBindGroup calls into Dawn; — where there is no WebGPU.',
    'jax-js: the whole step (forward, valueAndGrad, BN running statistics, Adam with bias correction) is one jit (bench/mlp-jaxjs.ts); ' +
      'its first call traces and compiles (not timed). Its Wasm backend runs on one thread under Node (no Worker global).',
    `PyTorch: one process per thread count (torch.set_num_threads and OMP/OpenBLAS/MKL_NUM_THREADS), Debian's python3-torch on ${PYTHON}.`,
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end (shared machine; the software adapter and torch compete for the same CPUs).`,
  );
  const record: BenchRecord & { samples: unknown } = {
    name: quick ? 'mlp-quick' : 'mlp',
    device: deviceLabel(rt.info),
    ...machine(),
    rows,
    notes,
    samples,
  };
  if (opts.write ?? true) {
    const files = writeResults(record);
    log(`wrote ${files.json} and ${files.md}`);
  }
  return record;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const has = (flag: string) => process.argv.includes(flag);
  await runMlpBench({ quick: has('--quick'), tfjs: !has('--no-tfjs'), jax: !has('--no-jax'), torch: !has('--no-torch') });
}
