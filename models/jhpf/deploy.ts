/**
 * Deployment and testing of a trained DL-JHPF (paper 000 §III-D, §III-F): the hybrid matrices designed from the
 * channels the transceiver knows (`seen`: true or estimated CSI), transmission over the true channels, the NN
 * demodulator's hard decisions, and the BER counted by the run-until-N-errors evaluator
 * (wireless/metrics/evaluate-ber.ts).
 *
 * Per channel (and subcarrier) the link is linear in x and n, r = √P·G x + C n with G = W_BBᴴ W_RFᴴ H F_RF F_BB
 * [N_s, N_s] and C = W_BBᴴ W_RFᴴ [N_s, N_r] (eq. (5), (36)), so the designer runs once per channel and each
 * evaluation step only draws bits and noise. One step is one pass over every channel (each channel weighs the same
 * in the BER), chunk by chunk on the GPU; the only readback is the step's error count.
 */
import {
  add,
  compileStep,
  keep,
  matmul,
  noGrad,
  runtime,
  scale,
  tensor,
  tidy,
  type CompiledStep,
  type Complex,
  Generator,
  type Tensor,
} from '../../engine/index.js';
import { evaluateBer, type BerResult } from '../../wireless/metrics/evaluate-ber.js';
import { jhpfSnr } from '../../wireless/modulation/awgn.js';
import { bitsPerVector } from './network/dims.js';
import type { JhpfFramework } from './network/framework.js';
import { checkChannelSet, type ChannelSet } from './network/samples.js';
import { bitErrors, drawBits, qpskSymbols } from './signal-flow.js';

export interface JhpfBerOptions {
  /** stop after this many bit errors (evaluateBer's minErrors) */
  targetErrors: number;
  /** or after this many bits */
  maxBits: number;
  /** bits and noise */
  seed: number;
  /** OFDM: analog matrices from each subcarrier's own channel (the Fig. 8 ideal) instead of the unified ones */
  matchedAnalog?: boolean;
  /** symbol vectors per channel (and subcarrier) in one pass (default 1) */
  symbolsPerChannel?: number;
  /** channels per GPU chunk (default 256) */
  chunk?: number;
}

/** The per-channel link matrices G and C of a set of channels (kept: the caller disposes them). */
export interface JhpfLink {
  /** G [n, N_s, N_s] (n = channels·K) */
  G: Complex;
  /** C [n, N_s, N_r] */
  C: Complex;
  vectors: number;
}

/** BER of DL-JHPF designed from `seen` and transmitting over `truth` at `snrDb` (§IV). */
export async function jhpfBer(net: JhpfFramework, truth: ChannelSet, seen: ChannelSet, snrDb: number, o: JhpfBerOptions): Promise<BerResult> {
  const n = checkChannelSet('jhpfBer (truth)', net.dims, truth);
  checkChannelSet('jhpfBer (seen)', net.dims, seen);
  if (seen.shape[0] !== n) throw new RangeError(`jhpfBer: expected as many seen as true channels; got ${seen.shape[0]} and ${n}`);
  const symbols = o.symbolsPerChannel ?? 1;
  const chunk = o.chunk ?? 256;
  for (const [k, v] of [
    ['symbolsPerChannel', symbols],
    ['chunk', chunk],
  ] as const) {
    if (!(Number.isSafeInteger(v) && v >= 1)) throw new RangeError(`jhpfBer: ${k} must be a positive integer; got ${v}`);
  }
  const sqrtP = Math.sqrt(jhpfSnr(snrDb).transmitPower);
  const wasTraining = net.training;
  net.eval();
  const links: JhpfLink[] = [];
  let pass: CompiledStep<[], Tensor> | null = null;
  try {
    for (let start = 0; start < n; start += chunk) {
      links.push(jhpfLink(net, slice(truth, start, Math.min(n, start + chunk)), slice(seen, start, Math.min(n, start + chunk)), o.matchedAnalog ?? false));
    }
    const gen = new Generator(o.seed);
    const bitsPerPass = links.reduce((s, l) => s + l.vectors, 0) * symbols * bitsPerVector(net.dims);
    // one pass over every chunk, its errors summed on the GPU, captured once and replayed (fresh bits and noise from
    // `gen` every pass); one readback per pass
    pass = compileStep(
      () =>
        noGrad(() => {
          let sum = chunkErrors(net, links[0], symbols, sqrtP, gen);
          for (const link of links.slice(1)) sum = add(sum, chunkErrors(net, link, symbols, sqrtP, gen));
          return sum;
        }),
      { name: 'jhpf-ber-pass' },
    );
    const run = pass;
    return await evaluateBer(
      async () => {
        const total = run();
        const errors = await total.item();
        total.dispose();
        return { errors: Math.round(errors), bits: bitsPerPass };
      },
      { minErrors: o.targetErrors, maxBits: o.maxBits },
    );
  } finally {
    pass?.dispose();
    for (const l of links) {
      l.G.dispose();
      l.C.dispose();
    }
    net.train(wasTraining);
  }
}

/** Hard-decision errors of one pass over a chunk: a [] f32 tensor. */
function chunkErrors(net: JhpfFramework, link: JhpfLink, symbols: number, sqrtP: number, gen: Generator): Tensor {
  const { Ns, Nr } = net.dims;
  const v = link.vectors;
  const bits = drawBits(gen, [v, symbols, bitsPerVector(net.dims)]);
  const x = qpskSymbols(bits); // [v, S, N_s]
  const noise = gen.complexNormal([v, symbols, Nr]);
  // rᵀ = √P xᵀ Gᵀ + nᵀ Cᵀ, row by row: [v, S, N_s]
  const r = add(scale(matmul(x, link.G, { opB: 'T' }), sqrtP), matmul(noise, link.C, { opB: 'T' }));
  const logits = net.demodulate(r.reshape([v * symbols, Ns]));
  return bitErrors(logits, bits);
}

/**
 * Designs from `seen` and forms G = W_BBᴴ W_RFᴴ H F_RF F_BB and C = W_BBᴴ W_RFᴴ over `truth` (narrowband or OFDM;
 * rows b·K + k), so that r = √P G x + C n is eq. (5) / (36).
 */
export function jhpfLink(net: JhpfFramework, truth: ChannelSet, seen: ChannelSet, matchedAnalog: boolean): JhpfLink {
  const d = net.dims;
  const shape = [...truth.shape];
  return noGrad(() =>
    tidy(() => {
      const H = tensor(truth.data, shape, 'c64');
      const design = net.design(tensor(seen.data, shape, 'c64'), { matchedAnalog });
      const B = shape[0];
      const K = d.subcarriers;
      // analog matrices broadcast over the subcarriers unless matched per subcarrier
      const perSub = (X: Complex, rows: number, cols: number) => (K === 1 || X.rank === 4 ? X : X.reshape([B, 1, rows, cols]));
      const F_RF = perSub(design.F_RF, d.Nt, d.NtRF);
      const W_RF = perSub(design.W_RF, d.Nr, d.NrRF);
      const combiner = matmul(design.W_BB, W_RF, { opA: 'H', opB: 'H' }); // W_BBᴴ W_RFᴴ
      const G = matmul(matmul(combiner, matmul(H, F_RF)), design.F_BB);
      const vectors = B * K;
      return { G: keep(G.reshape([vectors, d.Ns, d.Ns]) as Complex), C: keep(combiner.reshape([vectors, d.Ns, d.Nr]) as Complex), vectors };
    }),
  );
}

/** Samples [start, end) of a channel set (a view of the host data). */
function slice(set: ChannelSet, start: number, end: number): ChannelSet {
  const per = set.data.length / set.shape[0];
  return { shape: [end - start, ...set.shape.slice(1)], data: set.data.subarray(start * per, end * per) } as unknown as ChannelSet;
}

/**
 * Runtime of the hybrid processing design (Table II): ms per channel of `design` for the batch H [B, N_r, N_t] or
 * [B, K, N_r, N_t] c64: the mean over `repeats` batches after two warm-up runs, GPU work included.
 */
export async function jhpfDesignTime(net: JhpfFramework, H: Tensor<'c64'>, repeats: number): Promise<{ msPerChannel: number }> {
  if (!(Number.isSafeInteger(repeats) && repeats >= 1)) throw new RangeError(`jhpfDesignTime: repeats must be a positive integer; got ${repeats}`);
  const rt = runtime();
  // the design as deployed: captured once (the two warm-up calls), then replayed
  const design = compileStep(
    (h: Complex) => {
      const d = net.design(h);
      return [d.F_RF, d.F_BB, d.W_RF, d.W_BB];
    },
    { name: 'jhpf-design' },
  );
  try {
    const run = () => {
      for (const t of design(H)) t.dispose();
    };
    for (let i = 0; i < 2; i++) run();
    await rt.sync();
    const t0 = performance.now();
    for (let i = 0; i < repeats; i++) run();
    await rt.sync();
    return { msPerChannel: (performance.now() - t0) / (repeats * H.shape[0]) };
  } finally {
    design.dispose();
  }
}
