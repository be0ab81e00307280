/**
 * Probe beams + beam predictor (paper 001) throughput, in one run:
 *   - training samples/s of the model's real step (models/probe/train.ts: angle-domain probe layer with the fused
 *     closed-form gradients (7)–(11), RSRP map (6e), predictor 8→200→200→200→128 (Table II), softmax cross-entropy,
 *     Adam; fresh receiver noise drawn on the GPU every step; captured with compileStep) at the paper preset's batch;
 *   - inference latency: probe layer + predictor → logits read back, at batch 1 and per sample at the training batch;
 * against the same network (bench/probe-peers.ts: the probe layer from complex ops on (re, im) planes, then the MLP)
 * in TensorFlow.js WebGPU and jax-js (WebGPU, one jit per step; and its Wasm backend) on the same adapter, and in
 * PyTorch on the CPU with 1 and 2 threads (bench/probe_torch.py: complex64 tensors, autograd).
 *
 *   npx tsx bench/probe.ts [--quick] [--no-tfjs] [--no-jax] [--no-torch]
 *
 * Every implementation starts from ours' initial weights with the same channels (the model's data source, the
 * `beam-site` dataset spec with the paper preset's site) and labels, and the receiver noise of ours' first step; the
 * 'loss first' column (the loss before any update) must agree. Dispatches and bind groups created per step: ours from
 * the recorder's stats, the WebGPU peers from their calls into Dawn (bench/dawn-peer.ts), over the timed rounds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, backward, compileStep, Generator, init, noGrad, runtime, shutdown, tensor, type Complex, type Real, type Tensor } from '../engine/index.js';
import { PROBE_PRESETS } from '../models/probe/config.js';
import { siteConfig, SITE_SPEC } from '../models/probe/data.js';
import { LEAKY_SLOPE, ProbePredictor } from '../models/probe/model.js';
import { channelAmplitude, noisePowerDbm } from '../models/probe/system.js';
import { getDatasetSpec } from '../wireless/dataset/registry.js';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from './dawn-peer.js';
import { createJaxPeer, type JaxDevice, type JaxPeer } from './jaxjs-peer.js';
import { buildProbeJax, buildProbeTf, type ProbeInit, type ProbePeerModel, type ProbeShape } from './probe-peers.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { ourCounters, ourSteps, timeSteps, type Counters, type Timings } from './step-timing.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';
import { blasName, PYTHON, torchEnv, forEachTorchRun, torchDevice } from './torch-cpu.js';

export interface ProbeBenchOptions {
  quick?: boolean;
  tfjs?: boolean;
  jax?: boolean;
  /** jax-js devices (default webgpu and wasm) */
  jaxDevices?: JaxDevice[];
  torch?: boolean;
  torchThreads?: number[];
  /** override the batch and Table II's hidden widths (tests: a tiny network) */
  batch?: number;
  hidden?: number[];
  /** [warm-up steps, rounds, steps per round, inference rounds] */
  schedule?: [number, number, number, number];
  write?: boolean;
  log?: (line: string) => void;
}

/** the trained scheme: the angle domain, whose probe gradients are the closed forms (7)–(11) */
const SCHEME = 'angle';
const SEED = 1;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** A WebGPU peer's dispatches and bind groups created, counted at its calls into Dawn. */
const peerCounters: Counters = () => {
  const { dispatches, bindGroupsCreated } = gpuCallCounts();
  return { dispatches, bindGroupsCreated };
};

interface Measured {
  train: Timings;
  /** ms per inference call (logits read back), per batch size */
  infer: Record<string, number[]>;
  jaxprEquations?: number;
}

/** The paper preset's link and geometry with the run's batch and widths. */
function probeShape(o: ProbeBenchOptions): ProbeShape {
  const c = PROBE_PRESETS.paper;
  const link = { transmitPowerDbm: c.system.transmitPowerDbm, noiseDbmPerHz: c.system.noiseDbmPerHz, bandwidthHz: c.system.bandwidthHz };
  return {
    batch: o.batch ?? c.training.batch,
    horizontal: c.system.horizontal,
    vertical: c.system.vertical,
    probes: c.system.probes,
    hidden: o.hidden ?? c.training.hidden,
    leakySlope: LEAKY_SLOPE,
    amplitude: channelAmplitude(link),
    noiseDbm: noisePowerDbm(link),
    lr: c.training.lr,
  };
}

/** Channels and labels of the model's data source: `batch` drops of the paper preset's site. */
function drops(batch: number): { h: Float32Array; labels: Int32Array } {
  const spec = getDatasetSpec(SITE_SPEC);
  const d = spec.generate(siteConfig(PROBE_PRESETS.paper), SEED, 0, batch);
  return { h: d.H as Float32Array, labels: Int32Array.from(d.bestBeam as ArrayLike<number>) };
}

/** Two untimed calls (ours: the eager call and the capture), then `rounds` timed ones. */
async function timeInference(once: () => Promise<unknown>, rounds: number): Promise<number[]> {
  await once();
  await once();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await once();
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function benchOurs(
  s: ProbeShape,
  data: { h: Float32Array; labels: Int32Array },
  sched: [number, number, number, number],
): Promise<Measured & { init: ProbeInit }> {
  const [warmup, rounds, inner, inferRounds] = sched;
  const { batch: B, probes: L } = s;
  const N = s.horizontal * s.vertical;
  const geometry = { horizontal: s.horizontal, vertical: s.vertical, probes: L };
  const net = new ProbePredictor({ scheme: SCHEME, geometry, hidden: s.hidden, gradients: 'fused', initSeed: SEED });
  const opt = new Adam(net.namedParameters(), { lr: s.lr });
  const h = tensor(data.h, [B, N], 'c64') as Complex;
  const labels = tensor(Float32Array.from(data.labels), [B]) as Real;
  const noiseSeed = 7;
  // the receiver noise of the first step, for the peers: the same generator's first draw
  const probeNoise = new Generator(noiseSeed).complexNormal([B, L]);
  const generator = new Generator(noiseSeed);
  // the trainer's step (models/probe/train.ts), captured as it does
  const step = compileStep(
    (hh: Complex, y: Real): Tensor => {
      const nu = generator.complexNormal([B, L]);
      const loss = net.loss(hh, nu, null, y, s.amplitude, s.noiseDbm);
      opt.step(backward(loss));
      return loss;
    },
    { name: 'bench-probe' },
  );
  const compiled: Array<{ dispose(): void }> = [step];
  const owned: Tensor[] = [h, labels, probeNoise];
  try {
    const state = net.stateDict();
    const initial: ProbeInit = {
      h: data.h,
      labels: data.labels,
      nu: await probeNoise.read(),
      phi: await state['probes.phi'].read(),
      theta: await state['probes.theta'].read(),
      layers: [],
    };
    for (let i = 0; `predictor.layers.${i}.weight` in state || i < 2 * (s.hidden.length + 1); i++) {
      const w = state[`predictor.layers.${i}.weight`];
      if (w) initial.layers.push({ w: await w.read(), b: await state[`predictor.layers.${i}.bias`].read() });
    }
    const train = await timeSteps(
      ourSteps(() => step(h, labels)),
      () => runtime().sync(),
      warmup,
      rounds,
      inner,
      ourCounters,
    );
    net.eval();
    const infer: Record<string, number[]> = {};
    for (const rows of [...new Set([1, B])]) {
      const hr = rows === B ? h : (tensor(data.h.subarray(0, 2 * rows * N), [rows, N], 'c64') as Complex);
      const nur = rows === B ? probeNoise : (tensor((await probeNoise.read()).subarray(0, 2 * rows * L), [rows, L], 'c64') as Complex);
      if (rows !== B) owned.push(hr, nur);
      const forward = compileStep(() => noGrad(() => net.forward(hr, nur as Complex, null, s.amplitude, s.noiseDbm)), { name: `bench-probe-infer-${rows}` });
      compiled.push(forward);
      infer[String(rows)] = await timeInference(async () => {
        const out = forward();
        await out.read();
        out.dispose();
      }, inferRounds);
    }
    return { train, infer, init: initial };
  } finally {
    for (const c of compiled) c.dispose();
    for (const t of owned) t.dispose();
    opt.dispose();
    net.dispose();
  }
}

async function benchPeer(
  model: ProbePeerModel,
  s: ProbeShape,
  sched: [number, number, number, number],
  counters?: Counters,
  sync: () => Promise<void> = async () => {},
): Promise<Measured> {
  const [warmup, rounds, inner, inferRounds] = sched;
  try {
    if (counters) enableGpuCallCounts();
    const train = await timeSteps((n) => model.run(n), sync, warmup, rounds, inner, counters);
    disableGpuCallCounts();
    const infer: Record<string, number[]> = {};
    for (const rows of [...new Set([1, s.batch])]) infer[String(rows)] = await timeInference(() => model.infer(rows), inferRounds);
    return { train, infer, ...(model.jaxprEquations && { jaxprEquations: model.jaxprEquations() }) };
  } finally {
    disableGpuCallCounts();
    model.dispose();
  }
}

type TorchMeasured = Measured & { torch: string; threads: number; blas: string[] };

function benchTorch(s: ProbeShape, x: ProbeInit, sched: [number, number, number, number], threads: number): TorchMeasured | string {
  const [warmup, rounds, inner, inferRounds] = sched;
  const dir = mkdtempSync(join(tmpdir(), 'phasor-probe-bench-'));
  const file = join(dir, 'inputs.f32');
  const parts = [x.h, Float32Array.from(x.labels), x.nu, x.phi, x.theta, ...x.layers.flatMap((l) => [l.w, l.b])];
  writeFileSync(file, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const args = {
    B: s.batch,
    horizontal: s.horizontal,
    vertical: s.vertical,
    L: s.probes,
    hidden: s.hidden,
    leaky: s.leakySlope,
    amplitude: s.amplitude,
    noiseDbm: s.noiseDbm,
    lr: s.lr,
    warmup,
    rounds,
    inner,
    inferRounds,
    threads,
  };
  try {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'probe_torch.py');
    const res = spawnSync(PYTHON, [script, JSON.stringify(args), file], { encoding: 'utf8', env: torchEnv(threads), timeout: 1_200_000 });
    if (res.status !== 0) return `PyTorch (${threads} threads) run failed: ${(res.stderr || res.error?.message || '').trim().split('\n').at(-1)}`;
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    return {
      train: { ms: out.ms, firstLoss: out.firstLoss, lastLoss: out.lastLoss },
      infer: out.infer,
      torch: out.torch,
      threads: out.threads,
      blas: out.blas,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchProbe(opts: ProbeBenchOptions = {}): Promise<BenchRecord & { samples: Record<string, unknown> }> {
  const quick = opts.quick ?? false;
  const log = opts.log ?? ((line: string) => console.log(line));
  const sched = opts.schedule ?? (quick ? [2, 3, 3, 5] : [5, 7, 5, 20]);
  const [warmup, rounds, inner, inferRounds] = sched;
  const s = probeShape(opts);
  const B = s.batch;
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
  const what = `probe (angle domain, L = ${s.probes}, ${s.horizontal}×${s.vertical} UPA) + predictor ${[s.probes, ...s.hidden, s.horizontal * s.vertical].join('→')}, batch ${B}, Adam lr ${s.lr}`;
  log(`adapter: ${deviceLabel(rt.info)}; ${what}`);
  log(`warm-up ${warmup} steps, ${rounds} rounds × ${inner} steps; inference ${inferRounds} rounds at batch 1 and ${B}`);
  const data = drops(B);
  let ours: Measured & { init: ProbeInit };
  try {
    ours = await benchOurs(s, data, sched);
  } finally {
    if (ownRuntime) await shutdown();
  }
  const ourMs = median(ours.train.ms);
  const fmt = (x: number | undefined) => (x === undefined ? '—' : round(x, 4));
  const addRow = (impl: string, device: string, m: Measured) => {
    const ms = median(m.train.ms);
    const one = m.infer['1'] ? median(m.infer['1']) : NaN;
    const batched = median(m.infer[String(B)]) / B;
    rows.push({
      impl,
      device,
      'train ms/step': round(ms),
      'samples/s': round((1000 * B) / ms),
      'time/ours': round(ms / ourMs),
      'dispatches/step': fmt(m.train.perStep?.dispatches),
      'bind groups created/step': fmt(m.train.perStep?.bindGroupsCreated),
      'infer ms (batch 1)': round(one),
      [`infer ms/sample (batch ${B})`]: round(batched),
      'loss first': round(m.train.firstLoss, 6),
      'loss last': round(m.train.lastLoss, 4),
    });
    log(
      `${impl}: ${ms.toFixed(2)} ms/step, ${((1000 * B) / ms).toFixed(0)} samples/s (×${(ms / ourMs).toFixed(2)} our time); inference ${one.toFixed(2)} ms at batch 1, ` +
        `${batched.toFixed(4)} ms/sample at ${B}; loss ${m.train.firstLoss.toFixed(5)} → ${m.train.lastLoss.toFixed(4)}` +
        (m.train.perStep ? `; ${fmt(m.train.perStep.dispatches)} dispatches, ${fmt(m.train.perStep.bindGroupsCreated)} bind groups created per step` : '') +
        (m.jaxprEquations ? `; jaxpr ${m.jaxprEquations} equations` : ''),
    );
  };
  samples.ours = { train: ours.train, infer: ours.infer };
  addRow('Phasor (WebGPU, fused probe gradients)', rt.info.description, ours);

  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const tf = await import('@tensorflow/tfjs-core');
      const p = peer;
      const m = await benchPeer(buildProbeTf(tf, s, ours.init), s, sched, peerCounters, () => p.sync());
      samples.tfjs = { ...m, version: peer.version };
      addRow(`TF.js ${peer.version} webgpu`, peer.adapter, m);
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
      try {
        peer = await createJaxPeer(device);
        const m = await benchPeer(buildProbeJax(peer.jax, s, ours.init), s, sched, device === 'webgpu' ? peerCounters : undefined);
        samples[`jax-${device}`] = { ...m, version: peer.version };
        addRow(`jax-js ${peer.version} ${device} (jit step)`, peer.adapter, m);
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
      addRow(`PyTorch ${t.torch} CPU (${blasName(t.blas)}, autograd)`, torchDevice(t.threads), t);
    },
  );
  const load1 = loadavg();
  notes.push(
    `${what}. Training: median ms per step (forward through the probe layer, RSRP map (6e) and predictor, cross-entropy, backward, Adam) over ${rounds} rounds of ${inner} steps after ${warmup} warm-up steps, ` +
      `each round ending with the last loss read back; samples/s = ${B}·1000/(ms/step); time/ours = peer time / our time (higher is better for us).` +
      (quick ? ' QUICK run (--quick): few steps, for checking, not for quoting.' : ''),
    "Ours is the trainer's step (models/probe/train.ts): angle-domain probes with the fused closed-form gradients (7)–(11), fresh receiver noise ν drawn on the GPU each step, one fixed batch of channels, captured with compileStep. " +
      "The peers compute the probe layer from complex ops on (re, im) planes (u = sin φ sin θ, v = cos θ, W = e^{jπ(mu + nv)}/√N, z = a·hᴴW + ν, |z|², 10 log10, clip) and differentiate it by autodiff; they keep ours' first noise draw for every step (no RNG in their steps).",
    `Every implementation starts from ours' initial weights, with the same ${B} drops of the paper preset's site (beam-site spec) and labels: 'loss first' (before any update) must agree; 'loss last' is after every warm-up and timed step (the peers' fixed noise vs ours' fresh noise makes it differ slightly).`,
    `Inference: the probe layer and predictor to the logits (read back), median of ${inferRounds} calls after two untimed ones: at batch 1 (ms per call) and at batch ${B} (ms per sample); ours in eval mode, captured with compileStep; jax-js jitted; PyTorch under no_grad.`,
    'dispatches/step and bind groups created/step over the timed training rounds: ours from the recorder (runtime().recorder.stats), the WebGPU peers from their dispatchWorkgroups and createBindGroup calls into Dawn; — without WebGPU.',
    'jax-js: the whole step (valueAndGrad, Adam with bias correction) is one jit, traced and compiled on its first call (not timed); its Wasm backend runs on one thread under Node.',
    `PyTorch: complex64 tensors and autograd, torch.optim.Adam; one process per thread count (torch.set_num_threads and OMP/OpenBLAS/MKL_NUM_THREADS), Debian's python3-torch on ${PYTHON}.`,
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end (shared machine; the software adapter and torch compete for the same CPUs).`,
  );
  const record = { name: quick ? 'probe-quick' : 'probe', device: deviceLabel(rt.info), ...machine(), rows, notes, samples };
  if (opts.write ?? true) {
    const files = writeResults(record);
    log(`wrote ${files.json} and ${files.md}`);
  }
  return record;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const has = (flag: string) => process.argv.includes(flag);
  await benchProbe({ quick: has('--quick'), tfjs: !has('--no-tfjs'), jax: !has('--no-jax'), torch: !has('--no-torch') });
}
