/**
 * What the fusions Phasor does not do would at best save (issue "Engine III", item 3), measured on the adapter:
 *  1. the optimizer as one dispatch over all parameters: Adam's cost per extra dispatch, from 104 one-word parameters
 *     (26 dispatches) against the same words in 4 parameters (1 dispatch), times the dispatches DL-JHPF's update has;
 *  2. a grouped GEMM for DL-JHPF's four digital networks (Re/Im DP-NN, Re/Im DC-NN, Table I: 18 → 20 → 40 → 20 → 9):
 *     a training step of the four against one of them (a grouped kernel would run the four in about one's dispatches);
 *  3. PP-NN's and CP-NN's first layers (same input, 1024 → 512 each) as two products against one stacked product.
 * Captured steps (compileStep), rounds alternating between the two sides; medians.
 *   npx tsx bench/fusion-bounds.ts [--quick]
 */
import {
  Adam,
  backward,
  BatchNorm1d,
  compileStep,
  Generator,
  init,
  Linear,
  matmul,
  mean,
  mul,
  ReLU,
  runtime,
  Sequential,
  shutdown,
  tensor,
  add,
  type Tensor,
} from '../engine/index.js';
import { JHPF_PAPER_DIMS } from '../models/jhpf/network/dims.js';
import { JhpfFramework } from '../models/jhpf/network/framework.js';
import { deviceLabel, machine, writeResults } from './results-file.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 2 : 7;
const REPS = quick ? 5 : 30;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round = (x: number, d = 3) => Number(x.toPrecision(d));

async function timeMs(fn: () => unknown, reps = REPS): Promise<number> {
  const rt = runtime();
  for (let i = 0; i < 3; i++) fn();
  await rt.sync();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  await rt.sync();
  return (performance.now() - t0) / reps;
}

function dispatchesOf(fn: () => unknown): number {
  const s = runtime().recorder.stats;
  const d0 = s.dispatches;
  fn();
  return s.dispatches - d0;
}

function adamStep(shapes: number[][]) {
  const named = shapes.map((shape, i) => ({
    name: `p${i}`,
    param: tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5), shape).requireGrad() as Tensor,
  }));
  const grads = named.map(({ param }) => tensor(new Float32Array(param.words).fill(0.1), param.shape));
  const opt = new Adam(named, { lr: 1e-3 });
  return compileStep(
    (): Tensor => {
      opt.step(grads);
      return grads[0];
    },
    { name: `adam-${shapes.length}` },
  );
}

function digitalNet(gen: Generator) {
  const widths = [20, 40, 20];
  const modules = [];
  let w = 18;
  for (const u of widths) {
    modules.push(new Linear(w, u, { generator: gen }), new ReLU(), new BatchNorm1d(u));
    w = u;
  }
  return new Sequential<'f32'>(...modules, new Linear(w, 9, { generator: gen }));
}

function netsStep(count: number, gen: Generator) {
  const nets = Array.from({ length: count }, () => digitalNet(gen));
  const opt = new Adam(
    nets.flatMap((n, k) => n.namedParameters().map(({ name, param }) => ({ name: `${k}.${name}`, param }))),
    { lr: 1e-3 },
  );
  const x = gen.normal([256, 18]);
  return compileStep(
    (): Tensor => {
      let L: Tensor | null = null;
      for (const n of nets) {
        const y = n.forward(x);
        const l = mean(mul(y, y));
        L = L ? add(L, l) : l;
      }
      opt.step(backward(L!));
      return L!;
    },
    { name: `digital-${count}` },
  );
}

const rt = await init();
const device = deviceLabel(rt.info);
const gen = new Generator(1);
const jhpfAdamDispatches = (() => {
  const net = new JhpfFramework(JHPF_PAPER_DIMS, { seed: 1, gradients: 'fused' });
  const named = net.namedParameters();
  const grads = named.map(({ param }) => tensor(new Float32Array(param.words), param.shape, param.dtype));
  const opt = new Adam(named, { lr: 1e-3 });
  const n = dispatchesOf(() => opt.step(grads));
  opt.dispose();
  net.dispose();
  return n;
})();

const many = adamStep(Array.from({ length: 104 }, () => [1]));
const few = adamStep(Array.from({ length: 4 }, () => [26]));
const four = netsStep(4, gen);
const one = netsStep(1, gen);
const rnd = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898));
const x = tensor(rnd(256 * 1024), [256, 1024]);
const [Wpp, Wcp, Wstack] = [tensor(rnd(512 * 1024), [512, 1024]), tensor(rnd(512 * 1024), [512, 1024]), tensor(rnd(1024 * 1024), [1024, 1024])];
const twoProducts = () => {
  (matmul(x, Wpp, { opB: 'T' }) as Tensor).dispose();
  (matmul(x, Wcp, { opB: 'T' }) as Tensor).dispose();
};
const stacked = () => (matmul(x, Wstack, { opB: 'T' }) as Tensor).dispose();

const t: Record<string, number[]> = { many: [], few: [], four: [], one: [], two: [], stacked: [] };
for (let r = 0; r < ROUNDS; r++) {
  t.many.push(await timeMs(() => many()));
  t.few.push(await timeMs(() => few()));
  t.four.push(await timeMs(() => four()));
  t.one.push(await timeMs(() => one()));
  t.two.push(await timeMs(twoProducts, Math.ceil(REPS / 3)));
  t.stacked.push(await timeMs(stacked, Math.ceil(REPS / 3)));
}
const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const perDispatch = (m.many - m.few) / 25;
const [dFour, dOne] = [dispatchesOf(() => four()), dispatchesOf(() => one())];
const rows = [
  {
    fusion: 'Adam as one dispatch over all parameters',
    measured: `${round(m.many)} ms (26 dispatches) vs ${round(m.few)} ms (1), same words`,
    'bound on the saving': `${round(perDispatch * 1000)} µs per dispatch × ${jhpfAdamDispatches - 1} of DL-JHPF's ${jhpfAdamDispatches} = ${round(perDispatch * (jhpfAdamDispatches - 1))} ms per step`,
  },
  {
    fusion: "grouped GEMM for DL-JHPF's four digital networks",
    measured: `four nets ${round(m.four)} ms (${dFour} dispatches), one net ${round(m.one)} ms (${dOne})`,
    'bound on the saving': `≤ ${round(m.four - m.one)} ms per step (the four run in one's dispatches at no extra cost)`,
  },
  {
    fusion: 'PP-NN + CP-NN first layers as one stacked product',
    measured: `two products ${round(m.two)} ms, one stacked ${round(m.stacked)} ms`,
    'bound on the saving': `${round(m.two - m.stacked)} ms per forward (ratio ${round(m.two / m.stacked)}; per-round ratios ${t.two.map((v, i) => round(v / t.stacked[i], 2)).join(', ')})`,
  },
];
for (const r of rows) console.log(`${r.fusion}: ${r.measured}; ${r['bound on the saving']}`);
const { md } = writeResults({
  name: `fusion-bounds${quick ? '-quick' : ''}`,
  device,
  ...machine(),
  rows,
  notes: [
    `Medians of ${ROUNDS} rounds, each round timing both sides of every row back to back (${REPS} captured replays per side; ${Math.ceil(REPS / 3)} products).`,
    `Load average at the end: ${(await import('node:os'))
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(', ')}.`,
    'Compare each bound with a DL-JHPF training step (bench/results/jhpf-*.md: ≈ 160 ms on this adapter).',
  ],
});
console.log(`wrote ${md}`);
await shutdown();
