/**
 * Random tensors from a counter-based generator (Philox4x32-10, shaders/random/philox.wgsl).
 *
 * A draw is a pure function of (seed, offset, shape): invocation i of the kernel encrypts the counter offset + i under
 * the key = seed and yields 4 words, so `offset` counts Philox blocks of 4 words. The stateless functions take the
 * seed (and optionally the offset) explicitly; `Generator` keeps a running offset so that successive calls give fresh
 * numbers, and its `state()` can be saved in a checkpoint and restored with `setState()`.
 *
 *   const g = new Generator(42);
 *   const H = g.complexNormal([batch, N_r, N_t], { variance: 1 });   // CN(0, 1) entries
 */
import { Tensor } from '../tensor/tensor.js';
import { wordsPer, type DType } from '../tensor/dtype.js';
import { assertShape, sizeOf, type Shape } from '../tensor/shape.js';
import { launch1d } from './launch.js';
import { grid1d, runtime } from '../device/runtime.js';
import { defineOps, type OpSpec } from './op.js';

/** Where a draw reads the stream: `seed` is the Philox key, `offset` the first counter (in blocks of 4 words). */
export interface StreamOptions {
  /** integer in [0, 2⁵³) */
  seed: number;
  /** first Philox block (4 words each); integer in [0, 2⁵³), default 0 */
  offset?: number;
}

export interface UniformOptions {
  /** lower bound (inclusive), default 0 */
  low?: number;
  /** upper bound, exclusive (results are clamped to the largest float32 below it), default 1 */
  high?: number;
}

export interface NormalOptions {
  /** default 0 */
  mean?: number;
  /** standard deviation ≥ 0, default 1 */
  std?: number;
}

export interface ComplexNormalOptions {
  /** σ² = E|z|² ≥ 0, default 1; the real and imaginary parts are independent N(0, σ²/2) */
  variance?: number;
}

/** A generator's position in its stream: enough to reproduce every later draw. */
export interface GeneratorState {
  seed: number;
  /** Philox blocks consumed so far */
  offset: number;
}

const KERNEL = 'random/philox';
const TWO32 = 2 ** 32;

/** Philox blocks (4 words each) that a draw of `shape` × `dtype` consumes. */
export function blocksFor(shape: Shape, dtype: DType = 'f32'): number {
  return Math.ceil((sizeOf(shape) * wordsPer(dtype)) / 4);
}

/** Uniform samples in [low, high) as f32 [...shape]: low + (high − low)·u, u on the grid k·2⁻²⁴. */
export function uniform(shape: Shape, options: StreamOptions & UniformOptions): Tensor<'f32'> {
  const { low = 0, high = 1 } = options;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(high >= low)) {
    throw new RangeError(`uniform: expected finite bounds with low ≤ high; got low ${low}, high ${high}`);
  }
  // the f32 just below high (or high itself when the interval is empty): the kernel clamps to it
  const upper = high > low ? nextBelow(high) : high;
  return draw('uniform', 'draw_uniform', shape, 'f32', fixedStream('uniform', options), low, high - low, upper);
}

/** Normal samples N(mean, std²) as f32 [...shape] (Box–Muller). */
export function normal(shape: Shape, options: StreamOptions & NormalOptions): Tensor<'f32'> {
  const { mean = 0, std = 1 } = options;
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new RangeError(`normal: expected a finite mean and a finite std ≥ 0; got mean ${mean}, std ${std}`);
  }
  return draw('normal', 'draw_normal', shape, 'f32', fixedStream('normal', options), mean, std);
}

/**
 * Circularly-symmetric complex normal samples CN(0, σ²) as c64 [...shape]: E|z|² = σ², E z² = 0; real and imaginary
 * parts independent N(0, σ²/2). Consumes the same stream words as `normal` over 2·size values.
 */
export function complexNormal(shape: Shape, options: StreamOptions & ComplexNormalOptions): Tensor<'c64'> {
  const { variance = 1 } = options;
  if (!Number.isFinite(variance) || variance < 0) {
    throw new RangeError(`complexNormal: expected a finite variance ≥ 0; got ${variance}`);
  }
  return draw('complexNormal', 'draw_normal', shape, 'c64', fixedStream('complexNormal', options), 0, Math.sqrt(variance / 2));
}

/**
 * Raw Philox4x32-10 output: `words` 32-bit words for counters counter, counter + 1, … under `key`, in an f32 tensor
 * whose bits are the words (read with `new Uint32Array((await t.read()).buffer)`). For known-answer tests and for
 * kernels that consume raw bits.
 */
export function philoxBits(
  words: number,
  { key, counter = [0, 0, 0, 0] }: { key: readonly [number, number]; counter?: readonly [number, number, number, number] },
): Tensor<'f32'> {
  for (const v of [...key, ...counter]) {
    if (!Number.isInteger(v) || v < 0 || v >= TWO32) {
      throw new RangeError(`philoxBits: key and counter words must be integers in [0, 2³²); got ${v}`);
    }
  }
  const out = Tensor.empty([words], 'f32', 'philoxBits');
  const params = { n: words, key, counter, a: 0, b: 0, upper: 0 };
  launch1d(KERNEL, Math.ceil(words / 4), { words: out.buffer('philoxBits') }, params, {}, 'draw_bits');
  return out;
}

/**
 * A seeded stream with a running offset: every draw advances it by the blocks it consumed, so successive draws are
 * independent and a saved `state()` reproduces everything after it.
 */
export class Generator {
  private seed: number;
  private offset = 0;

  constructor(seed: number) {
    checkStreamInt('Generator', 'seed', seed);
    this.seed = seed;
  }

  uniform(shape: Shape, options: UniformOptions = {}): Tensor<'f32'> {
    return this.drawing(() => uniform(shape, { ...options, seed: 0 }));
  }

  normal(shape: Shape, options: NormalOptions = {}): Tensor<'f32'> {
    return this.drawing(() => normal(shape, { ...options, seed: 0 }));
  }

  complexNormal(shape: Shape, options: ComplexNormalOptions = {}): Tensor<'c64'> {
    return this.drawing(() => complexNormal(shape, { ...options, seed: 0 }));
  }

  state(): GeneratorState {
    return { seed: this.seed, offset: this.offset };
  }

  setState(state: GeneratorState): void {
    checkStreamInt('Generator.setState', 'seed', state.seed);
    checkStreamInt('Generator.setState', 'offset', state.offset);
    this.seed = state.seed;
    this.offset = state.offset;
  }

  /**
   * Runs a stateless draw with its stream taken from this generator: the draw's (seed, offset) is read and the offset
   * advanced when the kernel is dispatched, and again on every replay of a captured step (a `dynamic` parameter), so
   * a replayed step draws fresh numbers exactly as eager steps do.
   */
  private drawing<T extends Tensor>(fn: () => T): T {
    const saved = streamSource;
    streamSource = (blocks) => {
      const s = this.state();
      this.offset += blocks;
      return s;
    };
    try {
      return fn();
    } finally {
      streamSource = saved;
    }
  }
}

/** Set while a Generator method runs: the stream its draw takes (and advances) instead of a fixed (seed, offset). */
let streamSource: ((blocks: number) => GeneratorState) | null = null;

/** A draw's stream: a Generator's, advanced per draw and re-read by replays, or the fixed one given. */
type Stream = { generator: (blocks: number) => GeneratorState } | { fixed: GeneratorState };

function fixedStream(op: string, { seed, offset = 0 }: StreamOptions): Stream {
  if (streamSource) return { generator: streamSource };
  checkStreamInt(op, 'seed', seed);
  checkStreamInt(op, 'offset', offset);
  return { fixed: { seed, offset } };
}

function draw<D extends DType>(op: string, entry: string, shape: Shape, dtype: D, stream: Stream, a: number, b: number, upper = 0): Tensor<D> {
  assertShape(op, shape);
  const out = Tensor.empty(shape, dtype, op);
  const n = out.words;
  const blocks = blocksFor(shape, dtype);
  const kernel = runtime().kernel(KERNEL);
  const [wg] = kernel.workgroupSize({}, entry);
  kernel.dispatch(
    { out: out.buffer(op) },
    {
      entry,
      params: { n, a, b, upper, ...('fixed' in stream ? philoxStream(stream.fixed) : {}) },
      // a Generator's stream changes with every draw: re-read (and advanced) by each replay of a captured step
      dynamic: 'generator' in stream ? () => philoxStream(stream.generator(blocks)) : undefined,
      workgroups: grid1d(Math.ceil(n / 4), wg, runtime().limits.maxComputeWorkgroupsPerDimension),
    },
  );
  return out;
}

/** Philox key and first counter of a stream position. */
function philoxStream({ seed, offset }: GeneratorState): { key: number[]; counter: number[] } {
  return { key: split64(seed), counter: [...split64(offset), 0, 0] };
}

/** The largest float32 strictly below the float32 nearest to v. */
function nextBelow(v: number): number {
  const f = new Float32Array([v]);
  const bits = new Int32Array(f.buffer);
  if (f[0] === 0) return -(2 ** -149);
  bits[0] += f[0] > 0 ? -1 : 1;
  return f[0];
}

function checkStreamInt(op: string, what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new RangeError(`${op}: ${what} must be an integer in [0, 2⁵³); got ${v}`);
  }
}

/** (low word, high word) of a non-negative safe integer. */
function split64(v: number): [number, number] {
  return [v % TWO32, Math.floor(v / TWO32)];
}

/** What the registry entries of the draws share: no tensor inputs, hence nothing to differentiate. */
const DRAW = {
  kernel: { shader: KERNEL },
  dtypes: [],
  noGrad: 'a random draw has no tensor inputs',
} satisfies Partial<OpSpec>;

/** The registry entries of this family (engine/ops/op.ts). */
export const RANDOM_OPS = defineOps('random', {
  uniform: {
    ...DRAW,
    fn: uniform,
    call: (_, { shape, ...options }: StreamOptions & UniformOptions & { shape: Shape }) => uniform(shape, options),
    outDType: () => 'f32',
    shape: (_, { shape }) => shape,
  },
  normal: {
    ...DRAW,
    fn: normal,
    call: (_, { shape, ...options }: StreamOptions & NormalOptions & { shape: Shape }) => normal(shape, options),
    outDType: () => 'f32',
    shape: (_, { shape }) => shape,
  },
  complexNormal: {
    ...DRAW,
    fn: complexNormal,
    call: (_, { shape, ...options }: StreamOptions & ComplexNormalOptions & { shape: Shape }) => complexNormal(shape, options),
    outDType: () => 'c64',
    shape: (_, { shape }) => shape,
  },
  philoxBits: {
    ...DRAW,
    fn: philoxBits,
    call: (_, { words, ...stream }: { words: number; key: readonly [number, number]; counter?: readonly [number, number, number, number] }) =>
      philoxBits(words, stream),
    outDType: () => 'f32',
    shape: (_, { words }) => [words],
  },
});
