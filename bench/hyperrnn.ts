/**
 * HyperRNN (paper 003) training throughput: steps/s of the model's real training step (models/hyperrnn/train.ts:
 * fresh FDD channels and noise drawn on the GPU, DL/UL pilots, feedback DNN, sign quantizer with its surrogate
 * gradient, hypernetwork RNN and the column-scaled estimation RNN, MSE, backward through time, Adam, pilot projection;
 * captured with compileStep) at the paper preset's batch 1024 and T = 10 (Fig. 5's B = 20, L_ul = 2, P = 8 paths,
 * ρ_dl = 0.99), against the same network (bench/hyperrnn-peers.ts) in TensorFlow.js WebGPU and jax-js (WebGPU, one
 * jit per step; and its Wasm backend) on the same adapter, and PyTorch on the CPU with 1 and 2 threads
 * (bench/hyperrnn_torch.py).
 *
 *   npx tsx bench/hyperrnn.ts [--quick] [--no-tfjs] [--no-jax] [--no-torch]
 *
 * Every implementation starts from ours' initial weights with the channels and noise of ours' first step, so the
 * 'loss first' column must agree. Dispatches and bind groups created per step as in the other suites.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, backward, compileStep, Generator, init, runtime, shutdown, tensor, type Real, type Tensor } from '../engine/index.js';
import { FddSampler, fddChannel, type ChannelSetting } from '../models/hyperrnn/channels.js';
import { HYPERRNN_PRESETS, slopeAt, type HyperrnnConfig } from '../models/hyperrnn/config.js';
import { buildScheme, schemeLoss } from '../models/hyperrnn/train.js';
import { hyperrnnNoiseVariance } from '../wireless/modulation/awgn.js';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from './dawn-peer.js';
import { buildHyperrnnJax, buildHyperrnnTf, parameterList, type HyperrnnInit, type HyperrnnPeerModel, type HyperrnnShape } from './hyperrnn-peers.js';
import { createJaxPeer, type JaxDevice, type JaxPeer } from './jaxjs-peer.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { ourCounters, ourSteps, timeSteps, type Counters, type Timings } from './step-timing.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';
import { blasName, PYTHON, torchEnv, forEachTorchRun, torchDevice } from './torch-cpu.js';

export interface HyperrnnBenchOptions {
  quick?: boolean;
  tfjs?: boolean;
  jax?: boolean;
  jaxDevices?: JaxDevice[];
  torch?: boolean;
  torchThreads?: number[];
  /** tests: a tiny network (batch, T and widths) */
  tiny?: { batch: number; slots: number; encoder: number[]; hyperUnits: number; rnnUnits: number };
  /**
   * [warm-up steps, rounds, steps per round] of ours and PyTorch (ours needs ≥ 1 warm-up step: the capture), of the
   * WebGPU peers, and of jax-js's Wasm backend: at batch 1024 × T = 10 a step takes minutes on lavapipe, so the
   * peers run fewer steps (the same workload); the table's 'timed steps' says how many were timed
   */
  schedule?: [number, number, number];
  peerSchedule?: [number, number, number];
  wasmSchedule?: [number, number, number];
  write?: boolean;
  log?: (line: string) => void;
}

const SEED = 1;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

const peerCounters: Counters = () => {
  const { dispatches, bindGroupsCreated } = gpuCallCounts();
  return { dispatches, bindGroupsCreated };
};

/** The paper preset with Fig. 5's feedback size and UL pilots at P = 8 paths (or the tiny network of a test). */
function setup(o: HyperrnnBenchOptions): { c: HyperrnnConfig; setting: ChannelSetting; shape: HyperrnnShape } {
  const p = HYPERRNN_PRESETS.paper;
  const c: HyperrnnConfig = o.tiny
    ? {
        ...p,
        system: { ...p.system, numSlots: o.tiny.slots, evalSlot: 1 },
        networks: { ...p.networks, encoder: o.tiny.encoder, hyperUnits: o.tiny.hyperUnits, rnnUnits: o.tiny.rnnUnits },
        training: { ...p.training, batch: o.tiny.batch },
      }
    : p;
  const setting = { paths: 8, rhoDl: p.fig5.rhoDl, rhoUl: p.fig5.rhoUl };
  const shape: HyperrnnShape = {
    batch: c.training.batch,
    slots: c.system.numSlots,
    antennas: c.system.numAntennas,
    dlPilots: c.system.dlPilots,
    ulPilots: p.fig5.ulPilots,
    bits: p.fig5.bits,
    encoder: c.networks.encoder,
    hyperUnits: c.networks.hyperUnits,
    rnnUnits: c.networks.rnnUnits,
    pilotPower: c.system.pilotPower,
    slope: slopeAt(c, 0),
    lr: c.training.lrSchedule[0].lr,
  };
  return { c, setting, shape };
}

async function benchOurs(
  c: HyperrnnConfig,
  setting: ChannelSetting,
  s: HyperrnnShape,
  sched: [number, number, number],
): Promise<{ train: Timings; init: HyperrnnInit; parameters: number }> {
  const [requested, rounds, inner] = sched;
  // calls 1–2 capture the step and call 3 is the first replay, which builds the program's bind groups once: warm up
  // past it, so the per-step counts are those of a replay (0 bind groups) and not a one-time cost spread over 2 steps
  const warmup = Math.max(requested, 2);
  const net = buildScheme(c, { kind: 'hyperrnn', bits: s.bits, ulPilots: s.ulPilots, setting, name: 'bench' }, SEED);
  const sampler = new FddSampler(fddChannel(c, setting, s.slots));
  const dataSeed = 11;
  const data = new Generator(dataSeed);
  const opt = new Adam(net.namedParameters(), { lr: s.lr });
  const slope = tensor([s.slope], [1]) as Real;
  // the trainer's step (models/hyperrnn/train.ts), captured as it does
  const step = compileStep(
    (a: Real): Tensor => {
      const loss = schemeLoss(net, sampler, data, s.batch, a);
      opt.step(backward(loss));
      net.projectPilots();
      return loss;
    },
    { name: 'bench-hyperrnn' },
  );
  const owned: Tensor[] = [slope];
  try {
    // the channels and noise of the first step: the same generator's first draws, in the step's order
    const g = new Generator(dataSeed);
    const n0 = hyperrnnNoiseVariance(c.system.snrDb);
    const pair = sampler.draw(g, s.batch);
    const nDl = g.complexNormal([s.batch, s.slots, s.dlPilots], { variance: n0 });
    const nUl = g.complexNormal([s.batch, s.slots, s.ulPilots], { variance: n0 });
    owned.push(pair.dl, pair.ul, nDl, nUl);
    const state = net.stateDict();
    const params: Record<string, Float32Array> = {};
    for (const e of parameterList(s)) params[e.name] = await state[e.name].read();
    const initial: HyperrnnInit = { hDl: await pair.dl.read(), hUl: await pair.ul.read(), nDl: await nDl.read(), nUl: await nUl.read(), params };
    const parameters = Object.values(params).reduce((n, p) => n + p.length, 0);
    const train = await timeSteps(
      ourSteps(() => step(slope)),
      () => runtime().sync(),
      warmup,
      rounds,
      inner,
      ourCounters,
    );
    return { train, init: initial, parameters };
  } finally {
    step.dispose();
    for (const t of owned) t.dispose();
    opt.dispose();
    sampler.dispose();
    net.dispose();
  }
}

async function benchPeer(
  model: HyperrnnPeerModel,
  sched: [number, number, number],
  counters?: Counters,
  sync: () => Promise<void> = async () => {},
): Promise<Timings & { jaxprEquations?: number }> {
  const [warmup, rounds, inner] = sched;
  try {
    if (counters) enableGpuCallCounts();
    const t = await timeSteps((n) => model.run(n), sync, warmup, rounds, inner, counters);
    disableGpuCallCounts();
    return { ...t, ...(model.jaxprEquations && { jaxprEquations: model.jaxprEquations() }) };
  } finally {
    disableGpuCallCounts();
    model.dispose();
  }
}

type TorchTimings = Timings & { torch: string; threads: number; blas: string[] };

function benchTorch(s: HyperrnnShape, x: HyperrnnInit, sched: [number, number, number], threads: number): TorchTimings | string {
  const [warmup, rounds, inner] = sched;
  const dir = mkdtempSync(join(tmpdir(), 'phasor-hyperrnn-bench-'));
  const file = join(dir, 'inputs.f32');
  const list = parameterList(s);
  const parts = [x.hDl, x.hUl, x.nDl, x.nUl, ...list.map((e) => x.params[e.name])];
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const args = {
    B: s.batch,
    T: s.slots,
    M: s.antennas,
    Ldl: s.dlPilots,
    Lul: s.ulPilots,
    bits: s.bits,
    encoder: s.encoder,
    hyper: s.hyperUnits,
    rnn: s.rnnUnits,
    power: s.pilotPower,
    slope: s.slope,
    lr: s.lr,
    warmup,
    rounds,
    inner,
    threads,
    params: list.map((e) => [e.name, e.shape, Boolean(e.complex)]),
  };
  try {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'hyperrnn_torch.py');
    const res = spawnSync(PYTHON, [script, JSON.stringify(args), file], { encoding: 'utf8', env: torchEnv(threads), timeout: 1_800_000 });
    if (res.status !== 0) return `PyTorch (${threads} threads) run failed: ${(res.stderr || res.error?.message || '').trim().split('\n').at(-1)}`;
    return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchHyperrnn(opts: HyperrnnBenchOptions = {}): Promise<BenchRecord & { samples: Record<string, unknown> }> {
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((line: string) => console.log(line));
  const sched = opts.schedule ?? (quick ? [1, 1, 1] : [1, 2, 1]);
  const peerSched = opts.peerSchedule ?? (quick ? [0, 1, 1] : [0, 2, 1]);
  const wasmSched = opts.wasmSchedule ?? [0, 1, 1];
  const { c, setting, shape: s } = setup(opts);
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
  const what =
    `HyperRNN M = ${s.antennas}, L_dl = ${s.dlPilots}, L_ul = ${s.ulPilots}, B = ${s.bits} bits, feedback DNN ${[2 * s.dlPilots, ...s.encoder, s.bits].join('→')}, ` +
    `ℓ_H = ${s.hyperUnits}, ℓ_E = ${s.rnnUnits}; batch ${s.batch} sequences × T = ${s.slots} slots, Adam lr ${s.lr}`;
  log(`adapter: ${deviceLabel(rt.info)}; ${what}`);
  log(
    `(warm-up steps, rounds, steps per round): ours and PyTorch ${sched.join(', ')}; TF.js and jax-js WebGPU ${peerSched.join(', ')}; jax-js Wasm ${wasmSched.join(', ')}`,
  );
  let ours: Awaited<ReturnType<typeof benchOurs>>;
  try {
    ours = await benchOurs(c, setting, s, sched);
  } finally {
    if (ownRuntime) await shutdown();
  }
  const ourMs = median(ours.train.ms);
  const fmt = (x: number | undefined) => (x === undefined ? '—' : round(x, 4));
  const addRow = (impl: string, device: string, t: Timings & { jaxprEquations?: number }, schedule: [number, number, number]) => {
    const ms = median(t.ms);
    rows.push({
      impl,
      device,
      'ms/step': round(ms),
      'steps/s': round(1000 / ms),
      'time/ours': round(ms / ourMs),
      'dispatches/step': fmt(t.perStep?.dispatches),
      'bind groups created/step': fmt(t.perStep?.bindGroupsCreated),
      'timed steps': schedule[1] * schedule[2],
      'loss first': round(t.firstLoss, 6),
      'loss last': round(t.lastLoss, 4),
    });
    log(
      `${impl}: ${ms.toFixed(0)} ms/step, ${(1000 / ms).toFixed(3)} steps/s (×${(ms / ourMs).toFixed(2)} our time); loss ${t.firstLoss.toFixed(5)} → ${t.lastLoss.toFixed(5)}` +
        (t.perStep ? `; ${fmt(t.perStep.dispatches)} dispatches, ${fmt(t.perStep.bindGroupsCreated)} bind groups created per step` : '') +
        (t.jaxprEquations ? `; jaxpr ${t.jaxprEquations} equations` : ''),
    );
  };
  samples.ours = { ...ours.train, parameters: ours.parameters };
  addRow('Phasor (WebGPU)', rt.info.description, ours.train, sched);

  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const tf = await import('@tensorflow/tfjs-core');
      const p = peer;
      const t = await benchPeer(buildHyperrnnTf(tf, s, ours.init), peerSched, peerCounters, () => p.sync());
      samples.tfjs = { ...t, version: peer.version };
      addRow(`TF.js ${peer.version} webgpu`, peer.adapter, t, peerSched);
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
      log(`TF.js: unavailable (${(err as Error).message})`);
    } finally {
      await peer?.close();
    }
  }
  if (opts.jax ?? true) {
    for (const device of opts.jaxDevices ?? (['webgpu', 'wasm'] as JaxDevice[])) {
      let peer: JaxPeer | null = null;
      const schedule = device === 'wasm' ? wasmSched : peerSched;
      try {
        peer = await createJaxPeer(device);
        const t = await benchPeer(buildHyperrnnJax(peer.jax, s, ours.init), schedule, device === 'webgpu' ? peerCounters : undefined);
        samples[`jax-${device}`] = { ...t, version: peer.version };
        addRow(`jax-js ${peer.version} ${device} (jit step)`, peer.adapter, t, schedule);
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
    (threads) => benchTorch(s, ours.init, sched, threads),
    (t, threads) => {
      samples[`torch-${threads}`] = t;
      addRow(`PyTorch ${t.torch} CPU (${blasName(t.blas)}, autograd)`, torchDevice(t.threads), t, sched);
    },
  );
  const load1 = loadavg();
  notes.push(
    `${what} (${ours.parameters} parameters). Median ms per training step over the timed rounds ('timed steps') after warm-up, each round ending with the last loss read back; ` +
      `steps/s = 1000/(ms/step); time/ours = peer time / our time (higher is better for us). Schedule (warm-up, rounds, steps per round): ours and PyTorch ${sched.join(', ')} ` +
      `(ours' warm-up step is the capture); TF.js and jax-js WebGPU ${peerSched.join(', ')}; jax-js Wasm ${wasmSched.join(', ')}: a step of this workload takes minutes on the software adapter, so the peers time fewer steps ` +
      `(the same workload, batch ${s.batch} × T = ${s.slots}); with one or two timed steps the median is the slower one.` +
      (quick ? ' QUICK run (--quick): for checking, not for quoting.' : ''),
    "Ours is the trainer's step (models/hyperrnn/train.ts): it draws fresh channels (θ, α, AR(1) fading, eq. (3)) and pilot noise on the GPU every step; " +
      "the peers train on ours' first batch of channels and noise at every step (no channel generation or RNG in their steps). All start from ours' initial weights: 'loss first' (before any update) must agree.",
    'The peers: real (re, im) planes in TF.js and jax-js (bench/hyperrnn-peers.ts), complex64 pilots in PyTorch (bench/hyperrnn_torch.py); the sign quantizer with the surrogate gradient a·(1 − tanh²(a·u)) (a = 1, epoch 0); ' +
      'BatchNorm with batch moments (PyTorch also updates its running statistics, TF.js and jax-js do not keep them: they do not enter the loss); Adam, then the pilots projected onto ‖X_l‖² = P.',
    'dispatches/step and bind groups created/step: over the timed steps; ours from the recorder (runtime().recorder.stats), the WebGPU peers from their dispatchWorkgroups and createBindGroup calls into Dawn; — without WebGPU.',
    'jax-js: the whole step (valueAndGrad, Adam, pilot projection) is one jit, traced and compiled on its first call (not timed); its Wasm backend runs on one thread under Node.',
    `PyTorch: autograd, torch.optim.Adam; one process per thread count (torch.set_num_threads and OMP/OpenBLAS/MKL_NUM_THREADS), Debian's python3-torch on ${PYTHON}.`,
    'No DL-DNN row: not measured in this suite.',
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end (shared machine; the software adapter and torch compete for the same CPUs).`,
  );
  const record = { name: quick ? 'hyperrnn-quick' : 'hyperrnn', device: deviceLabel(rt.info), ...machine(), rows, notes, samples };
  if (opts.write ?? true) {
    const files = writeResults(record);
    log(`wrote ${files.json} and ${files.md}`);
  }
  return record;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const has = (flag: string) => process.argv.includes(flag);
  await benchHyperrnn({ quick: has('--quick'), tfjs: !has('--no-tfjs'), jax: !has('--no-jax'), torch: !has('--no-torch') });
}
