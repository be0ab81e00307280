/**
 * UPGANet (paper 002) throughput: channels per second of inference (I outer layers × J inner steps, J = 1, 10, 20,
 * fused closed-form gradients) and the time of one training step (loss (16), gradients of all I·J + I step sizes,
 * Adam), ours vs the same unrolled algorithm in TensorFlow.js WebGPU on the same adapter (bench/upganet-tfjs-peer.ts)
 * and in PyTorch on the CPU (bench/upganet_torch.py, when /usr/bin/python3 has torch). All three start from the same
 * channels, Ψ and initial precoders (ours, read back); the mean objective R − ωτ after inference and the first
 * training loss are reported so that agreement can be checked.
 *
 * PyTorch runs with 1 and 2 threads (bench/torch-cpu.ts). Dispatches and bind groups created per inference run and per
 * training step: ours from the recorder's stats, TF.js from its calls into Dawn (bench/dawn-peer.ts), over the timed
 * rounds.
 *
 *   npx tsx bench/upganet.ts [--quick] [--no-tfjs] [--no-torch]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, compileStep, grad, init, mean, noGrad, runtime, shutdown, type Complex } from '../engine/index.js';
import { MultiuserMisoChannel } from '../wireless/channel/multiuser-miso.js';
import { benchmarkCovariance } from '../wireless/jcas/index.js';
import { uploadChannels, uploadMatrices } from '../models/upganet/host.js';
import { initialPrecoders } from '../models/upganet/init.js';
import { precoderProblem, type PrecoderProblem } from '../models/upganet/problem.js';
import { objective } from '../models/upganet/unfold.js';
import { UPGANet, upganetLoss } from '../models/upganet/upganet.js';
import { releaseDeviceGarbage } from '../engine/index.js';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from './dawn-peer.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { ourCounters, perStepIncrease, type Counters } from './step-timing.js';
import { PYTHON, torchEnv, forEachTorchRun, torchDevice, blasName } from './torch-cpu.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';
import { createUpganetTf, type UpganetTfInputs } from './upganet-tfjs-peer.js';

export interface UpganetBenchOptions {
  quick: boolean;
  tfjs?: boolean;
  torch?: boolean;
  /** PyTorch thread counts, one run each (default [1, 2]) */
  torchThreads?: number[];
  write?: boolean;
  log?: (line: string) => void;
}

const SETTING = { N: 64, K: 4, M: 4, B: 10, snrDb: 12, omega: 0.3 };
const JS = [1, 10, 20];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

interface Measured {
  /** per J: ms per batch of B channels, mean objective after the run; perStep: counters per inference run */
  infer: Record<string, { ms: number[]; objective: number; perStep?: Record<string, number> }>;
  /** perStep: counters per training step */
  train: { J: number; ms: number[]; firstLoss: number; lastLoss: number; perStep?: Record<string, number> };
}

/** A WebGPU peer's dispatches and bind groups created, counted at its calls into Dawn. */
const peerCounters: Counters = () => {
  const { dispatches, bindGroupsCreated } = gpuCallCounts();
  return { dispatches, bindGroupsCreated };
};

async function timeOurs(p: PrecoderProblem, F0: Complex, W0: Complex, I: number, trainJ: number, rounds: number): Promise<Measured> {
  const infer: Measured['infer'] = {};
  for (const J of JS) {
    const net = new UPGANet({ outer: I, inner: J });
    // repeated inference as a captured step (2 eager calls, then replays)
    const forward = compileStep(
      () =>
        noGrad(() => {
          const r = net.forward(p, F0, W0, { impl: 'fused' });
          return mean(objective(p, r.F, r.W));
        }),
      { name: `bench-upganet-J${J}` },
    );
    const once = async () => {
      const obj = forward();
      const value = await obj.item();
      obj.dispose();
      return value;
    };
    await once(); // warm-up: pipelines
    const ms: number[] = [];
    let value = NaN;
    const before = ourCounters();
    for (let r = 0; r < rounds; r++) {
      await releaseDeviceGarbage();
      const t0 = performance.now();
      value = await once();
      ms.push(performance.now() - t0);
    }
    infer[String(J)] = { ms, objective: value, perStep: perStepIncrease(before, ourCounters(), rounds) };
    forward.dispose();
    net.dispose();
  }
  const net = new UPGANet({ outer: I, inner: trainJ });
  const opt = new Adam(net.namedParameters(), { lr: 1e-3 });
  const trainStep = compileStep(
    () => {
      const { F, W } = net.forward(p, F0, W0, { impl: 'composite', differentiable: true });
      const loss = upganetLoss(p, F, W);
      opt.step(grad(loss, [net.mu, net.lambda]));
      return loss;
    },
    { name: 'bench-upganet-train' },
  );
  const step = async () => {
    const L = trainStep();
    const v = await L.item();
    L.dispose();
    await releaseDeviceGarbage();
    return v;
  };
  const firstLoss = await step();
  const ms: number[] = [];
  let lastLoss = NaN;
  const before = ourCounters();
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    lastLoss = await step();
    ms.push(performance.now() - t0);
  }
  const perStep = perStepIncrease(before, ourCounters(), rounds);
  trainStep.dispose();
  opt.dispose();
  net.dispose();
  return { infer, train: { J: trainJ, ms, firstLoss, lastLoss, perStep } };
}

async function timeTf(x: UpganetTfInputs, peer: TfPeer, I: number, trainJ: number, rounds: number): Promise<Measured> {
  const m = await createUpganetTf(x);
  try {
    enableGpuCallCounts();
    const infer: Measured['infer'] = {};
    for (const J of JS) {
      await m.infer(I, J);
      await peer.sync();
      const ms: number[] = [];
      let value = NaN;
      const before = peerCounters();
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        value = await m.infer(I, J);
        ms.push(performance.now() - t0);
      }
      infer[String(J)] = { ms, objective: value, perStep: perStepIncrease(before, peerCounters(), rounds) };
    }
    const firstLoss = await m.trainStep(I, trainJ);
    const ms: number[] = [];
    let lastLoss = NaN;
    const before = peerCounters();
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      lastLoss = await m.trainStep(I, trainJ);
      ms.push(performance.now() - t0);
    }
    return { infer, train: { J: trainJ, ms, firstLoss, lastLoss, perStep: perStepIncrease(before, peerCounters(), rounds) } };
  } finally {
    disableGpuCallCounts();
    m.dispose();
  }
}

type TorchMeasured = Measured & { torch: string; threads: number; blas?: string[] };

function timeTorch(x: UpganetTfInputs, I: number, trainJ: number, rounds: number, threads: number): TorchMeasured | string {
  const dir = mkdtempSync(join(tmpdir(), 'phasor-upganet-bench-'));
  const file = join(dir, 'inputs.c64');
  // the script scales Ψ₁ by P itself: hand it Ψ/P
  const psi1 = x.Psi.map((v) => v / x.power);
  writeFileSync(file, Buffer.concat([x.H, psi1, x.F0, x.W0].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const args = {
    B: x.B,
    K: x.K,
    N: x.N,
    M: x.M,
    I,
    Js: JS,
    power: x.power,
    noise: x.noise,
    omega: x.omega,
    warmup: 1,
    rounds,
    trainJ,
    trainRounds: rounds,
    threads,
  };
  try {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'upganet_torch.py');
    const res = spawnSync(PYTHON, [script, JSON.stringify(args), file], { encoding: 'utf8', env: torchEnv(threads), timeout: 1_200_000 });
    if (res.status !== 0) return `PyTorch (${threads} threads) run failed: ${(res.stderr || res.error?.message || '').trim().split('\n').at(-1)}`;
    return JSON.parse(res.stdout.trim().split('\n').at(-1)!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchUpganet(opts: UpganetBenchOptions): Promise<BenchRecord> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const I = opts.quick ? 5 : 20;
  const rounds = opts.quick ? 2 : 3;
  const trainJ = opts.quick ? 10 : 20;
  const { N, K, M, B, snrDb, omega } = SETTING;
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
  const what = `N = ${N}, K = N_RF = ${K}, batch ${B} channels, ${snrDb} dB, I = ${I}`;
  log(`adapter: ${rt.info.description}; UPGANet ${what}`);

  const H = new MultiuserMisoChannel({ numAntennas: N, numUsers: K }).generate(B, 1);
  const { Psi1 } = benchmarkCovariance({ N });
  let ours: Measured;
  let shared: UpganetTfInputs;
  try {
    const psi1 = uploadMatrices([Psi1]);
    const p = precoderProblem(uploadChannels(H), psi1, snrDb, omega);
    const { F, W } = initialPrecoders(H, M, p.power, 'zf');
    shared = { B, K, N, M, power: p.power, noise: p.noiseVariance, omega, H: H.data, Psi: await p.Psi.read(), F0: await F.read(), W0: await W.read() };
    ours = await timeOurs(p, F, W, I, trainJ, rounds);
    for (const t of [psi1, p.H, p.Psi, F, W]) t.dispose();
  } finally {
    if (ownRuntime) await shutdown();
  }
  samples.ours = ours;
  const device = rt.info.description;
  const counts = (perStep: Record<string, number> | undefined) => ({
    'dispatches/run': perStep ? round(perStep.dispatches, 4) : '—',
    'bind groups created/run': perStep ? round(perStep.bindGroupsCreated, 4) : '—',
  });
  const addRows = (impl: string, dev: string, m: Measured) => {
    for (const J of JS) {
      const ms = median(m.infer[String(J)].ms);
      const base = median(ours.infer[String(J)].ms);
      rows.push({
        task: `inference J = ${J}`,
        impl,
        device: dev,
        'ms/batch': round(ms),
        'channels/s': round((1000 * B) / ms),
        'time/ours': round(ms / base),
        ...counts(m.infer[String(J)].perStep),
        'R − ωτ': round(m.infer[String(J)].objective, 5),
      });
    }
    const ms = median(m.train.ms);
    rows.push({
      task: `train step J = ${m.train.J}`,
      impl,
      device: dev,
      'ms/batch': round(ms),
      'channels/s': round((1000 * B) / ms),
      'time/ours': round(ms / median(ours.train.ms)),
      ...counts(m.train.perStep),
      'R − ωτ': `loss ${round(m.train.firstLoss, 5)}`,
    });
  };
  const countLog = (m: Measured) =>
    m.train.perStep
      ? ` (${JS.map((J) => m.infer[String(J)].perStep?.dispatches).join('/')} dispatches per inference, ${m.train.perStep.dispatches} per train step)`
      : '';
  addRows('Phasor (WebGPU)', device, ours);
  log(
    `ours: ${JS.map((J) => `J=${J} ${median(ours.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(ours.train.ms).toFixed(0)} ms${countLog(ours)}`,
  );

  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const t = await timeTf(shared!, peer, I, trainJ, rounds);
      samples.tfjs = { ...t, version: peer.version };
      addRows(`TF.js ${peer.version} webgpu`, peer.adapter, t);
      log(
        `TF.js: ${JS.map((J) => `J=${J} ${median(t.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(t.train.ms).toFixed(0)} ms${countLog(t)}`,
      );
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
      log(`TF.js: unavailable (${(err as Error).message})`);
    } finally {
      await peer?.close();
    }
  }
  forEachTorchRun(
    { enabled: opts.torch, threads: opts.torchThreads, notes, log },
    (threads) => timeTorch(shared!, I, trainJ, rounds, threads),
    (t, threads) => {
      samples[`torch-${threads}`] = t;
      addRows(`PyTorch ${t.torch} CPU (${blasName(t.blas)})`, torchDevice(t.threads), t);
      log(
        `torch (${t.threads} threads): ${JS.map((J) => `J=${J} ${median(t.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(t.train.ms).toFixed(0)} ms`,
      );
    },
  );
  const load1 = loadavg();
  notes.push(
    `UPGANet ${what}: inference = I outer layers × J inner F steps + I W steps with step sizes 0.01 (our fused gradient kernels; the peers' closed forms), ` +
      `ending with the precoders' objective read back; train step = forward through all layers, loss (16), gradients of the ${I}·J + ${I} step sizes (our composite path), Adam.`,
    `Median over ${rounds} rounds after a warm-up run. time/ours = peer time / our time (higher is better for us). 'R − ωτ' (mean objective after inference) and the first training loss should agree across implementations (same inputs).`,
    'dispatches/run and bind groups created/run: per inference run (one batch) or per training step, over the timed rounds; ours from the recorder ' +
      '(runtime().recorder.stats), TF.js from its dispatchWorkgroups and createBindGroup calls into Dawn; — on the CPU.',
    `PyTorch: one process per thread count (torch.set_num_threads and OMP/OpenBLAS/MKL_NUM_THREADS), Debian's python3-torch on ${PYTHON}.`,
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end (shared machine).`,
    ...(opts.quick ? ['QUICK run (--quick): I = 5, few rounds, for checking, not for quoting.'] : []),
  );
  const record: BenchRecord & { samples: unknown } = {
    name: opts.quick ? 'upganet-quick' : 'upganet',
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
  await benchUpganet({ quick: process.argv.includes('--quick'), tfjs: !process.argv.includes('--no-tfjs'), torch: !process.argv.includes('--no-torch') });
}
