/**
 * UPGANet (paper 002) throughput: channels per second of inference (I outer layers × J inner steps, J = 1, 10, 20,
 * fused closed-form gradients) and the time of one training step (loss (16), gradients of all I·J + I step sizes,
 * Adam), ours vs the same unrolled algorithm in TensorFlow.js WebGPU on the same adapter (bench/upganet-tfjs-peer.ts)
 * and in PyTorch on the CPU (bench/upganet_torch.py, when /usr/bin/python3 has torch). All three start from the same
 * channels, Ψ and initial precoders (ours, read back); the mean objective R − ωτ after inference and the first
 * training loss are reported so that agreement can be checked.
 *
 *   npx tsx bench/upganet.ts [--quick] [--no-tfjs] [--no-torch]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, grad, init, mean, noGrad, runtime, shutdown, tidy, type Complex } from '../engine/index.js';
import { MultiuserMisoChannel } from '../wireless/channel/multiuser-miso.js';
import { benchmarkCovariance } from '../wireless/jcas/index.js';
import { uploadChannels, uploadMatrices } from '../models/upganet/host.js';
import { initialPrecoders } from '../models/upganet/init.js';
import { precoderProblem, type PrecoderProblem } from '../models/upganet/problem.js';
import { objective } from '../models/upganet/unfold.js';
import { UPGANet, upganetLoss } from '../models/upganet/upganet.js';
import { releaseDeviceGarbage } from '../engine/index.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';
import { createUpganetTf, type UpganetTfInputs } from './upganet-tfjs-peer.js';

export interface UpganetBenchOptions {
  quick: boolean;
  tfjs?: boolean;
  torch?: boolean;
  write?: boolean;
  log?: (line: string) => void;
}

const SETTING = { N: 64, K: 4, M: 4, B: 10, snrDb: 12, omega: 0.3 };
const JS = [1, 10, 20];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

interface Measured {
  /** per J: ms per batch of B channels, mean objective after the run */
  infer: Record<string, { ms: number[]; objective: number }>;
  train: { J: number; ms: number[]; firstLoss: number; lastLoss: number };
}

async function timeOurs(p: PrecoderProblem, F0: Complex, W0: Complex, I: number, trainJ: number, rounds: number): Promise<Measured> {
  const infer: Measured['infer'] = {};
  for (const J of JS) {
    const net = new UPGANet({ outer: I, inner: J });
    const once = async () => {
      const r = net.forward(p, F0, W0, { impl: 'fused' });
      const obj = noGrad(() => mean(objective(p, r.F, r.W)));
      const value = await obj.item();
      for (const t of [obj, r.F, r.W]) t.dispose();
      return value;
    };
    await once(); // warm-up: pipelines
    const ms: number[] = [];
    let value = NaN;
    for (let r = 0; r < rounds; r++) {
      await releaseDeviceGarbage();
      const t0 = performance.now();
      value = await once();
      ms.push(performance.now() - t0);
    }
    infer[String(J)] = { ms, objective: value };
    net.dispose();
  }
  const net = new UPGANet({ outer: I, inner: trainJ });
  const opt = new Adam(net.namedParameters(), { lr: 1e-3 });
  const step = async () => {
    const L = tidy(() => {
      const { F, W } = net.forward(p, F0, W0, { impl: 'composite', differentiable: true });
      const loss = upganetLoss(p, F, W);
      opt.step(grad(loss, [net.mu, net.lambda]));
      return loss;
    });
    const v = await L.item();
    L.dispose();
    await releaseDeviceGarbage();
    return v;
  };
  const firstLoss = await step();
  const ms: number[] = [];
  let lastLoss = NaN;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    lastLoss = await step();
    ms.push(performance.now() - t0);
  }
  opt.dispose();
  net.dispose();
  return { infer, train: { J: trainJ, ms, firstLoss, lastLoss } };
}

async function timeTf(x: UpganetTfInputs, peer: TfPeer, I: number, trainJ: number, rounds: number): Promise<Measured> {
  const m = await createUpganetTf(x);
  try {
    const infer: Measured['infer'] = {};
    for (const J of JS) {
      await m.infer(I, J);
      await peer.sync();
      const ms: number[] = [];
      let value = NaN;
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        value = await m.infer(I, J);
        ms.push(performance.now() - t0);
      }
      infer[String(J)] = { ms, objective: value };
    }
    const firstLoss = await m.trainStep(I, trainJ);
    const ms: number[] = [];
    let lastLoss = NaN;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      lastLoss = await m.trainStep(I, trainJ);
      ms.push(performance.now() - t0);
    }
    return { infer, train: { J: trainJ, ms, firstLoss, lastLoss } };
  } finally {
    m.dispose();
  }
}

function timeTorch(x: UpganetTfInputs, I: number, trainJ: number, rounds: number): (Measured & { torch: string; threads: number }) | string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `PyTorch unavailable (${(probe.stderr || probe.error?.message || 'import failed').trim().split('\n').at(-1)})`;
  const dir = mkdtempSync(join(tmpdir(), 'phasor-upganet-bench-'));
  const file = join(dir, 'inputs.c64');
  // the script scales Ψ₁ by P itself: hand it Ψ/P
  const psi1 = x.Psi.map((v) => v / x.power);
  writeFileSync(file, Buffer.concat([x.H, psi1, x.F0, x.W0].map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const args = { B: x.B, K: x.K, N: x.N, M: x.M, I, Js: JS, power: x.power, noise: x.noise, omega: x.omega, warmup: 1, rounds, trainJ, trainRounds: rounds };
  try {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'upganet_torch.py');
    const res = spawnSync('/usr/bin/python3', [script, JSON.stringify(args), file], { encoding: 'utf8', timeout: 1_200_000 });
    if (res.status !== 0) return `PyTorch run failed: ${(res.stderr || res.error?.message || '').trim().split('\n').at(-1)}`;
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
  const addRows = (impl: string, dev: string, m: Measured) => {
    for (const J of JS) {
      const ms = median(m.infer[String(J)].ms);
      const base = median(ours.infer[String(J)].ms);
      rows.push({ task: `inference J = ${J}`, impl, device: dev, 'ms/batch': round(ms), 'channels/s': round((1000 * B) / ms), 'time/ours': round(ms / base), 'R − ωτ': round(m.infer[String(J)].objective, 5) });
    }
    const ms = median(m.train.ms);
    rows.push({ task: `train step J = ${m.train.J}`, impl, device: dev, 'ms/batch': round(ms), 'channels/s': round((1000 * B) / ms), 'time/ours': round(ms / median(ours.train.ms)), 'R − ωτ': `loss ${round(m.train.firstLoss, 5)}` });
  };
  addRows('Phasor (WebGPU)', device, ours);
  log(`ours: ${JS.map((J) => `J=${J} ${median(ours.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(ours.train.ms).toFixed(0)} ms`);

  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const t = await timeTf(shared!, peer, I, trainJ, rounds);
      samples.tfjs = { ...t, version: peer.version };
      addRows(`TF.js ${peer.version} webgpu`, peer.adapter, t);
      log(`TF.js: ${JS.map((J) => `J=${J} ${median(t.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(t.train.ms).toFixed(0)} ms`);
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
      log(`TF.js: unavailable (${(err as Error).message})`);
    } finally {
      await peer?.close();
    }
  }
  if (opts.torch ?? true) {
    const t = timeTorch(shared!, I, trainJ, rounds);
    if (typeof t === 'string') {
      notes.push(t);
      log(`torch: ${t}`);
    } else {
      samples.torch = t;
      addRows(`PyTorch ${t.torch} CPU`, `${t.threads} threads, ${cpus()[0]?.model ?? 'CPU'}`, t);
      log(`torch: ${JS.map((J) => `J=${J} ${median(t.infer[String(J)].ms).toFixed(0)} ms`).join(', ')}; train ${median(t.train.ms).toFixed(0)} ms`);
    }
  }
  const load1 = loadavg();
  notes.push(
    `UPGANet ${what}: inference = I outer layers × J inner F steps + I W steps with step sizes 0.01 (our fused gradient kernels; the peers' closed forms), ` +
      `ending with the precoders' objective read back; train step = forward through all layers, loss (16), gradients of the ${I}·J + ${I} step sizes (our composite path), Adam.`,
    `Median over ${rounds} rounds after a warm-up run. time/ours = peer time / our time (higher is better for us). 'R − ωτ' (mean objective after inference) and the first training loss should agree across implementations (same inputs).`,
    `1-minute load average ${load0[0].toFixed(2)} at start, ${load1[0].toFixed(2)} at end (shared machine).`,
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
