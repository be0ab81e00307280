/**
 * End-to-end training of a probe scheme with the beam predictor (paper 001 §III, §IV-A): minimize the cross-entropy
 * (6a) of the predictor's softmax against the one-hot optimal DFT beam, jointly over the probe parameters and f, with
 * Adam; 200 epochs in the paper. Each step draws the receiver noise ν ~ CN(0, 1) of eq. (5) and, for the noise-adding
 * variant (§III-D), the element phase noise ε ~ U[−c·Δ/2, c·Δ/2], Δ = 2π/2^B, on the GPU from the run's Generator
 * (saved with the checkpoint), inside a captured step (compileStep): the per-step host work is the batch upload.
 *
 * Reading of §III-D's noise: the paper writes U[−1/2^B, 1/2^B]° — literally ±0.125° at B = 3, far below the
 * quantization error (±22.5°) it is meant to imitate — so we read it as the rounding error of the B-bit phase grid,
 * U[−Δ/2, Δ/2] (c = `training.noiseWidth` = 1): exactly the error distribution of rounding a phase that falls anywhere
 * in a cell.
 *
 * After each epoch the deployed probes are scored on the validation drops (Algorithm 1's reports, 1 dB RSRPs, the same
 * noise draws every epoch): top-1/3/5 accuracy unquantized and after B-bit phase quantization (Fig. 2).
 */
import { Adam, backward, compileStep, Generator, loadTrainingState, tensor, type Complex, type Real } from '../../engine/index.js';
import { Rng } from '../../wireless/random/rng.js';
import { trainEpochs, type EpochRecord, type RunContext } from '../run/index.js';
import type { ProbeConfig } from './config.js';
import { gatherBatch, type BeamSet } from './data.js';
import { rankBeams } from './deploy.js';
import { ProbePredictor } from './model.js';
import type { ProbeGeometry, ProbeGradients, SchemeName } from './probes.js';
import { channelAmplitude, noisePowerDbm } from './system.js';

/** 'original': trained without phase noise (deployed as trained or quantized); 'noise': noise-adding training. */
export type Variant = 'original' | 'noise';

/** The trained networks of a run: one per scheme and variant. */
export function checkpointName(scheme: SchemeName, variant: Variant): string {
  return variant === 'noise' ? `probe-${scheme}-noise` : `probe-${scheme}`;
}

export function geometryOf(c: ProbeConfig): ProbeGeometry {
  return { horizontal: c.system.horizontal, vertical: c.system.vertical, probes: c.system.probes };
}

/** A fresh network; every scheme gets the same initial predictor (seed). */
export function buildNet(c: ProbeConfig, scheme: SchemeName, seed: number): ProbePredictor {
  return new ProbePredictor({ scheme, geometry: geometryOf(c), hidden: c.training.hidden, gradients: c.training.gradients as ProbeGradients, initSeed: seed });
}

/** Half-width of the noise-adding phase noise: c·Δ/2 = c·π/2^B. */
export function phaseNoiseHalfWidth(c: ProbeConfig): number {
  return (c.training.noiseWidth * Math.PI) / 2 ** c.quantization.bits;
}

/** The validation noise seed: the same draws every epoch and for every scheme. */
export function validationSeed(runSeed: number): number {
  return new Rng(runSeed).fork('probe-validation').nextUint32();
}

export interface TrainedProbe {
  net: ProbePredictor;
  history: EpochRecord[];
  checkpoint: string;
}

/** Trains (or resumes) one scheme × variant; the returned net is the caller's to dispose. */
export async function trainProbe(
  ctx: RunContext<ProbeConfig>,
  scheme: SchemeName,
  variant: Variant,
  data: { train: BeamSet; validation: BeamSet },
): Promise<TrainedProbe> {
  const c = ctx.config;
  const geometry = geometryOf(c);
  const link = { transmitPowerDbm: c.system.transmitPowerDbm, noiseDbmPerHz: c.system.noiseDbmPerHz, bandwidthHz: c.system.bandwidthHz };
  const amplitude = channelAmplitude(link);
  const noiseDbm = noisePowerDbm(link);
  const net = buildNet(c, scheme, ctx.seed);
  const optimizer = new Adam(net.namedParameters(), { lr: c.training.lr });
  const name = checkpointName(scheme, variant);
  const generator = new Generator(new Rng(ctx.seed).fork(`probe-train:${name}`).nextUint32());
  const B = c.training.batch;
  const L = geometry.probes;
  const N = geometry.horizontal * geometry.vertical;
  const halfWidth = phaseNoiseHalfWidth(c);
  const step = compileStep(
    (h: Complex, labels: Real) => {
      const nu = generator.complexNormal([B, L]);
      const eps = variant === 'noise' ? generator.uniform([L, N], { low: -halfWidth, high: halfWidth }) : null;
      const loss = net.loss(h, nu, eps, labels, amplitude, noiseDbm);
      optimizer.step(backward(loss));
      return loss;
    },
    { name: `${name}:train-step` },
  );
  const root = new Rng(ctx.seed);
  const stepsPerEpoch = Math.floor(data.train.count / B);
  let order: number[] = [];
  const deployOptions = { amplitude, noiseDbm, seed: validationSeed(ctx.seed), geometry };
  try {
    const result = await trainEpochs({
      ctx,
      name,
      module: net,
      optimizer,
      generator,
      epochs: c.training.epochs,
      stepsPerEpoch,
      // the batch order of an epoch is a function of (seed, epoch): every scheme and a resumed run see the same batches
      beforeEpoch: (epoch) => {
        order = root.fork(`probe-epoch:${epoch}`).permutation(data.train.count);
      },
      step: (_epoch, i) => {
        const batch = gatherBatch(data.train, order.slice(i * B, (i + 1) * B));
        const h = tensor(batch.h, [B, N], 'c64');
        const labels = tensor(batch.labels, [B]);
        try {
          return step(h, labels);
        } finally {
          h.dispose();
          labels.dispose();
        }
      },
      afterEpoch: async () => {
        const plain = await rankBeams(net, data.validation, { ...deployOptions, bits: null });
        const quantized = await rankBeams(net, data.validation, { ...deployOptions, bits: c.quantization.bits });
        return {
          top1: plain.topK[1],
          top3: plain.topK[3],
          top5: plain.topK[5],
          top1Quantized: quantized.topK[1],
          top3Quantized: quantized.topK[3],
          top5Quantized: quantized.topK[5],
        };
      },
    });
    return { net, history: result.history, checkpoint: result.checkpoint };
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    step.dispose();
    optimizer.dispose();
  }
}

/** Loads a trained network and its epoch history from the training-state checkpoint trainEpochs wrote. */
export async function loadProbe(path: string, c: ProbeConfig, scheme: SchemeName, seed: number): Promise<{ net: ProbePredictor; history: EpochRecord[] }> {
  const net = buildNet(c, scheme, seed);
  const optimizer = new Adam(net.namedParameters(), { lr: c.training.lr });
  try {
    const loaded = await loadTrainingState(path, { module: net, optimizer });
    net.eval();
    return { net, history: (loaded.config as { history: EpochRecord[] }).history };
  } catch (err) {
    net.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
}
