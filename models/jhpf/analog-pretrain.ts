/**
 * The Phasor variant's first stage: pretraining PP-NN and CP-NN alone on the unsupervised rate of the equivalent
 * channel, maximizing mean_b log det(I + P/N_s·H_eq H_eqᴴ) (closed-form/log-det-rate.ts), before the paper's
 * end-to-end BCE training of the whole framework (train.ts). The issue this answers: trained on the BCE alone, the
 * analog networks settle on channel-independent beams and H_eq of rank ~1 (one stream served, the others at BER 0.5);
 * the log det pays for every eigenvalue of H_eq. `train` holds narrowband channels: H itself, or for an OFDM framework
 * the analog channels H̄ (network/samples.ts); the digital networks are untouched.
 */
import { Adam, backward, compileStep, mean, neg, releaseDeviceGarbageIfChurned, runtime, tensor, type Complex } from '../../engine/index.js';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { Rng } from '../../wireless/random/rng.js';
import type { ProgressReporter } from '../run/types.js';
import { logDetRate } from './closed-form/log-det-rate.js';
import type { JhpfFramework } from './network/framework.js';

export interface PretrainOptions {
  steps: number;
  batchSize: number;
  lr: number;
  /** the SNR of the objective's P (σ² = 1) */
  snrDb: number;
  seed: number;
}

/** Runs the pretraining in place; returns the objective (nats, mean over each step's batch) every 16 steps. */
export async function pretrainAnalog(net: JhpfFramework, train: ChannelBatch, o: PretrainOptions, progress?: ProgressReporter): Promise<number[]> {
  const [n, Nr, Nt] = train.shape;
  const batch = Math.min(o.batchSize, n);
  const c = 10 ** (o.snrDb / 10) / net.dims.Ns;
  const params = [...net.ppNN.namedParameters('pp.'), ...net.cpNN.namedParameters('cp.')];
  const optimizer = new Adam(params, { lr: o.lr });
  const step = compileStep(
    (H: Complex) => {
      const { F_RF, W_RF } = net.analog(H);
      const Heq = net.layers.equivalentChannel(H, F_RF, W_RF);
      const loss = neg(mean(logDetRate(Heq, c)));
      optimizer.step(backward(loss));
      return loss;
    },
    { name: 'jhpf:analog-pretrain' },
  );
  const rng = new Rng(o.seed).fork('analog-pretrain');
  const per = 2 * Nr * Nt;
  const host = new Float32Array(batch * per);
  const trace: number[] = [];
  const bar = progress?.start('analog pretraining (log det)', o.steps, 'step');
  const wasTraining = net.training;
  net.train(true);
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for (let s = 0; s < o.steps; s++) {
      for (let b = 0; b < batch; b++) {
        const i = rng.int(n);
        host.set(train.data.subarray(i * per, (i + 1) * per), b * per);
      }
      const H = tensor(host, [batch, Nr, Nt], 'c64') as Complex;
      try {
        const loss = step(H);
        if (s % 16 === 15 || s === o.steps - 1) {
          trace.push(-(await loss.item()));
          bar?.tick(1, { rate: trace.at(-1)!.toFixed(3) });
        } else {
          bar?.tick(1);
        }
        loss.dispose();
        // back-pressure as in models/run/train-loop.ts: never more than one step queued ahead
        const submitted = runtime().sync();
        await inFlight;
        inFlight = submitted;
        await releaseDeviceGarbageIfChurned();
      } finally {
        H.dispose();
      }
    }
    await inFlight;
  } finally {
    bar?.done();
    step.dispose();
    optimizer.dispose();
    net.train(wasTraining);
  }
  return trace;
}
