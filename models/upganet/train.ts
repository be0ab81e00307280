/**
 * Unsupervised training of UPGANet's step sizes (paper 002 §III-B1, Eq. (16); the authors' released code): loss (16) on the last
 * layer's output, Adam (lr 1e−3), batches of 10 training channels in a fresh random order every epoch, one SNR per
 * batch drawn uniformly from {0, 2, …, 12} dB with Ψ = P_BS·Ψ₁, the proposed initialization (17) as input.
 * Checkpoints after every epoch and resumes through models/run trainEpochs. The batch order and SNRs of epoch e come
 * from an Rng forked by (seed, J, e), so a resumed run draws exactly what the uninterrupted one would.
 */
import { Adam, compileStep, grad, loadTrainingState, type Complex, type Real } from '../../engine/index.js';
import { upganetSnr } from '../../wireless/modulation/awgn.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { Rng } from '../../wireless/random/rng.js';
import { trainEpochs, type EpochRecord, type RunContext } from '../run/index.js';
import type { UpganetConfig, UpganetVariant } from './config.js';
import { channelSubset } from './data.js';
import { initialPrecoders } from './init.js';
import { devicePower, precoderProblemOnDevice, type DevicePower } from './problem.js';
import { UPGANet, upganetLoss } from './upganet.js';
import { uploadChannels } from './host.js';

export interface TrainedUpganet {
  net: UPGANet;
  history: EpochRecord[];
  checkpoint: string;
}

/** One network to train: the faithful UPGANet of a J (variant null) or a named variant of it. */
export interface UpganetSpec {
  J: number;
  variant: UpganetVariant | null;
  /** history / checkpoint key in the run: 'J20', 'J20-<name>' */
  key: string;
  lr: number;
  initialMu: number;
  initialLambda: number;
}

/** The faithful network of every J (paper lr, step sizes 0.01), then the config's variants, in that order. */
export function upganetSpecs(c: UpganetConfig): UpganetSpec[] {
  return [
    ...c.unfolding.inner.map((J): UpganetSpec => ({
      J,
      variant: null,
      key: `J${J}`,
      lr: c.training.lr,
      initialMu: PAPER_INITIAL_STEP,
      initialLambda: PAPER_INITIAL_STEP,
    })),
    ...(c.variants ?? []).map((v): UpganetSpec => ({
      J: v.J,
      variant: v,
      key: `J${v.J}-${v.name}`,
      lr: v.lr,
      initialMu: v.initialMu,
      initialLambda: v.initialLambda,
    })),
  ];
}

/** The paper's initial μ^(i,j) and λ^(i). */
export const PAPER_INITIAL_STEP = 0.01;

/** Checkpoint name of the UPGANet with J inner layers, or of its named variant. */
export function upganetCheckpointName(J: number, variant?: string): string {
  return variant ? `upganet-J${J}-${variant}` : `upganet-J${J}`;
}

/** A fresh UPGANet with the config's I, J and ∇_W R variant (step sizes 0.01 unless given). */
export function buildUpganet(c: UpganetConfig, J: number, initial?: { mu: number; lambda: number }): UPGANet {
  return new UPGANet({ outer: c.unfolding.outer, inner: J, variant: c.unfolding.variant, initialMu: initial?.mu, initialLambda: initial?.lambda });
}

/**
 * Trains (or resumes) the network of `spec` on `trainH`; the returned net is the caller's to dispose. A variant sees
 * the same batches and SNRs as the faithful network of its J (the Rng fork depends on J only), so the two differ only
 * in what the variant changes.
 */
export async function trainUpganet(ctx: RunContext<UpganetConfig>, spec: UpganetSpec, trainH: ChannelBatch, psi1: Complex): Promise<TrainedUpganet> {
  const c = ctx.config;
  const J = spec.J;
  const net = buildUpganet(c, J, { mu: spec.initialMu, lambda: spec.initialLambda });
  const opt = new Adam(net.namedParameters(), { lr: spec.lr });
  const stepsPerEpoch = Math.floor(c.training.channels / c.training.batch);
  let order: number[] = [];
  let snrs: number[] = [];
  // The step is captured (compileStep): calls 1–2 run eagerly, later ones replay the recorded program. P_BS is an input
  // of the step (problem.ts DevicePower), so one program serves every training SNR. A capture only pays off over many
  // steps: a J = 20 step records ~50 000 dispatches at I = 20 and building its program costs more than a few replays
  // gain (quick preset, 10 steps per J: training 241 s captured, 187 s eager), so runs of under 20 steps stay eager.
  const steps = c.training.epochs * stepsPerEpoch;
  const trainStep = compileStep(
    (H: Complex, F0: Complex, W0: Complex, P: Real, invSqrtP: Real) => upganetLossStep(net, opt, { H, F0, W0, P, invSqrtP }, psi1, c),
    { name: `${upganetCheckpointName(J, spec.variant?.name)}:train-step`, eager: steps < 20 || undefined },
  );
  try {
    const result = await trainEpochs({
      ctx,
      name: upganetCheckpointName(J, spec.variant?.name),
      module: net,
      optimizer: opt,
      epochs: c.training.epochs,
      stepsPerEpoch,
      beforeEpoch: (epoch) => {
        const rng = new Rng(ctx.seed).fork(`upganet-J${J}-epoch${epoch}`);
        order = rng.permutation(c.training.channels);
        snrs = Array.from({ length: stepsPerEpoch }, () => c.trainSnrDb[rng.int(c.trainSnrDb.length)]);
      },
      step: (_epoch, i) => {
        const batch = channelSubset(trainH, order.slice(i * c.training.batch, (i + 1) * c.training.batch));
        const x = upganetStepInputs(batch, snrs[i], c);
        try {
          return trainStep(x.H, x.F0, x.W0, x.P, x.invSqrtP);
        } finally {
          for (const t of Object.values(x)) t.dispose();
        }
      },
    });
    return { net, history: result.history, checkpoint: result.checkpoint };
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    trainStep.dispose();
    opt.dispose();
  }
}

/** A training step's device inputs: the batch's channels, P_BS at its SNR, and the ZF initialization (17) at that power. */
export interface UpganetStepInputs extends DevicePower {
  H: Complex;
  F0: Complex;
  W0: Complex;
}

/** A batch's step inputs at `snrDb`, the initialization computed on the host. */
export function upganetStepInputs(batch: ChannelBatch, snrDb: number, c: UpganetConfig): UpganetStepInputs {
  const { F, W } = initialPrecoders(batch, c.system.numRf, upganetSnr(snrDb).transmitPower, 'zf', 1, c.system.targetsDeg);
  return { H: uploadChannels(batch), F0: F, W0: W, ...devicePower(snrDb) };
}

/** One step of Eq. (16) on a batch at its SNR from its initialization: returns the batch loss. */
export function upganetLossStep(net: UPGANet, opt: Adam, x: UpganetStepInputs, psi1: Complex, c: UpganetConfig): Real {
  const p = precoderProblemOnDevice(x.H, psi1, x, c.system.omega);
  const { F, W } = net.forward(p, x.F0, x.W0, { impl: c.unfolding.trainImpl, differentiable: true });
  const loss = upganetLoss(p, F, W);
  opt.step(grad(loss, [net.mu, net.lambda]));
  return loss;
}

/** Loads the trained UPGANet with J inner layers from its training-state checkpoint. */
export async function loadUpganet(path: string, c: UpganetConfig, J: number): Promise<UPGANet> {
  const net = buildUpganet(c, J);
  const opt = new Adam(net.namedParameters(), { lr: c.training.lr });
  try {
    await loadTrainingState(path, { module: net, optimizer: opt });
    return net;
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    opt.dispose();
  }
}
