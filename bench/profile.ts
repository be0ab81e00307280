/**
 * Where a training step's GPU time goes: DL-JHPF (paper dimensions, batch 256, fused custom layers) and the MLP
 * 1024→512→256→128→96 + BN (batch 256), each captured with compileStep and run once with a timestamp query around
 * every dispatch (each in its own compute pass, so the sum exceeds a normal step's time: the per-pass cost of the
 * adapter is counted once per dispatch). Per kernel: dispatches, ms and share; and the step's dispatch count with and
 * without the fused dense epilogue (setFusion).
 *
 *   npx tsx bench/profile.ts [--quick]
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  backward,
  bceWithLogits,
  compileStep,
  Generator,
  init,
  mlp,
  mse,
  runtime,
  setFusion,
  shutdown,
  tensor,
  timeByKernel,
  type Complex,
  type KernelTime,
  type Tensor,
} from '../engine/index.js';
import { JHPF_PAPER_DIMS } from '../models/jhpf/network/dims.js';
import { JhpfFramework } from '../models/jhpf/network/framework.js';
import { drawTransmission } from '../models/jhpf/signal-flow.js';
import { getDatasetSpec, resolveConfig } from '../wireless/dataset/registry.js';
import { deviceLabel, machine, writeResults } from './results-file.js';

const BATCH = 256;

interface Profiled {
  model: string;
  fusion: boolean;
  dispatches: number;
  kernels: KernelTime[];
}

/** Captures `body` (2 calls), then profiles one more call. */
async function profileStep(model: string, fusion: boolean, build: () => { step: () => Tensor; dispose: () => void }): Promise<Profiled> {
  const was = setFusion(fusion);
  const { step, dispose } = build();
  const compiled = compileStep(step, { name: `profile-${model}` });
  try {
    for (let i = 0; i < 2; i++) compiled().dispose();
    const times = await compiled.profile();
    return { model, fusion, dispatches: times.length, kernels: timeByKernel(times) };
  } finally {
    compiled.dispose();
    dispose();
    setFusion(was);
  }
}

function jhpfStep(H: Float32Array) {
  const dims = JHPF_PAPER_DIMS;
  const net = new JhpfFramework(dims, { seed: 1, gradients: 'fused' });
  const opt = new Adam(net.namedParameters(), { lr: 1e-3 });
  const Ht = tensor(H, [BATCH, dims.Nr, dims.Nt], 'c64') as Complex;
  const gen = new Generator(2);
  net.train();
  return {
    step: () => {
      const t = drawTransmission(gen, BATCH, dims, 10);
      const L = bceWithLogits(net.forwardTraining(Ht, Ht, t), t.bits);
      opt.step(backward(L));
      return L;
    },
    dispose: () => {
      Ht.dispose();
      opt.dispose();
      net.dispose();
    },
  };
}

function mlpStep() {
  const gen = new Generator(1);
  const model = mlp([{ units: 512, bn: true, act: 'relu' }, { units: 256, bn: true, act: 'relu' }, { units: 128, bn: true, act: 'relu' }, { units: 96 }], {
    in: 1024,
    generator: gen,
  });
  const opt = new Adam(model.namedParameters(), { lr: 1e-3 });
  const x = gen.normal([BATCH, 1024]);
  const y = gen.normal([BATCH, 96]);
  model.train();
  return {
    step: () => {
      const L = mse(model.forward(x), y);
      opt.step(backward(L));
      return L;
    },
    dispose: () => {
      x.dispose();
      y.dispose();
      opt.dispose();
      model.dispose();
    },
  };
}

export async function runProfileBench({ quick = false, log = console.log }: { quick?: boolean; log?: (s: string) => void } = {}): Promise<void> {
  const rt = await init();
  const spec = getDatasetSpec('jhpf-umi');
  const H = spec.generate(resolveConfig(spec, {}), 1, 0, BATCH).H as Float32Array;
  const runs: Profiled[] = [];
  for (const fusion of quick ? [true] : [true, false]) {
    runs.push(await profileStep('jhpf', fusion, () => jhpfStep(H)));
    runs.push(await profileStep('mlp', fusion, mlpStep));
  }
  const rows = runs.flatMap((r) => {
    const total = r.kernels.reduce((s, k) => s + k.ms, 0);
    return r.kernels.slice(0, 12).map((k) => ({
      model: r.model,
      fusion: r.fusion ? 'on' : 'off',
      'dispatches/step': r.dispatches,
      kernel: k.kernel,
      dispatches: k.dispatches,
      ms: Number(k.ms.toFixed(2)),
      share: `${((100 * k.ms) / total).toFixed(1)} %`,
    }));
  });
  for (const r of runs) log(`${r.model} (fusion ${r.fusion ? 'on' : 'off'}): ${r.dispatches} dispatches per step`);
  const out = writeResults({
    name: quick ? 'profile-quick' : 'profile',
    device: deviceLabel(rt.info),
    ...machine(),
    rows,
    notes: [
      'One captured training step per row group, batch 256, every dispatch timed with timestamp queries in its own compute pass: ' +
        'the shares show where the time goes; the absolute sum exceeds a normal step (each pass adds the adapter’s per-pass cost).',
      'The twelve most expensive kernels per step are listed.',
    ],
  });
  log(`wrote ${out.json} and ${out.md}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await runProfileBench({ quick: process.argv.includes('--quick') });
  } finally {
    await shutdown();
  }
  void runtime;
}
