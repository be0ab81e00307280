/**
 * Training state: everything a run needs to resume exactly where it stopped, in one safetensors file.
 *
 *   await saveTrainingState('run/state.safetensors', { module: model, optimizer: opt, step, generator: data, config });
 *   const { step, config } = await loadTrainingState('run/state.safetensors', { module: model, optimizer: opt, generator: data });
 *
 * Tensors: the module's state dict (parameters and buffers) under `model.<name>`, the optimizer's state tensors under
 * `optim.<name>` (e.g. `optim.m/layers.0.weight`). Metadata: a format tag, the step, the optimizer's scalars
 * (kind, hyperparameters, per-parameter step counts), the generator's state (or null) and the run's config (any
 * JSON value). Saving refuses a non-finite parameter, buffer or optimizer tensor, naming it, and writes nothing (the
 * previous file stays). Loading checks every tensor name, shape and dtype against the given module and optimizer before
 * anything is copied, refuses a mismatch with a CheckpointError naming the tensor, and restores in place (the
 * module's and optimizer's tensors stay the same objects).
 */
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Generator, GeneratorState } from '../ops/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { loadCheckpoint, saveCheckpoint, type ExpectedTensor } from './checkpoint.js';
import { CheckpointError } from './errors.js';

export const TRAINING_STATE_FORMAT = 'phasor.training-state';
export const TRAINING_STATE_VERSION = 1;

const MODEL = 'model.';
const OPTIM = 'optim.';

export interface SaveTrainingStateOptions {
  module: Module;
  optimizer: Optimizer;
  /** completed training steps (a non-negative integer) */
  step: number;
  /** the data/augmentation stream, so that a resumed run draws the same batches */
  generator?: Generator;
  /** the run's configuration (any JSON-serializable value), returned by loadTrainingState */
  config?: unknown;
}

export interface LoadTrainingStateOptions {
  module: Module;
  optimizer: Optimizer;
  /** restored from the file; the file must then hold a generator state */
  generator?: Generator;
}

export interface LoadedTrainingState {
  step: number;
  config: unknown;
  /** the generator state stored in the file (null when none was saved) */
  generator: GeneratorState | null;
}

/** Writes the module's state, the optimizer's state, the step, the generator state and the config to `path`. */
export async function saveTrainingState(path: string, options: SaveTrainingStateOptions): Promise<void> {
  const { module, optimizer, step, generator, config } = options;
  const op = `saveTrainingState: ${path}`;
  if (!Number.isSafeInteger(step) || step < 0) throw new CheckpointError(`${op}: step must be a non-negative integer; got ${step}`);
  const optState = optimizer.state();
  const tensors: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(module.stateDict())) tensors[MODEL + name] = t;
  for (const [name, t] of Object.entries(optState.tensors)) tensors[OPTIM + name] = t;
  await saveCheckpoint(
    path,
    {
      tensors,
      metadata: {
        format: TRAINING_STATE_FORMAT,
        version: TRAINING_STATE_VERSION,
        step,
        optimizer: optState.scalars,
        generator: generator ? generator.state() : null,
        config: config ?? null,
      },
    },
    { requireFinite: true },
  );
}

/**
 * Reads a file written by saveTrainingState, validates it against `module` and `optimizer` (tensor names, shapes,
 * dtypes; optimizer kind and step counts; generator state), then restores all of them in place. The file must carry
 * its checksum (a changed byte is refused) and only finite values (a NaN or ±Inf is refused, naming the tensor).
 */
export async function loadTrainingState(path: string, options: LoadTrainingStateOptions): Promise<LoadedTrainingState> {
  const { module, optimizer, generator } = options;
  const op = `loadTrainingState: ${path}`;
  const expect: Record<string, ExpectedTensor> = {};
  for (const [name, spec] of Object.entries(module.stateSpec())) expect[MODEL + name] = spec;
  for (const [name, t] of Object.entries(optimizer.state().tensors)) expect[OPTIM + name] = { shape: t.shape, dtype: t.dtype };

  // loadCheckpoint refuses missing/unexpected names and shape/dtype mismatches, naming the tensor
  const { tensors, metadata } = await loadCheckpoint(path, { expect, requireChecksum: true });
  try {
    if (metadata.format !== TRAINING_STATE_FORMAT) {
      throw new CheckpointError(`${op}: not a training state (metadata 'format' is ${JSON.stringify(metadata.format)}; expected '${TRAINING_STATE_FORMAT}')`);
    }
    if (metadata.version !== TRAINING_STATE_VERSION) {
      throw new CheckpointError(`${op}: unsupported training-state version ${JSON.stringify(metadata.version)}; expected ${TRAINING_STATE_VERSION}`);
    }
    const step = metadata.step;
    if (!Number.isSafeInteger(step) || (step as number) < 0) {
      throw new CheckpointError(`${op}: metadata 'step' must be a non-negative integer; got ${JSON.stringify(step)}`);
    }
    const scalars = metadata.optimizer;
    if (!scalars || typeof scalars !== 'object' || Array.isArray(scalars)) {
      throw new CheckpointError(`${op}: metadata 'optimizer' must be the optimizer's scalars object; got ${JSON.stringify(scalars)}`);
    }
    const gen = metadata.generator ?? null;
    if (gen !== null && !isGeneratorState(gen)) {
      throw new CheckpointError(`${op}: metadata 'generator' must be { seed, offset } or null; got ${JSON.stringify(gen)}`);
    }
    if (generator && gen === null) {
      throw new CheckpointError(`${op}: a generator was given but the file holds no generator state`);
    }

    const modelState: Record<string, Tensor> = {};
    const optimTensors: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(tensors)) {
      if (name.startsWith(MODEL)) modelState[name.slice(MODEL.length)] = t;
      else optimTensors[name.slice(OPTIM.length)] = t;
    }
    // Optimizer first: it validates its scalars (kind, hyperparameters, step counts) before copying anything, so a
    // refusal there leaves both the optimizer and the module untouched. The module's names, shapes and dtypes were
    // checked above, so its copy cannot fail half-way.
    try {
      optimizer.loadState({ tensors: optimTensors, scalars: scalars as Record<string, unknown> });
    } catch (err) {
      if (err instanceof CheckpointError) throw new CheckpointError(`${op}: ${(err as Error).message}`);
      throw new CheckpointError(`${op}: optimizer state refused: ${(err as Error).message}`);
    }
    module.loadStateDict(modelState);
    if (generator && gen) generator.setState(gen);
    return { step: step as number, config: metadata.config ?? null, generator: gen };
  } finally {
    // the copies into the module and optimizer are recorded; the loaded tensors are ours to release
    for (const t of Object.values(tensors)) t.dispose();
  }
}

function isGeneratorState(v: unknown): v is GeneratorState {
  if (!v || typeof v !== 'object') return false;
  const { seed, offset } = v as Record<string, unknown>;
  return Number.isSafeInteger(seed) && (seed as number) >= 0 && Number.isSafeInteger(offset) && (offset as number) >= 0;
}
