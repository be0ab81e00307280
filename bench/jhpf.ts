/**
 * DL-JHPF (paper 000) on the engine vs the same model in TensorFlow.js WebGPU on the same adapter, in one run:
 *   - training throughput (samples/s) of one Adam step on a batch of 256 UMi channels at SNR 10 dB (forward through
 *     the designer, the signal flow (5), the demodulator, BCE (18), backward, update), ours with the fused closed-form
 *     custom layers and with autodiff of composed ops, TF.js with real-plane ops (bench/jhpf-tfjs.ts);
 *   - inference latency: producing the hybrid matrices per channel (deploy.ts jhpfDesignTime) with batch 1 and batch 256,
 *     beside the paper's 0.06 ms on an RTX 2080 Ti (Table II).
 *
 *   npx tsx bench/jhpf.ts [--quick] [--no-tfjs]
 *
 * Both frameworks start from their own seeded initial weights (the architectures are the same; the throughput does not
 * depend on the values). Each timing runs `inner` steps back to back and reads the last loss back; median over rounds.
 * Dispatches and bind groups created per training step: ours from the recorder's stats, TF.js from its calls into Dawn
 * (bench/dawn-peer.ts), over the timed rounds. There is no PyTorch peer for this suite (yet).
 */
import { fileURLToPath } from 'node:url';
import { Adam, backward, bceWithLogits, compileStep, Generator, init, runtime, shutdown, tensor, type Complex, type Tensor } from '../engine/index.js';
import { jhpfDesignTime } from '../models/jhpf/deploy.js';
import { JHPF_PAPER_DIMS } from '../models/jhpf/network/dims.js';
import { JhpfFramework } from '../models/jhpf/network/framework.js';
import { drawTransmission } from '../models/jhpf/signal-flow.js';
import { getDatasetSpec, resolveConfig } from '../wireless/dataset/registry.js';
import { Rng } from '../wireless/random/rng.js';
import { disableGpuCallCounts, enableGpuCallCounts, gpuCallCounts } from './dawn-peer.js';
import { buildJhpfTf } from './jhpf-tfjs.js';
import { deviceLabel, machine, writeResults, type BenchRecord } from './results-file.js';
import { ourCounters, ourSteps, timeSteps } from './step-timing.js';
import { createTfPeer, type TfPeer } from './tfjs-peer.js';

export interface JhpfBenchOptions {
  quick: boolean;
  tfjs?: boolean;
  write?: boolean;
  log?: (line: string) => void;
}

const BATCH = 256;
const SNR_DB = 10;
const LR = 1e-3;
/** Table II: DL-JHPF on an RTX 2080 Ti */
const PAPER_MS = 0.06;

/** the table's per-step counts of a training step (— when not counted) */
const countCols = (perStep: Record<string, number> | undefined) => ({
  'dispatches/step': perStep ? round(perStep.dispatches, 4) : '—',
  'bind groups created/step': perStep ? round(perStep.bindGroupsCreated, 4) : '—',
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** UMi NLOS channels of the DL-JHPF dataset spec, [BATCH, N_r, N_t] c64 interleaved. */
function channels(): Float32Array {
  const spec = getDatasetSpec('jhpf-umi');
  return spec.generate(resolveConfig(spec, {}), 1, 0, BATCH).H as Float32Array;
}

async function benchOurs(H: Float32Array, gradients: 'fused' | 'autodiff', warmup: number, rounds: number, inner: number) {
  const dims = JHPF_PAPER_DIMS;
  const net = new JhpfFramework(dims, { seed: 1, gradients });
  const opt = new Adam(net.namedParameters(), { lr: LR });
  const Ht = tensor(H, [BATCH, dims.Nr, dims.Nt], 'c64') as Complex;
  const gen = new Generator(2);
  // the step as training runs it: captured (2 eager calls), then replayed
  const compiled = compileStep(
    (h: Complex): Tensor => {
      const t = drawTransmission(gen, BATCH, dims, SNR_DB);
      const L = bceWithLogits(net.forwardTraining(h, h, t), t.bits);
      opt.step(backward(L));
      return L;
    },
    { name: 'bench-jhpf' },
  );
  const run = ourSteps(() => compiled(Ht));
  try {
    net.train();
    const train = await timeSteps(run, () => runtime().sync(), warmup, rounds, inner, ourCounters);
    net.eval();
    const batched = (await jhpfDesignTime(net, Ht, inner)).msPerChannel;
    const single = tensor(H.subarray(0, 2 * dims.Nr * dims.Nt), [1, dims.Nr, dims.Nt], 'c64') as Complex;
    const batch1 = (await jhpfDesignTime(net, single, inner * 4)).msPerChannel;
    single.dispose();
    return { train, batched, batch1, parameters: net.parameterCount() };
  } finally {
    compiled.dispose();
    Ht.dispose();
    opt.dispose();
    net.dispose();
  }
}

async function benchTf(peer: TfPeer, H: Float32Array, warmup: number, rounds: number, inner: number) {
  const tf = await import('@tensorflow/tfjs-core');
  const { Nt, NtRF, Nr, NrRF, Ns } = JHPF_PAPER_DIMS;
  const rng = new Rng(3);
  const bits = Float32Array.from({ length: BATCH * 2 * Ns }, () => (rng.uniform() < 0.5 ? 0 : 1));
  const noise = Float32Array.from({ length: BATCH * 2 * Nr }, () => rng.normal() * Math.SQRT1_2);
  const model = buildJhpfTf(tf, { Nt, NtRF, Nr, NrRF, Ns, batch: BATCH }, { H, bits, noise, sqrtP: 10 ** (SNR_DB / 20) }, LR);
  try {
    enableGpuCallCounts();
    const counters = () => {
      const { dispatches, bindGroupsCreated } = gpuCallCounts();
      return { dispatches, bindGroupsCreated };
    };
    const train = await timeSteps(
      (n) => model.run(n),
      async () => {},
      warmup,
      rounds,
      inner,
      counters,
    );
    disableGpuCallCounts();
    await model.design();
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) await model.design();
    const batched = (performance.now() - t0) / inner / BATCH;
    await peer.sync();
    return { train, batched, parameters: model.parameterCount };
  } finally {
    disableGpuCallCounts();
    model.dispose();
  }
}

export async function benchJhpf(opts: JhpfBenchOptions): Promise<BenchRecord> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const [warmup, rounds, inner] = opts.quick ? [1, 3, 2] : [3, 7, 5];
  let ownRuntime = false;
  try {
    runtime();
  } catch {
    ownRuntime = true;
  }
  const rt = await init();
  const device = deviceLabel(rt.info);
  log(`adapter: ${device}; DL-JHPF N_T = 32, N_R = 16, N_RF = 3, N_s = 3, batch ${BATCH}, SNR ${SNR_DB} dB`);
  const H = channels();
  const rows: Array<Record<string, string | number>> = [];
  const notes: string[] = [];
  const samples: Record<string, unknown> = {};
  let fusedRate = NaN;
  try {
    for (const gradients of ['fused', 'autodiff'] as const) {
      const r = await benchOurs(H, gradients, warmup, rounds, inner);
      const ms = median(r.train.ms);
      const rate = (1000 * BATCH) / ms;
      if (gradients === 'fused') fusedRate = rate;
      samples[`ours-${gradients}`] = r;
      log(
        `ours (${gradients}): ${ms.toFixed(1)} ms/step, ${rate.toFixed(0)} samples/s, ${countCols(r.train.perStep)['dispatches/step']} dispatches and ${countCols(r.train.perStep)['bind groups created/step']} bind groups created per step; design ${r.batched.toFixed(4)} ms/channel (batch ${BATCH}), ${r.batch1.toFixed(3)} ms (batch 1)`,
      );
      rows.push({
        impl: `Phasor (WebGPU, ${gradients} custom layers)`,
        device: rt.info.description,
        'train ms/step': round(ms),
        'samples/s': round(rate),
        'vs Phasor fused': round(rate / fusedRate),
        ...countCols(r.train.perStep),
        [`design ms/channel (batch ${BATCH})`]: round(r.batched),
        'design ms/channel (batch 1)': round(r.batch1),
        'paper ms/channel': PAPER_MS,
        'loss first → last': `${r.train.firstLoss.toFixed(4)} → ${r.train.lastLoss.toFixed(4)}`,
      });
    }
  } finally {
    if (ownRuntime) await shutdown();
  }
  if (opts.tfjs ?? true) {
    let peer: TfPeer | null = null;
    try {
      peer = await createTfPeer();
      const t = await benchTf(peer, H, warmup, rounds, inner);
      const ms = median(t.train.ms);
      const rate = (1000 * BATCH) / ms;
      samples.tfjs = { ...t, version: peer.version };
      log(
        `TF.js: ${ms.toFixed(1)} ms/step, ${rate.toFixed(0)} samples/s (Phasor fused / TF.js ×${(fusedRate / rate).toFixed(2)}), ${countCols(t.train.perStep)['dispatches/step']} dispatches and ${countCols(t.train.perStep)['bind groups created/step']} bind groups created per step; design ${t.batched.toFixed(4)} ms/channel`,
      );
      rows.push({
        impl: `TF.js ${peer.version} webgpu`,
        device: peer.adapter,
        'train ms/step': round(ms),
        'samples/s': round(rate),
        'vs Phasor fused': round(rate / fusedRate),
        ...countCols(t.train.perStep),
        [`design ms/channel (batch ${BATCH})`]: round(t.batched),
        'design ms/channel (batch 1)': '—',
        'paper ms/channel': PAPER_MS,
        'loss first → last': `${t.train.firstLoss.toFixed(4)} → ${t.train.lastLoss.toFixed(4)}`,
      });
    } catch (err) {
      notes.push(`TF.js peer unavailable: ${(err as Error).message}`);
      log(`TF.js: unavailable (${(err as Error).message})`);
    } finally {
      await peer?.close();
    }
  }
  notes.push(
    `Training: median ms per Adam step on ${BATCH} samples over ${rounds} rounds of ${inner} steps after ${warmup} warm-up steps; samples/s = ${BATCH}·1000/(ms/step). ` +
      'Ours draws fresh bits and noise on the GPU every step; the TF.js peer reuses one batch of bits and noise (a constant of its graph).',
    `Design: hybrid matrices F_RF, F_BB, W_RF, W_BB for the batch, waited for; the paper's ${PAPER_MS} ms is per channel on an RTX 2080 Ti with TensorFlow (Table II).`,
    'dispatches/step and bind groups created/step: per training step over the timed rounds; ours from the recorder (runtime().recorder.stats), TF.js from its dispatchWorkgroups and createBindGroup calls into Dawn.',
    'No PyTorch peer: the model (designer, signal flow, demodulator) exists only in ours and in TF.js (bench/jhpf-tfjs.ts).',
    ...(opts.quick ? ['QUICK run (--quick): few steps, for checking, not for quoting.'] : []),
  );
  const record: BenchRecord & { samples: unknown } = { name: opts.quick ? 'jhpf-quick' : 'jhpf', device, ...machine(), rows, notes, samples };
  if (opts.write ?? true) {
    const files = writeResults(record);
    log(`wrote ${files.json} and ${files.md}`);
  }
  return record;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchJhpf({ quick: process.argv.includes('--quick'), tfjs: !process.argv.includes('--no-tfjs') });
}
