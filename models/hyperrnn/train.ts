/**
 * End-to-end training of a CSI scheme (paper 003 §IV-4, problem (7)): the MSE between ĥ_t and h_t over the batch,
 * the T slots (back-propagation through time for HyperRNN) and the 2M real entries, minimized over the pilots, the
 * feedback DNN and the estimator with Adam; fresh channels and noise every step, drawn on the GPU from the run's
 * Generator inside the captured step (saved with the checkpoint, so `--resume` continues the same stream); the
 * pilots projected back onto ‖X_l‖² = P after every step (§V); the learning rate per step from the config's
 * schedule, the quantizer's surrogate slope per epoch (both host values that reach the GPU as a dynamic uniform and
 * an input tensor). DL-DNN trains on `dnnBatch` single slots per step (its estimate of a slot does not depend on the
 * others).
 * After each epoch: the validation NMSE at the evaluation slot on sequences of the wireless layer's FddPairChannel.
 */
import { Adam, Generator, backward, compileStep, loadCheckpoint, mse, tensor, type Real, type Tensor } from '../../engine/index.js';
import { trainEpochs, type EpochRecord, type RunContext } from '../run/index.js';
import { hyperrnnNoiseVariance } from '../../wireless/modulation/awgn.js';
import { FddSampler, fddChannel, type ChannelSetting } from './channels.js';
import { learningRateAt, slopeAt, type HyperrnnConfig } from './config.js';
import { nmsePerSlot, testSequences } from './evaluate-nmse.js';
import { DlDnn, HyperRnn, channelTarget, type CsiScheme } from './network.js';

/** One network to train: a scheme at a feedback size and channel setting (ulPilots: HyperRNN only). */
export interface SchemeSpec {
  kind: 'dldnn' | 'hyperrnn';
  bits: number;
  ulPilots: number;
  setting: ChannelSetting;
  /** checkpoint name, unique in the run */
  name: string;
}

/** A 53-bit seed for a network's initialization and data streams, from the run seed and the network's name. */
export function networkSeed(seed: number, name: string): number {
  let h = 0xcbf29ce484222325n;
  for (const ch of `${seed}:${name}`) h = BigInt.asUintN(64, (h ^ BigInt(ch.codePointAt(0)!)) * 0x100000001b3n);
  return Number(h & ((1n << 53n) - 1n));
}

/** A fresh scheme of `spec`, initialized from `seed`. */
export function buildScheme(c: HyperrnnConfig, spec: SchemeSpec, seed: number): CsiScheme {
  const init = new Generator(seed);
  const dims = {
    numAntennas: c.system.numAntennas,
    dlPilots: c.system.dlPilots,
    bits: spec.bits,
    pilotPower: c.system.pilotPower,
    n0: hyperrnnNoiseVariance(c.system.snrDb),
  };
  const n = c.networks;
  return spec.kind === 'dldnn'
    ? new DlDnn(dims, { encoder: n.encoder, estimator: n.dnnEstimator }, init)
    : new HyperRnn({ ...dims, ulPilots: spec.ulPilots }, { encoder: n.encoder, hyperUnits: n.hyperUnits, rnnUnits: n.rnnUnits, omegaBias: n.omegaBias }, init);
}

/** Validation and test streams are offset from the training streams so that they never share a sequence. */
export const VALIDATION_SEED_OFFSET = 500_000;
export const TEST_SEED_OFFSET = 1_000_000;

export interface TrainedScheme {
  net: CsiScheme;
  history: EpochRecord[];
  checkpoint: string;
}

/** The loss of one training step on `pair` (exported for tests): mean (ĥ − h̄)² over batch, slots and 2M entries. */
export function schemeLoss(net: CsiScheme, sampler: FddSampler, data: Generator, batch: number, slope: Real): Real {
  const pair = sampler.draw(data, batch);
  return mse(net.estimate(pair, data, slope), channelTarget(pair.dl));
}

/** Trains (or resumes) the network of `spec`; the returned net is the caller's to dispose. */
export async function trainScheme(ctx: RunContext<HyperrnnConfig>, spec: SchemeSpec): Promise<TrainedScheme> {
  const c = ctx.config;
  const t = c.training;
  const seed = networkSeed(ctx.seed, spec.name);
  const net = buildScheme(c, spec, seed);
  const sampler = new FddSampler(fddChannel(c, spec.setting, spec.kind === 'dldnn' ? 1 : c.system.numSlots));
  const data = new Generator(networkSeed(ctx.seed, `${spec.name}:data`));
  const opt = new Adam(net.namedParameters(), { lr: t.lrSchedule[0].lr });
  const total = t.epochs * t.stepsPerEpoch;
  const step = compileStep(
    (slope: Real) => {
      const loss = schemeLoss(net, sampler, data, spec.kind === 'dldnn' ? t.dnnBatch : t.batch, slope);
      opt.step(backward(loss));
      net.projectPilots();
      return loss;
    },
    { name: `${spec.name}:train-step` },
  );
  const validation = testSequences(c, spec.setting, t.validation, ctx.seed + VALIDATION_SEED_OFFSET);
  let slope = t.slope;
  try {
    const result = await trainEpochs({
      ctx,
      name: spec.name,
      module: net,
      optimizer: opt,
      generator: data,
      epochs: t.epochs,
      stepsPerEpoch: t.stepsPerEpoch,
      beforeEpoch: (epoch) => {
        slope = slopeAt(c, epoch);
      },
      step: (epoch, i) => {
        opt.lr = learningRateAt(c, epoch * t.stepsPerEpoch + i, total);
        const a = tensor([slope], [1]) as Real;
        try {
          return step(a);
        } finally {
          a.dispose();
        }
      },
      afterEpoch: async () => {
        const perSlot = await nmsePerSlot(net, validation, { chunk: c.test.chunk, noiseSeed: seed + 1 });
        return { valNmseDb: 10 * Math.log10(perSlot.meanOfRatios[c.system.evalSlot - 1]), slope };
      },
    });
    return { net, history: result.history, checkpoint: result.checkpoint };
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    step.dispose();
    opt.dispose();
    sampler.dispose();
  }
}

/** Rebuilds the network of `spec` and loads its weights from the training-state file trainEpochs wrote. */
export async function loadScheme(c: HyperrnnConfig, spec: SchemeSpec, path: string, runSeed: number): Promise<CsiScheme> {
  const net = buildScheme(c, spec, networkSeed(runSeed, spec.name));
  try {
    const { tensors } = await loadCheckpoint(path);
    const own: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(tensors)) if (name.startsWith('model.')) own[name.slice('model.'.length)] = t;
    try {
      net.loadStateDict(own);
    } finally {
      for (const t of Object.values(tensors)) t.dispose();
    }
    net.eval();
    return net;
  } catch (err) {
    net.dispose();
    throw err;
  }
}
