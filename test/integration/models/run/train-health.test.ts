/**
 * Training health and faults in the epoch loop: a non-finite loss or parameter stops the training naming the step,
 * the network and the first offending tensor, with nothing written over the last good checkpoint; PHASOR_DEBUG=nan
 * names the op; a device lost mid-training is a clear error, the checkpoint stays intact and a resume completes.
 * The loop reads nothing back per step (the read count does not grow with the steps).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Adam,
  DeviceError,
  Generator,
  Linear,
  disableNonFiniteCheck,
  div,
  grad,
  init,
  matmul,
  mean,
  mul,
  runtime,
  shutdown,
  sub,
  tensor,
  tidy,
  type Tensor,
} from '../../../../engine/index.js';
import { decodeSafetensors } from '../../../../engine/checkpoint/safetensors.js';
import { makeRunContext, trainEpochs } from '../../../../models/run/index.js';
import { TrainingHealthError, trainLoopHooks } from '../../../../models/run/train-loop.js';
import { useRuntime } from '../../../helpers/gpu.js';

useRuntime();

afterEach(() => {
  trainLoopHooks.afterStep = null;
  delete process.env.PHASOR_DEBUG;
  disableNonFiniteCheck();
});

type Poison = (ctx: { epoch: number; index: number; net: Linear; x: Tensor }) => Tensor | void;

/** Least squares y = x·w* over random batches; `poison` may change the weights or return the step's loss. */
async function fit(runDir: string, epochs: number, opts: { resume?: boolean; steps?: number; poison?: Poison } = {}) {
  const ctx = makeRunContext({ config: {}, runDir, resume: opts.resume });
  const net = new Linear(3, 1, { bias: false, generator: new Generator(7) });
  const optimizer = new Adam(net.namedParameters(), { lr: 0.05 });
  const data = new Generator(11);
  try {
    const result = await trainEpochs({
      ctx,
      name: 'toy',
      module: net,
      optimizer,
      generator: data,
      epochs,
      stepsPerEpoch: opts.steps ?? 5,
      step: (epoch, index) =>
        tidy(() => {
          const x = data.normal([8, 3]);
          const poisoned = opts.poison?.({ epoch, index, net, x });
          const target = matmul(x, tensor([1, -2, 0.5], [3, 1]));
          const r = sub(net.forward(x) as Tensor, target);
          const loss = poisoned ?? mean(mul(r, r));
          optimizer.step(grad(mean(mul(r, r)), net.parameters()));
          return loss;
        }),
    });
    return { result, w: Array.from(await net.parameters()[0].read()) };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}

function nanWeights(net: Linear): void {
  const w = net.stateDict().weight;
  net.loadStateDict({ weight: tensor(new Float32Array(w.size).fill(Number.NaN), w.shape) });
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(err, 'expected the training to fail').toBeInstanceOf(Error);
  return err!;
}

const newRun = () => join(mkdtempSync(join(tmpdir(), 'phasor-health-')), 'run');

describe('training health', () => {
  it('a non-finite loss stops the training naming the step, the network and the first non-finite tensor; the last checkpoint stays', async () => {
    const runDir = newRun();
    const ckpt = join(runDir, 'checkpoints', 'toy.safetensors');
    await fit(runDir, 1);
    const epoch1 = readFileSync(ckpt);
    // weights turned NaN in epoch 2, batch 3: step 5 + 3 = 8 of the run
    const err = await failure(fit(runDir, 3, { resume: true, poison: ({ epoch, index, net }) => (epoch === 1 && index === 2 ? nanWeights(net) : undefined) }));
    expect(err).toBeInstanceOf(TrainingHealthError);
    expect(err.message).toMatch(/^toy: the training loss became NaN at step 8 \(epoch 2, batch 3 of 5\)/);
    expect(err.message).toMatch(/the first non-finite tensor is parameter\/buffer 'weight' \[1, 3\] \(NaN at word 0\)/);
    expect(err.message).toMatch(/Nothing was saved: the checkpoint of epoch 1 \(.*toy\.safetensors\) is kept as it was/);
    expect(readFileSync(ckpt)).toEqual(epoch1);
  });

  it('a non-finite loss with finite parameters says so; in the first epoch nothing is written at all', async () => {
    const runDir = newRun();
    const err = await failure(fit(runDir, 2, { poison: ({ index }) => (index === 1 ? tensor([Number.POSITIVE_INFINITY], []) : undefined) }));
    expect(err.message).toMatch(/became Infinity at step 2 \(epoch 1, batch 2 of 5\); the parameters and optimizer state are finite/);
    expect(err.message).toMatch(/no checkpoint had been written yet/);
    expect(existsSync(join(runDir, 'checkpoints', 'toy.safetensors'))).toBe(false);
  });

  it('a parameter that turned non-finite after the last step of an epoch is refused by the checkpoint, naming it', async () => {
    const runDir = newRun();
    const ckpt = join(runDir, 'checkpoints', 'toy.safetensors');
    trainLoopHooks.afterStep = ({ step, module }) => {
      if (step === 10) nanWeights(module as Linear);
    };
    const err = await failure(fit(runDir, 3));
    expect(err).toBeInstanceOf(TrainingHealthError);
    expect(err.message).toMatch(
      /^toy: after epoch 2 \(step 10\) tensor 'model\.weight' holds NaN at element 0 and 2 more non-finite values; nothing was written/,
    );
    expect(err.message).toMatch(/the checkpoint of epoch 1 .* is kept as it was/);
    expect(decodeSafetensors(readFileSync(ckpt)).metadata.step).toBe('5'); // epoch 1's
  });

  it('PHASOR_DEBUG=nan names the op that produced the first NaN/Inf and its inputs', async () => {
    process.env.PHASOR_DEBUG = 'nan';
    const err = await failure(
      fit(newRun(), 2, {
        poison: ({ epoch, index, x }) => (epoch === 0 && index === 3 ? mean(div(x, sub(x, x))) : undefined),
      }),
    );
    expect(err).toBeInstanceOf(TrainingHealthError);
    expect(err.message).toMatch(
      /^toy: step 4 \(epoch 1\): PHASOR_DEBUG=nan: op 'div' \(kernel [^)]+\) wrote -?(Infinity|NaN) into \w+ \[8, 3\] f32 at element \d+; inputs: .*\[8, 3\] f32 \(from '[^']+'\).*\[8, 3\] f32 \(from 'sub'\)/,
    );
  });

  it('reads nothing back per step: the readbacks of an epoch do not grow with its steps', async () => {
    const count = async (steps: number) => {
      const recorder = runtime().recorder;
      const read = recorder.read.bind(recorder);
      let reads = 0;
      recorder.read = (...args: Parameters<typeof read>) => {
        reads++;
        return read(...args);
      };
      try {
        await fit(newRun(), 2, { steps });
      } finally {
        recorder.read = read;
      }
      return reads;
    };
    const few = await count(3);
    expect(await count(12)).toBe(few);
  });
});

describe('device loss', () => {
  it('mid-training: a DeviceError saying the checkpoint is intact, the checkpoint unchanged, and --resume completes as if uninterrupted', async () => {
    const straight = await fit(newRun(), 3);
    const runDir = newRun();
    const ckpt = join(runDir, 'checkpoints', 'toy.safetensors');
    let epoch1: Buffer | null = null;
    trainLoopHooks.afterStep = ({ step }) => {
      if (step === 5) return; // epoch 1's checkpoint is written after this step
      if (step === 7) {
        epoch1 = readFileSync(ckpt);
        runtime().device.destroy();
      }
    };
    const err = await failure(fit(runDir, 3));
    trainLoopHooks.afterStep = null;
    expect(err).toBeInstanceOf(DeviceError);
    expect(err.message).toMatch(/^toy: .*(lost|destroyed|readback failed).*the checkpoint of epoch 1 .* is kept as it was/);
    expect(readFileSync(ckpt)).toEqual(epoch1);

    await shutdown();
    await init();
    const resumed = await fit(runDir, 3, { resume: true });
    expect(resumed.result.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(resumed.w).toEqual(straight.w);
  });
});
