/**
 * Unsupervised training of UPGANet's step sizes (paper 002 §III-B1; paper-details §1 (16)): loss (16) on the last
 * layer's output, Adam (lr 1e−3), batches of 10 training channels in a fresh random order every epoch, one SNR per
 * batch drawn uniformly from {0, 2, …, 12} dB with Ψ = P_BS·Ψ₁, the proposed initialization (17) as input.
 * Checkpoints after every epoch and resumes through models/run trainEpochs. The batch order and SNRs of epoch e come
 * from an Rng forked by (seed, J, e), so a resumed run draws exactly what the uninterrupted one would.
 */
import { Adam, grad, loadTrainingState, tidy, type Complex } from '../../engine/index.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { Rng } from '../../wireless/random/rng.js';
import { trainEpochs, type EpochRecord, type RunContext } from '../run/index.js';
import type { UpganetConfig } from './config.js';
import { channelSubset } from './data.js';
import { initialPrecoders } from './init.js';
import { precoderProblem } from './problem.js';
import { UPGANet, upganetLoss } from './upganet.js';
import { uploadChannels } from './host.js';

export interface TrainedUpganet {
  net: UPGANet;
  history: EpochRecord[];
  checkpoint: string;
}

/** Checkpoint name of the UPGANet with J inner layers. */
export function upganetCheckpointName(J: number): string {
  return `upganet-J${J}`;
}

/** A fresh UPGANet with the config's I, J and ∇_W R variant (step sizes 0.01). */
export function buildUpganet(c: UpganetConfig, J: number): UPGANet {
  return new UPGANet({ outer: c.unfolding.outer, inner: J, variant: c.unfolding.variant });
}

/** Trains (or resumes) the UPGANet with J inner layers on `trainH`; the returned net is the caller's to dispose. */
export async function trainUpganet(ctx: RunContext<UpganetConfig>, J: number, trainH: ChannelBatch, psi1: Complex): Promise<TrainedUpganet> {
  const c = ctx.config;
  const net = buildUpganet(c, J);
  const opt = new Adam(net.namedParameters(), { lr: c.training.lr });
  const stepsPerEpoch = Math.floor(c.training.channels / c.training.batch);
  let order: number[] = [];
  let snrs: number[] = [];
  try {
    const result = await trainEpochs({
      ctx,
      name: upganetCheckpointName(J),
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
        return upganetTrainStep(net, opt, batch, psi1, snrs[i], c);
      },
    });
    return { net, history: result.history, checkpoint: result.checkpoint };
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    opt.dispose();
  }
}

/** One step of Eq. (16) on a batch at one SNR: returns the batch loss (a scalar the caller disposes). */
export function upganetTrainStep(net: UPGANet, opt: Adam, H: ChannelBatch, psi1: Complex, snrDb: number, c: UpganetConfig) {
  return tidy(() => {
    const p = precoderProblem(uploadChannels(H), psi1, snrDb, c.system.omega);
    const { F: F0, W: W0 } = initialPrecoders(H, c.system.numRf, p.power, 'zf', 1, c.system.targetsDeg);
    const { F, W } = net.forward(p, F0, W0, { impl: c.unfolding.trainImpl, differentiable: true });
    const loss = upganetLoss(p, F, W);
    opt.step(grad(loss, [net.mu, net.lambda]));
    return loss;
  });
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
