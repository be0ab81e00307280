/**
 * Training of DL-JHPF (paper 000 §III-C): end-to-end minimization of the BCE loss (18) between the sent bits X_b and
 * the NN demodulator's outputs, with Adam, mini-batches of training tuples (network/samples.ts), fresh bits and noise
 * every step (drawn on the GPU from the run's Generator, saved with the checkpoint), the learning-rate schedule of
 * §IV-A (10⁻³ then 10⁻⁴), a training-state checkpoint every epoch and resume (models/run/train-loop.ts).
 *
 * Loss: (18) sums the BCE over the N_s·log2 M bits of a sample and averages over samples; it is computed with the
 * sigmoid folded into the loss (bceWithLogits: −y log σ(z) − (1 − y) log(1 − σ(z)), the same value, finite for any z).
 * The training SNR is not given in the paper: `snrDb` takes one SNR or a range drawn uniformly (dB) per sample.
 * After each epoch: the validation loss (18) and BER (19) at the same SNR distribution, in eval mode.
 */
import {
  Adam,
  backward,
  bceWithLogits,
  compileStep,
  Generator,
  keep,
  noGrad,
  scale,
  tensor,
  tidy,
  add,
  type Complex,
  type Real,
  type Tensor,
} from '../../engine/index.js';
import { Rng } from '../../wireless/random/rng.js';
import { trainEpochs, type RunContext, type TrainLoopResult } from '../run/index.js';
import { bitsPerVector, type JhpfDims } from './network/dims.js';
import type { JhpfFramework } from './network/framework.js';
import { checkChannelSet, gatherTuples, type ChannelSet, type HostTuples } from './network/samples.js';
import { bitErrors, drawTransmission, type SnrSpec } from './signal-flow.js';
import { healthChecks } from './health.js';
import { streamBarrier } from './closed-form/stream-sinr.js';
import { streamBer } from './experiments/stream-ber.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';

export interface JhpfTrainOptions {
  epochs: number;
  batchSize: number;
  /** piecewise-constant schedule: lr from `epoch` (0-based) on; the first entry must be at epoch 0 */
  learningRates: { epoch: number; lr: number }[];
  /** one SNR, or [lo, hi] dB drawn uniformly per sample */
  snrDb: number | [number, number];
  seed: number;
  /** narrowband only: log the health checks (health.ts) and the per-stream validation BER at this SNR every epoch */
  healthSnrDb?: number;
  /** the first this many epochs train only the digital networks and the demodulator (JhpfFramework.analogFrozen) */
  freezeAnalogEpochs?: number;
  /** while the analog networks are frozen: add this weight × the stream barrier (closed-form/stream-sinr.ts) to the BCE */
  streamBarrier?: { weight: number; snrDb: number };
}

/** Validation samples per forward pass (eval mode: any size). */
const EVAL_CHUNK = 1024;

/** Trains `net` in place; the checkpoint `ctx.checkpointPath(name)` holds the last epoch's training state. */
export async function trainJhpf(
  ctx: RunContext<unknown>,
  name: string,
  net: JhpfFramework,
  data: { train: ChannelSet; validation: ChannelSet },
  o: JhpfTrainOptions,
): Promise<TrainLoopResult> {
  const dims = net.dims;
  const nTrain = checkChannelSet('trainJhpf (train)', dims, data.train);
  checkChannelSet('trainJhpf (validation)', dims, data.validation);
  const schedule = checkOptions(o);
  const batch = Math.min(o.batchSize, nTrain);
  if (batch < 2) throw new RangeError(`trainJhpf: BatchNorm needs at least 2 samples per batch; got ${batch}`);
  const stepsPerEpoch = Math.floor(nTrain / batch);
  const optimizer = new Adam(net.namedParameters(), { lr: schedule(0) });
  const generator = new Generator(o.seed);
  // one captured step per batch shape: calls 1–2 run eagerly, the rest replay the recorded dispatches
  const trainStep = compileStep(
    (Hbar: Complex, H: Complex) => {
      const loss = batchLoss(net, Hbar, H, generator, o.snrDb, net.analogFrozen ? o.streamBarrier : undefined);
      optimizer.step(backward(loss));
      return loss;
    },
    { name: `${name}:train-step`, variant: () => (net.analogFrozen ? 'analog-frozen' : 'joint') },
  );
  const root = new Rng(o.seed);
  let order: number[] = [];
  let orderEpoch = -1;
  try {
    return await trainEpochs({
      ctx,
      name,
      module: net,
      optimizer,
      generator,
      epochs: o.epochs,
      stepsPerEpoch,
      beforeEpoch: (epoch) => {
        optimizer.lr = schedule(epoch);
        net.analogFrozen = epoch < (o.freezeAnalogEpochs ?? 0);
      },
      step: (epoch, i) => {
        if (orderEpoch !== epoch) {
          // the epoch's shuffle is a function of (seed, epoch): a resumed run draws the same batches
          order = root.fork(`epoch:${epoch}`).permutation(nTrain);
          orderEpoch = epoch;
        }
        const host = gatherTuples(dims, data.train, order.slice(i * batch, (i + 1) * batch), root.fork(`subcarriers:${epoch}:${i}`));
        const { Hbar, H } = uploadTuples(dims, host);
        try {
          return trainStep(Hbar, H);
        } finally {
          Hbar.dispose();
          H.dispose();
        }
      },
      afterEpoch: async () => {
        const v = await evaluateLoss(net, data.validation, o.snrDb, o.seed);
        if (o.healthSnrDb === undefined || dims.subcarriers !== 1) return { valLoss: v.loss, valBer: v.ber };
        return { valLoss: v.loss, valBer: v.ber, ...(await healthMetrics(net, data.validation as ChannelBatch, o.healthSnrDb, o.seed)) };
      },
    });
  } finally {
    net.analogFrozen = false;
    trainStep.dispose();
    optimizer.dispose();
  }
}

/** Health checks and per-stream BER on (up to 1024 of) the validation channels, flattened for the history. */
export async function healthMetrics(net: JhpfFramework, validation: ChannelBatch, snrDb: number, seed: number): Promise<Record<string, number>> {
  const n = Math.min(1024, validation.shape[0]);
  const head: ChannelBatch = {
    shape: [n, validation.shape[1], validation.shape[2]],
    data: validation.data.subarray(0, n * 2 * validation.shape[1] * validation.shape[2]),
  };
  const h = await healthChecks(net, head, 256);
  const s = await streamBer(net, head, snrDb, seed + 0x57e, 1);
  const out: Record<string, number> = { beamGain: h.beamGain, beamGainShuffled: h.beamGainShuffled, endToEndRank: h.endToEndRank };
  h.sigma2Heq.forEach((x, i) => (out[`sigma2Heq${i}`] = x));
  h.sigma2H.forEach((x, i) => (out[`sigma2H${i}`] = x));
  s.perStream.forEach((x, i) => (out[`ber${snrDb}dBStream${i}`] = x));
  return out;
}

/** The BCE loss (18) of one batch (fresh bits and noise from `gen`), plus the weighted stream barrier when asked. */
function batchLoss(net: JhpfFramework, Hbar: Complex, H: Complex, gen: Generator, snrDb: SnrSpec, barrier?: { weight: number; snrDb: number }): Real {
  const t = drawTransmission(gen, Hbar.shape[0], net.dims, snrDb);
  if (!barrier || barrier.weight === 0) return scale(bceWithLogits(net.forwardTraining(Hbar, H, t), t.bits), bitsPerVector(net.dims));
  const p = net.forwardTrainingParts(Hbar, H, t);
  const bce = scale(bceWithLogits(p.logits, t.bits), bitsPerVector(net.dims));
  const c = 10 ** (barrier.snrDb / 10) / net.dims.Ns;
  return add(bce, scale(streamBarrier(p.Heq, p.F_BB, p.W_RF, p.W_BB, c), barrier.weight));
}

function uploadTuples(dims: JhpfDims, host: HostTuples): { Hbar: Complex; H: Complex } {
  const shape = [host.count, dims.Nr, dims.Nt];
  const Hbar = tensor(host.Hbar, shape, 'c64');
  return { Hbar, H: host.H ? tensor(host.H, shape, 'c64') : Hbar };
}

/**
 * Loss (18) and BER (19) of `net` over a channel set in eval mode, with bits and noise from a Generator seeded by
 * `seed` (the same draws every call); one readback at the end.
 */
export async function evaluateLoss(net: JhpfFramework, set: ChannelSet, snrDb: SnrSpec, seed: number): Promise<{ loss: number; ber: number }> {
  const n = checkChannelSet('evaluateLoss', net.dims, set);
  const wasTraining = net.training;
  net.eval();
  const gen = new Generator(seed + 0x5eed);
  const rng = new Rng(seed).fork('validation');
  let lossSum: Tensor | null = null;
  let errorSum: Tensor | null = null;
  try {
    for (let start = 0; start < n; start += EVAL_CHUNK) {
      const indices = Array.from({ length: Math.min(EVAL_CHUNK, n - start) }, (_, k) => start + k);
      const host = gatherTuples(net.dims, set, indices, rng);
      const [l, e] = noGrad(() =>
        tidy(() => {
          const { Hbar, H } = uploadTuples(net.dims, host);
          const t = drawTransmission(gen, host.count, net.dims, snrDb);
          const logits = net.forwardTraining(Hbar, H, t);
          const sumLoss = bceWithLogits(logits, t.bits, { reduction: 'sum' });
          return [lossSum ? add(lossSum, sumLoss) : sumLoss, errorSum ? add(errorSum, bitErrors(logits, t.bits)) : bitErrors(logits, t.bits)];
        }),
      );
      lossSum?.dispose();
      errorSum?.dispose();
      lossSum = keep(l);
      errorSum = keep(e);
    }
    const [loss, errors] = await Promise.all([lossSum!.item(), errorSum!.item()]);
    return { loss: loss / n, ber: errors / (n * bitsPerVector(net.dims)) };
  } finally {
    lossSum?.dispose();
    errorSum?.dispose();
    net.train(wasTraining);
  }
}

/** The lr of each epoch from the piecewise-constant schedule; validates the options. */
function checkOptions(o: JhpfTrainOptions): (epoch: number) => number {
  if (!(Number.isSafeInteger(o.epochs) && o.epochs >= 1)) throw new RangeError(`trainJhpf: epochs must be a positive integer; got ${o.epochs}`);
  if (!(Number.isSafeInteger(o.batchSize) && o.batchSize >= 2)) throw new RangeError(`trainJhpf: batchSize must be an integer ≥ 2; got ${o.batchSize}`);
  const lrs = o.learningRates;
  if (!Array.isArray(lrs) || lrs.length === 0 || lrs[0].epoch !== 0) {
    throw new RangeError(`trainJhpf: learningRates must start at epoch 0; got ${JSON.stringify(lrs)}`);
  }
  lrs.forEach((s, i) => {
    if (!(s.lr > 0 && Number.isFinite(s.lr)) || (i > 0 && !(s.epoch > lrs[i - 1].epoch))) {
      throw new RangeError(`trainJhpf: learningRates must have increasing epochs and positive lr; got ${JSON.stringify(lrs)}`);
    }
  });
  if (typeof o.snrDb !== 'number' && !(Array.isArray(o.snrDb) && o.snrDb.length === 2 && o.snrDb[0] <= o.snrDb[1])) {
    throw new RangeError(`trainJhpf: snrDb must be a number or [lo, hi] with lo ≤ hi; got ${JSON.stringify(o.snrDb)}`);
  }
  return (epoch) => [...lrs].reverse().find((s) => s.epoch <= epoch)!.lr;
}
