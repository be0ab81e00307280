/**
 * Weight initialization, drawn from the engine's counter-based `Generator` (engine/ops/random.ts): the same seed gives
 * the same weights on every run and device. Layers take a `generator` option; without one they draw from a default
 * generator that `manualSeed(seed)` resets (as torch.manual_seed does), seed 0 at start.
 *
 * Fans follow torch.nn.init._calculate_fan_in_and_fan_out: for a weight [out, in, ...k], fanIn = in·Πk and
 * fanOut = out·Πk. Scales (gain g; He et al. 2015 for Kaiming, Glorot & Bengio 2010 for Xavier):
 *
 *   kaimingUniform   U(−b, b), b = g·√(3/fan)              Var = g²/fan     (fan = fanIn by default; g = √2 for ReLU)
 *   kaimingNormal    N(0, σ²), σ = g/√fan                    Var = g²/fan
 *   xavierUniform    U(−b, b), b = g·√(6/(fanIn + fanOut))   Var = 2g²/(fanIn + fanOut)
 *   xavierNormal     N(0, σ²), σ = g·√(2/(fanIn + fanOut))
 *   torchDefault     U(−1/√fanIn, 1/√fanIn): nn.Linear's reset_parameters (kaiming_uniform_ with a = √5) for
 *                    weights and biases alike
 *
 * Complex (c64) weights get the same second moment E|w|² = Var, split equally over independent real and imaginary
 * parts (Trabelsi et al. 2018, "Deep complex networks", §3.6): normal draws are CN(0, Var); uniform draws have
 * Re, Im ~ U(−b', b') with b' = √(3·Var/2).
 */
import { ShapeError } from '../errors.js';
import { complex } from '../ops/elementwise.js';
import { Generator } from '../ops/random.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

let defaultGenerator = new Generator(0);

/** Reseeds the default generator that layers draw from when given none. */
export function manualSeed(seed: number): void {
  defaultGenerator = new Generator(seed);
}

/** The default generator (shared by every layer constructed without a `generator` option). */
export function getDefaultGenerator(): Generator {
  return defaultGenerator;
}

/** The initializations a layer's `init` option names. */
export type InitKind = 'torch-default' | 'kaiming-uniform' | 'kaiming-normal' | 'xavier-uniform' | 'xavier-normal';

export const INIT_KINDS: readonly InitKind[] = ['torch-default', 'kaiming-uniform', 'kaiming-normal', 'xavier-uniform', 'xavier-normal'];

export interface InitOptions<D extends DType = DType> {
  /** f32 (default) or c64; the tensor's static type follows it */
  dtype?: D;
  /** gain g (Kaiming default √2, the ReLU gain; Xavier default 1) */
  gain?: number;
  /** Kaiming only: scale by fanIn (default, preserves forward variance) or fanOut (backward) */
  mode?: 'fanIn' | 'fanOut';
  generator?: Generator;
}

/** fanIn and fanOut of a weight [out, in, ...kernel] (rank ≥ 2). */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ShapeError(`fans: expected a weight of rank ≥ 2 [out, in, ...]; got ${fmt(shape)}. Pass the fans explicitly for vectors`);
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/** The variance the initialization `kind` gives a weight of this shape. */
export function initVariance(kind: InitKind, shape: Shape, options: Pick<InitOptions, 'gain' | 'mode'> = {}): number {
  const { fanIn, fanOut } = fans(shape);
  if (kind === 'torch-default' && (options.gain !== undefined || options.mode !== undefined)) {
    throw new RangeError(`init: 'torch-default' has a fixed scale 1/√fanIn; got gain ${options.gain}, mode ${options.mode}. Use a Kaiming init`);
  }
  if (kind.startsWith('xavier') && options.mode !== undefined) {
    throw new RangeError(`init: ${kind} uses fanIn + fanOut; got mode ${JSON.stringify(options.mode)}. Use a Kaiming init for one fan`);
  }
  switch (kind) {
    case 'torch-default':
      return 1 / (3 * fanIn);
    case 'kaiming-uniform':
    case 'kaiming-normal': {
      const g = options.gain ?? Math.SQRT2;
      return (g * g) / (options.mode === 'fanOut' ? fanOut : fanIn);
    }
    case 'xavier-uniform':
    case 'xavier-normal': {
      const g = options.gain ?? 1;
      return (2 * g * g) / (fanIn + fanOut);
    }
    default:
      throw new RangeError(`init: unknown initialization ${JSON.stringify(kind)}; expected one of ${INIT_KINDS.join(', ')}`);
  }
}

/** A new weight tensor of `shape` initialized by `kind` (f32 unless `dtype` says c64). */
export function initTensor<D extends DType = 'f32'>(kind: InitKind, shape: Shape, options: InitOptions<D> = {}): Tensor<D> {
  return initAny(kind, shape, options) as Tensor<D>;
}

function initAny(kind: InitKind, shape: Shape, options: InitOptions): Tensor {
  const variance = initVariance(kind, shape, options);
  const g = options.generator ?? defaultGenerator;
  const dtype = options.dtype ?? 'f32';
  const normal = kind === 'kaiming-normal' || kind === 'xavier-normal';
  if (dtype === 'c64') {
    if (normal) return g.complexNormal(shape, { variance });
    return complexUniform(g, shape, Math.sqrt((3 * variance) / 2));
  }
  if (normal) return g.normal(shape, { std: Math.sqrt(variance) });
  const b = Math.sqrt(3 * variance);
  return g.uniform(shape, { low: -b, high: b });
}

export function kaimingUniform<D extends DType = 'f32'>(shape: Shape, options: InitOptions<D> = {}): Tensor<D> {
  return initTensor('kaiming-uniform', shape, options);
}

export function kaimingNormal<D extends DType = 'f32'>(shape: Shape, options: InitOptions<D> = {}): Tensor<D> {
  return initTensor('kaiming-normal', shape, options);
}

export function xavierUniform<D extends DType = 'f32'>(shape: Shape, options: InitOptions<D> = {}): Tensor<D> {
  return initTensor('xavier-uniform', shape, options);
}

export function xavierNormal<D extends DType = 'f32'>(shape: Shape, options: InitOptions<D> = {}): Tensor<D> {
  return initTensor('xavier-normal', shape, options);
}

/** U(−bound, bound) of any shape (biases: bound = 1/√fanIn), f32 or c64 (independent parts, each in the bound). */
export function uniformInit<D extends DType = 'f32'>(shape: Shape, bound: number, options: Pick<InitOptions<D>, 'dtype' | 'generator'> = {}): Tensor<D> {
  const g = options.generator ?? defaultGenerator;
  return (options.dtype === 'c64' ? complexUniform(g, shape, bound) : g.uniform(shape, { low: -bound, high: bound })) as Tensor<D>;
}

/** Re, Im ~ U(−b, b) independently (the two f32 draws are released). */
function complexUniform(g: Generator, shape: Shape, b: number): Tensor<'c64'> {
  const re = g.uniform(shape, { low: -b, high: b });
  const im = g.uniform(shape, { low: -b, high: b });
  try {
    return complex(re, im);
  } finally {
    re.dispose();
    im.dispose();
  }
}
