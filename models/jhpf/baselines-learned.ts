/**
 * The paper's two learned baselines (paper 000 §IV, baselines 5 and 6), reconstructed: small networks trained on the
 * engine, then run on the host in float64 so that their design is a synchronous per-channel function like the
 * classical baselines' (baselines.ts designBaseline; Table II times that host forward pass plus the digital SVD).
 *
 * HBDL (ref. [33]: a deep CNN learns the phases of the analog precoder and combiner from the channel, trained on labels
 * from a classical design; the digital stage follows classically). Implemented: an MLP (Linear → ReLU → Linear → ReLU
 * → Linear, widths LEARNED_HIDDEN) from the channel [Re H, Im H] (the N_r·N_t entries as interleaved (Re, Im) pairs,
 * scaled by √(N_r N_t)/‖H‖_F) to the N_t·N_RF + N_r·N_RF analog phases, trained supervised on the phases of the HBD
 * analog design (wireless/baselines/hbd.ts) with the phase-invariant loss, per column a = e^{jθ} and label t,
 *   1 − |aᴴ t| / (‖a‖ ‖t‖),
 * averaged over the columns and the two ends (a common phase rotation of a column costs nothing: the digital stage
 * absorbs it). Then F_RF = e^{jθ_F}/√N_t, W_RF = e^{jθ_W}/√N_r and the digital stage is the joint SVD on W_RFᴴ H F_RF
 * (digitalForAnalog). What [33] does differently: a convolutional network rather than an MLP, labels from its own
 * classical design and training set (paper 000 does not say which), and its training budget; ours is a few hundred
 * Adam steps on the DL-JHPF training channels (config `baselines`).
 *
 * DLDHP (ref. [34], Li & Alkhateeb, "Deep learning for direct hybrid precoding in millimeter wave massive MIMO
 * systems": the receiver takes a few pilot measurements through analog beams and a network maps them to the analog
 * beams directly, skipping channel estimation). Implemented: M pilot measurements y_m = w_mᴴ H f_m + n_m through M
 * fixed random beam pairs (unit-modulus phases / √N, drawn from the training seed), n_m ~ CN(0, σ²) with
 * σ² = (‖H‖_F²/(N_t N_r))·10^{−SNR_pilot/10} (‖H‖_F²/(N_t N_r) is E|w_mᴴ H f_m|² over the random phases, so SNR_pilot
 * is the mean received pilot SNR); defaults M = 64 and SNR_pilot = 10 dB (config `baselines.dldhpPilots`,
 * `dldhpPilotSnrDb`). An MLP maps [Re y, Im y] (scaled to ‖·‖ = √M) to logits over the B_r·B_t DFT-codebook beam
 * pairs (N_r and N_t beams, as DCJDB), trained by cross-entropy against the pairs the DCJDB search picks
 * (greedyBeamPairs, wireless/baselines/beam-pairs.ts; the N_RF chosen pairs share the target mass equally), with fresh
 * pilot noise at every step. Design: the N_RF highest-scoring pairs with distinct transmit and receive beams (the greedy
 * rule on the logits), F_RF / W_RF = those DFT columns, digital by SVD on the effective channel. The design draws its
 * pilot noise from the design rng. What [34] does differently: it learns the pilot beams jointly with the network
 * (a unit-modulus "channel encoder" layer) and trains end to end on the achievable rate rather than on codebook labels
 * from a beam search; its numbers of pilots and SNRs are its own.
 *
 * Both: trained on narrowband channels; for OFDM the analog stage is designed from subcarrier ⌊K/2⌋ and shared, the
 * digital stage per subcarrier. At most LABEL_POOL training channels are labelled (the labels cost an SVD or a beam
 * search each); batches are drawn from that pool with replacement.
 */
import {
  Adam,
  abs,
  add,
  backward,
  compileStep,
  conj,
  crossEntropy,
  Generator,
  Linear,
  mean,
  mul,
  releaseDeviceGarbageIfChurned,
  ReLU,
  runtime,
  scale,
  Sequential,
  sliceAxis,
  sum,
  tensor,
  unitModulus,
  type Complex,
  type Real,
  type Tensor,
} from '../../engine/index.js';
import { greedyBeamPairs } from '../../wireless/baselines/beam-pairs.js';
import { hbdAnalog } from '../../wireless/baselines/hbd.js';
import { channelAt, type ChannelBatch } from '../../wireless/channel/types.js';
import { ulaDftCodebook } from '../../wireless/codebook/index.js';
import { cmatrix, type CMatrix } from '../../wireless/linalg/cmatrix.js';
import { columns } from '../../wireless/linalg/slicing.js';
import { Rng } from '../../wireless/random/rng.js';
import type { ProgressReporter } from '../run/types.js';
import { isLearnedBaseline, type BaselineDims, type LearnedAnalog, type LearnedBaselineName, type LearnedBaselines } from './baselines.js';
import type { JhpfConfig } from './config.js';

/** Hidden widths of both networks. */
export const LEARNED_HIDDEN = [128, 128] as const;
/** At most this many training channels are labelled and drawn from. */
export const LABEL_POOL = 2048;

export interface LearnedTrainOptions {
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** loss every this many steps (and at the last) in the returned trace; default 16 */
  traceEvery?: number;
}

export interface DldhpOptions extends LearnedTrainOptions {
  /** M pilot measurements */
  pilots: number;
  /** mean received pilot SNR (dB) */
  pilotSnrDb: number;
}

/** A trained learned baseline: its analog designer and the loss trace of its training. */
export interface TrainedLearned<D extends LearnedAnalog = LearnedAnalog> {
  designer: D;
  /** (step, loss) every traceEvery steps; HBDL: the phase-invariant loss, DLDHP: the cross-entropy */
  trace: { step: number; loss: number }[];
}

// ---------------------------------------------------------------------------------------------------------------
// host-side MLP

/** Linear → ReLU → … → Linear in float64 on the host, from the engine network's weights (W [out, in], b [out]). */
export class HostMlp {
  constructor(private readonly layers: readonly { w: Float32Array; b: Float32Array; inputs: number; outputs: number }[]) {}

  static async fromEngine(net: Sequential<'f32'>): Promise<HostMlp> {
    const layers = [];
    for (const m of net.layers) {
      if (!(m instanceof Linear)) continue;
      const w = await m.weight.read();
      const b = m.bias ? await m.bias.read() : new Float32Array(m.outFeatures);
      layers.push({ w, b, inputs: m.inFeatures, outputs: m.outFeatures });
    }
    return new HostMlp(layers);
  }

  forward(x: ArrayLike<number>): Float64Array {
    let h = Float64Array.from(x);
    this.layers.forEach((l, i) => {
      const y = new Float64Array(l.outputs);
      for (let o = 0; o < l.outputs; o++) {
        let s = l.b[o];
        const row = o * l.inputs;
        for (let j = 0; j < l.inputs; j++) s += l.w[row + j] * h[j];
        y[o] = i < this.layers.length - 1 && s < 0 ? 0 : s;
      }
      h = y;
    });
    return h;
  }
}

function makeNet(inputs: number, outputs: number, seed: number): Sequential<'f32'> {
  const generator = new Generator(seed >>> 0);
  const mods = [];
  let width = inputs;
  for (const h of LEARNED_HIDDEN) {
    mods.push(new Linear(width, h, { generator }), new ReLU());
    width = h;
  }
  mods.push(new Linear(width, outputs, { generator }));
  return new Sequential<'f32'>(...mods);
}

/**
 * Adam on `loss(net, ...batch)` for o.steps steps, batches of o.batchSize drawn (with replacement) from [0, pool) by
 * `fill` into host arrays; returns the trace. The step is captured (compileStep) as the JHPF trainings are.
 */
async function fit(
  net: Sequential<'f32'>,
  name: string,
  pool: number,
  o: LearnedTrainOptions,
  inputs: { shape: number[]; dtype: 'f32' | 'c64' }[],
  fill: (slot: number, index: number, host: Float32Array[], rng: Rng) => void,
  loss: (...batch: Tensor[]) => Real,
  progress?: ProgressReporter,
): Promise<{ step: number; loss: number }[]> {
  const every = o.traceEvery ?? 16;
  const batch = o.batchSize;
  const optimizer = new Adam(net.namedParameters(`${name}.`), { lr: o.lr });
  const step = compileStep(
    (...xs: Tensor[]) => {
      const l = loss(...xs);
      optimizer.step(backward(l));
      return l;
    },
    { name: `jhpf:${name}` },
  );
  const rng = new Rng(o.seed).fork(`${name}:batches`);
  const host = inputs.map((i) => new Float32Array(batch * i.shape.reduce((a, b) => a * b, 1) * (i.dtype === 'c64' ? 2 : 1)));
  const trace: { step: number; loss: number }[] = [];
  const bar = o.steps > 0 ? progress?.start(`${name} training`, o.steps, 'step') : undefined;
  net.train(true);
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for (let s = 0; s < o.steps; s++) {
      for (let b = 0; b < batch; b++) fill(b, rng.int(pool), host, rng);
      const xs = inputs.map((i, k) => tensor(host[k], [batch, ...i.shape], i.dtype));
      try {
        const l = step(...xs);
        if (s % every === every - 1 || s === o.steps - 1) {
          trace.push({ step: s + 1, loss: await l.item() });
          bar?.tick(1, { loss: trace.at(-1)!.loss.toFixed(4) });
        } else {
          bar?.tick(1);
        }
        const submitted = runtime().sync();
        await inFlight;
        inFlight = submitted;
        await releaseDeviceGarbageIfChurned();
      } finally {
        for (const x of xs) x.dispose();
      }
    }
    await inFlight;
  } finally {
    bar?.done();
    step.dispose();
    optimizer.dispose();
    net.train(false);
  }
  return trace;
}

/** Indices of at most LABEL_POOL channels of the set, spread evenly. */
function poolIndices(n: number): number[] {
  const m = Math.min(n, LABEL_POOL);
  return Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}

/** The H used for the analog stage of a [K] list: subcarrier ⌊K/2⌋ (module doc). */
export const analogChannel = (H: readonly CMatrix[]): CMatrix => H[H.length >> 1];

function checkDims(op: string, H: CMatrix, d: BaselineDims): void {
  if (H.rows !== d.Nr || H.cols !== d.Nt) throw new RangeError(`${op}: expected H [${d.Nr}, ${d.Nt}]; got [${H.rows}, ${H.cols}]`);
}

// ---------------------------------------------------------------------------------------------------------------
// HBDL

/** [Re H, Im H] as interleaved pairs, scaled by √(N_r N_t)/‖H‖_F, into out[offset …]. */
export function hbdlFeatures(H: CMatrix, out: Float32Array | Float64Array, offset = 0): void {
  let n2 = 0;
  for (let i = 0; i < H.data.length; i++) n2 += H.data[i] ** 2;
  const s = n2 > 0 ? Math.sqrt((H.rows * H.cols) / n2) : 0;
  for (let i = 0; i < H.data.length; i++) out[offset + i] = s * H.data[i];
}

/** e^{jθ}/√n as an [n, r] matrix from r·n phases laid out row-major [n, r] from `offset`. */
function phaseMatrix(theta: Float64Array, offset: number, n: number, r: number): CMatrix {
  const m = cmatrix(n, r);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < n * r; i++) {
    m.data[2 * i] = s * Math.cos(theta[offset + i]);
    m.data[2 * i + 1] = s * Math.sin(theta[offset + i]);
  }
  return m;
}

/** 1 − mean over columns of |aᴴ t|/(‖a‖‖t‖) (the phase-invariant loss on the host). */
export function phaseInvariantLoss(a: CMatrix, t: CMatrix): number {
  let total = 0;
  for (let c = 0; c < a.cols; c++) {
    let [re, im, na, nt] = [0, 0, 0, 0];
    for (let r = 0; r < a.rows; r++) {
      const [ar, ai] = [a.data[2 * (r * a.cols + c)], a.data[2 * (r * a.cols + c) + 1]];
      const [tr, ti] = [t.data[2 * (r * t.cols + c)], t.data[2 * (r * t.cols + c) + 1]];
      re += ar * tr + ai * ti;
      im += ar * ti - ai * tr;
      na += ar * ar + ai * ai;
      nt += tr * tr + ti * ti;
    }
    total += Math.hypot(re, im) / Math.sqrt(na * nt);
  }
  return 1 - total / a.cols;
}

/** The HBDL designer: its host network and the analog stage it designs. */
export class HbdlDesigner implements LearnedAnalog {
  constructor(
    readonly dims: BaselineDims,
    private readonly mlp: HostMlp,
  ) {}

  analog(H: CMatrix): { F_RF: CMatrix; W_RF: CMatrix } {
    const { Nt, Nr, NtRF, NrRF } = this.dims;
    checkDims('HBDL', H, this.dims);
    const x = new Float64Array(2 * Nr * Nt);
    hbdlFeatures(H, x);
    const theta = this.mlp.forward(x);
    return { F_RF: phaseMatrix(theta, 0, Nt, NtRF), W_RF: phaseMatrix(theta, Nt * NtRF, Nr, NrRF) };
  }

  /** The phase-invariant loss against the HBD analog design, averaged over the channels and the two ends. */
  labelLoss(H: ChannelBatch): number {
    let total = 0;
    for (let b = 0; b < H.shape[0]; b++) {
      const Hb = channelAt(H, b);
      const got = this.analog(Hb);
      const want = hbdAnalog(Hb, this.dims.NtRF);
      total += (phaseInvariantLoss(got.F_RF, want.F_RF) + phaseInvariantLoss(got.W_RF, want.W_RF)) / 2;
    }
    return total / H.shape[0];
  }
}

/** Trains HBDL on `train` (module doc); steps = 0 returns the initialized network's designer. */
export async function trainHbdl(
  train: ChannelBatch,
  dims: BaselineDims,
  o: LearnedTrainOptions,
  progress?: ProgressReporter,
): Promise<TrainedLearned<HbdlDesigner>> {
  const { Nt, Nr, NtRF, NrRF } = dims;
  if (NtRF !== NrRF) throw new RangeError(`trainHbdl: HBD pairs the RF chains; expected N_T^RF = N_R^RF, got ${NtRF} and ${NrRF}`);
  const idx = poolIndices(train.shape[0]);
  const nIn = 2 * Nr * Nt;
  const features = new Float32Array(idx.length * nIn);
  const labelF = new Float32Array(idx.length * 2 * Nt * NtRF);
  const labelW = new Float32Array(idx.length * 2 * Nr * NrRF);
  idx.forEach((i, p) => {
    const H = channelAt(train, i);
    hbdlFeatures(H, features, p * nIn);
    const { F_RF, W_RF } = hbdAnalog(H, NtRF);
    // unit-modulus labels (the 1/√N scale is irrelevant to the loss)
    for (let k = 0; k < F_RF.data.length; k++) labelF[p * F_RF.data.length + k] = Math.sqrt(Nt) * F_RF.data[k];
    for (let k = 0; k < W_RF.data.length; k++) labelW[p * W_RF.data.length + k] = Math.sqrt(Nr) * W_RF.data[k];
  });
  const net = makeNet(nIn, Nt * NtRF + Nr * NrRF, o.seed);
  try {
    // 1 − |aᴴt|/(‖a‖‖t‖) with ‖a‖ = ‖t‖ = √N for unit-modulus a and t
    const side = (theta: Real, T: Complex, n: number, r: number): Real =>
      scale(mean(abs(sum(mul(conj(unitModulus(theta.reshape([-1, n, r]))), T), { axis: 1 }))), 1 / n);
    const trace = await fit(
      net,
      'hbdl',
      idx.length,
      o,
      [
        { shape: [nIn], dtype: 'f32' },
        { shape: [Nt, NtRF], dtype: 'c64' },
        { shape: [Nr, NrRF], dtype: 'c64' },
      ],
      (slot, p, [x, tf, tw]) => {
        x.set(features.subarray(p * nIn, (p + 1) * nIn), slot * nIn);
        const [lf, lw] = [2 * Nt * NtRF, 2 * Nr * NrRF];
        tf.set(labelF.subarray(p * lf, (p + 1) * lf), slot * lf);
        tw.set(labelW.subarray(p * lw, (p + 1) * lw), slot * lw);
      },
      (x, tf, tw) => {
        const theta = net.forward(x as Real);
        const matchF = side(sliceAxis(theta, 1, 0, Nt * NtRF), tf as Complex, Nt, NtRF);
        const matchW = side(sliceAxis(theta, 1, Nt * NtRF), tw as Complex, Nr, NrRF);
        // minimized: −(match_F + match_W)/2 = loss − 1
        return scale(add(matchF, matchW), -0.5);
      },
      progress,
    );
    return { designer: new HbdlDesigner(dims, await HostMlp.fromEngine(net)), trace: trace.map((t) => ({ step: t.step, loss: 1 + t.loss })) };
  } finally {
    net.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// DLDHP

/** M fixed random pilot beam pairs, unit-modulus phases / √N: f [M][2N_t], w [M][2N_r] interleaved. */
function pilotBeams(dims: BaselineDims, pilots: number, seed: number): { f: Float64Array[]; w: Float64Array[] } {
  const rng = new Rng(seed).fork('dldhp:pilot-beams');
  const beam = (n: number) => {
    const v = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const p = rng.uniformIn(0, 2 * Math.PI);
      v[2 * i] = Math.cos(p) / Math.sqrt(n);
      v[2 * i + 1] = Math.sin(p) / Math.sqrt(n);
    }
    return v;
  };
  const f: Float64Array[] = [];
  const w: Float64Array[] = [];
  for (let m = 0; m < pilots; m++) {
    f.push(beam(dims.Nt));
    w.push(beam(dims.Nr));
  }
  return { f, w };
}

/** Noiseless y_m = w_mᴴ H f_m [2M] interleaved, and the noise variance at the pilot SNR. */
function pilotMeasure(H: CMatrix, beams: { f: Float64Array[]; w: Float64Array[] }, pilotSnrDb: number): { y: Float64Array; sigma2: number } {
  const [nr, nt] = [H.rows, H.cols];
  const M = beams.f.length;
  const y = new Float64Array(2 * M);
  const hf = new Float64Array(2 * nr);
  let n2 = 0;
  for (let i = 0; i < H.data.length; i++) n2 += H.data[i] ** 2;
  for (let m = 0; m < M; m++) {
    const f = beams.f[m];
    const w = beams.w[m];
    for (let r = 0; r < nr; r++) {
      let [re, im] = [0, 0];
      for (let t = 0; t < nt; t++) {
        const [hr, hi] = [H.data[2 * (r * nt + t)], H.data[2 * (r * nt + t) + 1]];
        re += hr * f[2 * t] - hi * f[2 * t + 1];
        im += hr * f[2 * t + 1] + hi * f[2 * t];
      }
      hf[2 * r] = re;
      hf[2 * r + 1] = im;
    }
    let [re, im] = [0, 0];
    for (let r = 0; r < nr; r++) {
      // conj(w_r) · (H f)_r
      re += w[2 * r] * hf[2 * r] + w[2 * r + 1] * hf[2 * r + 1];
      im += w[2 * r] * hf[2 * r + 1] - w[2 * r + 1] * hf[2 * r];
    }
    y[2 * m] = re;
    y[2 * m + 1] = im;
  }
  return { y, sigma2: (n2 / (nr * nt)) * 10 ** (-pilotSnrDb / 10) };
}

/** y + CN(0, σ²) noise, scaled to ‖·‖ = √M, into out[offset …]. */
function noisyFeatures(y: ArrayLike<number>, sigma2: number, rng: Rng, out: Float32Array | Float64Array, offset = 0): void {
  const s = Math.sqrt(sigma2 / 2);
  let n2 = 0;
  const tmp = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    tmp[i] = y[i] + s * rng.normal();
    n2 += tmp[i] ** 2;
  }
  const c = n2 > 0 ? Math.sqrt(y.length / 2 / n2) : 0;
  for (let i = 0; i < y.length; i++) out[offset + i] = c * tmp[i];
}

/** Greedy pairs on scores [B_r·B_t] (row-major over (rx, tx)): the best pair whose beams are both unused, n times. */
export function greedyScorePairs(scores: ArrayLike<number>, br: number, bt: number, n: number): { tx: number[]; rx: number[] } {
  const usedTx = new Uint8Array(bt);
  const usedRx = new Uint8Array(br);
  const out = { tx: [] as number[], rx: [] as number[] };
  for (let m = 0; m < n; m++) {
    let best = -Infinity;
    let [bi, bj] = [0, 0];
    for (let i = 0; i < br; i++) {
      if (usedRx[i]) continue;
      for (let j = 0; j < bt; j++) {
        if (!usedTx[j] && scores[i * bt + j] > best) {
          best = scores[i * bt + j];
          [bi, bj] = [i, j];
        }
      }
    }
    usedRx[bi] = 1;
    usedTx[bj] = 1;
    out.rx.push(bi);
    out.tx.push(bj);
  }
  return out;
}

/** The DLDHP designer: pilot beams, host network and codebooks. */
export class DldhpDesigner implements LearnedAnalog {
  constructor(
    readonly dims: BaselineDims,
    private readonly mlp: HostMlp,
    private readonly beams: { f: Float64Array[]; w: Float64Array[] },
    readonly pilotSnrDb: number,
    readonly txCodebook: CMatrix,
    readonly rxCodebook: CMatrix,
  ) {}

  /** The N_RF predicted beam pairs from one noisy pilot round (noise from rng). */
  pairs(H: CMatrix, rng: Rng): { tx: number[]; rx: number[] } {
    checkDims('DLDHP', H, this.dims);
    const { y, sigma2 } = pilotMeasure(H, this.beams, this.pilotSnrDb);
    const x = new Float64Array(y.length);
    noisyFeatures(y, sigma2, rng, x);
    return greedyScorePairs(this.mlp.forward(x), this.rxCodebook.cols, this.txCodebook.cols, this.dims.NtRF);
  }

  analog(H: CMatrix, rng: Rng): { F_RF: CMatrix; W_RF: CMatrix } {
    const p = this.pairs(H, rng);
    return { F_RF: columns(this.txCodebook, p.tx), W_RF: columns(this.rxCodebook, p.rx) };
  }

  /** Share of the predicted pairs that are among the DCJDB search's pairs, over the channels. */
  pairAccuracy(H: ChannelBatch, rng: Rng): number {
    let hits = 0;
    for (let b = 0; b < H.shape[0]; b++) {
      const Hb = channelAt(H, b);
      const want = greedyBeamPairs(Hb, this.txCodebook, this.rxCodebook, this.dims.NtRF);
      const got = this.pairs(Hb, rng);
      const key = new Set(want.tx.map((t, i) => `${want.rx[i]}:${t}`));
      got.tx.forEach((t, i) => (hits += key.has(`${got.rx[i]}:${t}`) ? 1 : 0));
    }
    return hits / (H.shape[0] * this.dims.NtRF);
  }
}

/** Trains DLDHP on `train` (module doc); steps = 0 returns the initialized network's designer. */
export async function trainDldhp(
  train: ChannelBatch,
  dims: BaselineDims,
  o: DldhpOptions,
  progress?: ProgressReporter,
): Promise<TrainedLearned<DldhpDesigner>> {
  const { NtRF, NrRF } = dims;
  if (NtRF !== NrRF) throw new RangeError(`trainDldhp: one beam pair per RF chain; expected N_T^RF = N_R^RF, got ${NtRF} and ${NrRF}`);
  // DFT codebooks of N_t and N_r beams (no oversampling), as DCJDB's (baselines.ts)
  const txCodebook = ulaDftCodebook(dims.Nt).beams;
  const rxCodebook = ulaDftCodebook(dims.Nr).beams;
  const [bt, br] = [txCodebook.cols, rxCodebook.cols];
  const beams = pilotBeams(dims, o.pilots, o.seed);
  const idx = poolIndices(train.shape[0]);
  const M = o.pilots;
  const ys = new Float64Array(idx.length * 2 * M);
  const sigma2 = new Float64Array(idx.length);
  const labels: number[][] = [];
  idx.forEach((i, p) => {
    const H = channelAt(train, i);
    const m = pilotMeasure(H, beams, o.pilotSnrDb);
    ys.set(m.y, p * 2 * M);
    sigma2[p] = m.sigma2;
    const pairs = greedyBeamPairs(H, txCodebook, rxCodebook, NtRF);
    labels.push(pairs.tx.map((t, k) => pairs.rx[k] * bt + t));
  });
  const C = br * bt;
  const net = makeNet(2 * M, C, o.seed);
  try {
    const trace = await fit(
      net,
      'dldhp',
      idx.length,
      o,
      [
        { shape: [2 * M], dtype: 'f32' },
        { shape: [C], dtype: 'f32' },
      ],
      (slot, p, [x, target], rng) => {
        noisyFeatures(ys.subarray(p * 2 * M, (p + 1) * 2 * M), sigma2[p], rng, x, slot * 2 * M);
        target.fill(0, slot * C, (slot + 1) * C);
        for (const c of labels[p]) target[slot * C + c] += 1 / labels[p].length;
      },
      (x, target) => crossEntropy(net.forward(x as Real), target as Real),
      progress,
    );
    return { designer: new DldhpDesigner(dims, await HostMlp.fromEngine(net), beams, o.pilotSnrDb, txCodebook, rxCodebook), trace };
  } finally {
    net.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface LearnedBaselinesOptions {
  hbdlSteps: number;
  dldhpSteps: number;
  batchSize: number;
  lr: number;
  dldhpPilots: number;
  dldhpPilotSnrDb: number;
  seed: number;
}

/** Trained learned baselines: their designers (baselineLinks' `learned`) and each one's training-loss trace. */
export interface TrainedLearnedBaselines {
  learned: LearnedBaselines;
  traces: Partial<Record<LearnedBaselineName, { step: number; loss: number }[]>>;
}

/**
 * Trains the listed learned baselines on `train` (narrowband training channels) and returns their designers, for
 * baselines.ts baselineLinks({ learned }); the traces for the report's history.
 */
export async function trainLearnedBaselines(
  which: readonly LearnedBaselineName[],
  train: ChannelBatch,
  dims: BaselineDims,
  o: LearnedBaselinesOptions,
  progress?: ProgressReporter,
): Promise<TrainedLearnedBaselines> {
  const learned: LearnedBaselines = {};
  const traces: TrainedLearnedBaselines['traces'] = {};
  const common = { batchSize: Math.min(o.batchSize, train.shape[0]), lr: o.lr };
  if (which.includes('hbdl')) {
    const r = await trainHbdl(train, dims, { ...common, steps: o.hbdlSteps, seed: o.seed ^ 0x4bd1 }, progress);
    learned.hbdl = r.designer;
    traces.hbdl = r.trace;
  }
  if (which.includes('dldhp')) {
    const r = await trainDldhp(
      train,
      dims,
      { ...common, steps: o.dldhpSteps, seed: o.seed ^ 0xd1d4, pilots: o.dldhpPilots, pilotSnrDb: o.dldhpPilotSnrDb },
      progress,
    );
    learned.dldhp = r.designer;
    traces.dldhp = r.trace;
  }
  return { learned, traces };
}

/**
 * For the evaluation (entry.ts): trains the learned baselines that `c.evaluate.baselines` lists on the narrowband
 * training channels (loaded only then) with the `c.baselines` budgets, and returns their
 * designers (for baselineLinks' `learned`) with the training traces for the report.
 */
export async function prepareLearnedBaselines(
  c: JhpfConfig,
  train: () => Promise<ChannelBatch>,
  seed: number,
  progress?: ProgressReporter,
): Promise<TrainedLearnedBaselines> {
  const which = c.evaluate.baselines.filter(isLearnedBaseline);
  if (which.length === 0) return { learned: {}, traces: {} };
  return trainLearnedBaselines(which, await train(), c.dims, { ...c.baselines, seed }, progress);
}
