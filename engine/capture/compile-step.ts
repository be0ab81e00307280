/**
 * Captured training steps: `compileStep(fn)` returns a function that runs `fn` eagerly while recording what it
 * dispatches, and once two consecutive calls recorded the same work, replays that record instead of running `fn`.
 *
 *   const step = compileStep((H: Complex, bits: Real) => {
 *     const loss = bceWithLogits(net.forward(H), bits);
 *     optimizer.step(backward(loss));
 *     return loss;
 *   }, { name: 'jhpf-train' });
 *   for (...) total = add(total, step(Hbatch, bitsBatch));   // calls 1–2 eager, then replays
 *
 * How it stays exact:
 * - Buffers: while capturing, every tensor the step creates comes from the step's own arena, so the buffers a replay
 *   writes belong to nobody else, and their identities (hence the bind groups) stay fixed. Parameters, optimizer
 *   state and BN statistics are updated in place in their own buffers, as eager execution does.
 * - Inputs: `fn` receives placeholder tensors; each call copies its inputs into them (one buffer copy per input).
 *   A new set of input shapes or dtypes (a last partial batch) captures anew, keyed by the shapes.
 * - Changing values: uniforms that change between steps are declared where they are produced: kernel dispatches
 *   name them in `dynamic` (Adam's bias corrections and learning rate, a Generator's stream offset), and host state
 *   advanced by the step registers `recorder.onReplay` hooks (the optimizer's step counters). Replays call both in
 *   recorded order, so host state and GPU results match eager execution bit for bit.
 * - Guard: the first two calls are both captured and compared (engine/capture/step-log.ts). A uniform or an upload
 *   that differs without being dynamic, or a buffer from outside the step that is not the same in both calls (state
 *   replaced rather than updated in place, a tensor created outside and not passed as an input), is refused with a
 *   CaptureError naming the command — a replay never silently freezes a value. A readback inside the step is refused.
 * - Outputs: the returned tensors of a replay are views of the step's buffers, overwritten by the next call; those of
 *   the previous call are disposed then (using one afterwards throws). `copy()` one to keep it.
 * - Debug: with PHASOR_DEBUG set (or `{ eager: true }`) every call runs `fn` eagerly.
 */
import { CaptureError } from '../errors.js';
import { runtime, type Runtime } from '../device/runtime.js';
import { BufferPool, type Allocator, type PooledBuffer } from '../device/pool.js';
import { Tensor } from '../tensor/tensor.js';
import { tidy } from '../tensor/scope.js';
import { fmt } from '../tensor/shape.js';
import type { DType } from '../tensor/dtype.js';
import { firstDifference, StepLog } from './step-log.js';
import { ReplayProgram, type DispatchTime, type ReplayStats } from './replay.js';

export { timeByKernel, type DispatchTime, type KernelTime } from './replay.js';

export type StepOutput = Tensor | readonly Tensor[] | { readonly [name: string]: Tensor } | void;

export interface CompileStepOptions {
  /** names the step in errors and in WebGPU labels */
  name?: string;
  /** run `fn` eagerly on every call (default: true when PHASOR_DEBUG is set) */
  eager?: boolean;
  /** calls captured before two consecutive ones must agree (default 3) */
  maxCaptures?: number;
  /**
   * Host values the step reads that select a different program (an SNR from a small set, say): each distinct
   * value is captured and replayed separately, like a new input shape.
   */
  variant?: () => string | number;
}

export interface CompiledStepStats {
  calls: number;
  captures: number;
  replays: number;
  /** per input signature (shapes and dtypes): the replayed program's size, once captured */
  programs: Record<string, ReplayStats>;
}

export interface CompiledStep<I extends Tensor[], O extends StepOutput> {
  (...inputs: I): O;
  readonly stats: CompiledStepStats;
  /**
   * Runs one more step (with `inputs`, after it has been captured) with every dispatch timed on the GPU; returns each
   * dispatch's time in step order (`timeByKernel` sums them per kernel). The step's effects are those of a normal call.
   */
  profile(...inputs: I): Promise<DispatchTime[]>;
  /** Releases the arena and the programs; the step's last outputs become invalid. */
  dispose(): void;
}

/** The step's own buffers; a buffer released after the step is disposed goes to the runtime's pool. */
class Arena implements Allocator {
  readonly pool: BufferPool;
  log: StepLog | null = null;
  closed = false;

  constructor(private readonly rt: Runtime) {
    this.pool = new BufferPool(rt.device, (ids) => rt.recorder.forgetBuffers(ids));
  }

  acquire(bytes: number, label: string): PooledBuffer {
    if (this.closed) return this.rt.pool.acquire(bytes, label);
    const buf = this.pool.acquire(bytes, label);
    this.log?.born.add(buf);
    return buf;
  }

  release(buf: PooledBuffer): void {
    if (this.closed) this.rt.pool.adopt(buf);
    else this.pool.release(buf);
  }

  close(): void {
    this.closed = true;
    for (const buf of this.pool.drainFree()) this.rt.pool.adopt(buf);
  }
}

interface Signature {
  arena: Arena;
  placeholders: Tensor[];
  previous: StepLog | null;
  captures: number;
  program: ReplayProgram | null;
  outputs: { buffers: PooledBuffer[]; shapes: number[][]; dtypes: DType[]; build: (ts: Tensor[]) => StepOutput } | null;
  handedOut: Tensor[];
}

export function compileStep<I extends Tensor[], O extends StepOutput>(fn: (...inputs: I) => O, options: CompileStepOptions = {}): CompiledStep<I, O> {
  const name = options.name ?? (fn.name || 'step');
  const eager = options.eager ?? Boolean(process.env.PHASOR_DEBUG);
  const maxCaptures = options.maxCaptures ?? 3;
  const signatures = new Map<string, Signature>();
  const stats: CompiledStepStats = { calls: 0, captures: 0, replays: 0, programs: {} };
  let disposed = false;

  const signatureKey = (inputs: I): string => {
    const shapes = inputs.map((t) => `${fmt(t.shape)} ${t.dtype}`).join(', ');
    return options.variant ? `${shapes} | ${options.variant()}` : shapes;
  };

  const call = (...inputs: I): O => {
    if (disposed) throw new CaptureError(`compileStep(${name}): called after dispose()`);
    stats.calls++;
    if (eager) return fn(...inputs);
    const rt = runtime();
    const key = signatureKey(inputs);
    let s = signatures.get(key);
    if (!s) {
      const arena = new Arena(rt);
      const placeholders = rt.withAllocator(arena, () => inputs.map((t, i) => Tensor.empty(t.shape, t.dtype, `${name}:input${i}`)));
      s = { arena, placeholders, previous: null, captures: 0, program: null, outputs: null, handedOut: [] };
      signatures.set(key, s);
    }
    if (s.program) return replay(rt, s, inputs) as O;
    return capture(rt, s, key, inputs);
  };

  const capture = (rt: Runtime, s: Signature, key: string, inputs: I): O => {
    inputs.forEach((t, i) => copyInto(rt, t, s.placeholders[i]));
    const log = new StepLog(name);
    s.arena.log = log;
    rt.recorder.tap = log;
    let out: O;
    try {
      out = rt.withAllocator(s.arena, () => tidy(() => fn(...(s.placeholders as I))));
    } finally {
      rt.recorder.tap = null;
      s.arena.log = null;
    }
    stats.captures++;
    s.captures++;
    const difference = s.previous ? firstDifference(s.previous, log) : 'first call';
    if (difference === null) {
      s.program = new ReplayProgram(rt.device, rt.recorder, name, log);
      s.outputs = describeOutputs(out);
      stats.programs[key] = s.program.stats;
    } else if (s.captures >= maxCaptures) {
      throw new CaptureError(`compileStep(${name}): calls ${s.captures - 1} and ${s.captures} recorded different work: ${difference}`);
    }
    s.previous = s.program ? null : log;
    return out;
  };

  const copyInputs = (s: Signature, inputs: I) => (encoder: GPUCommandEncoder) => {
    inputs.forEach((t, i) => {
      const dst = s.placeholders[i];
      const src = t.buffer(`${name} input ${i}`);
      if (src !== dst.buffer()) encoder.copyBufferToBuffer(src.buffer, 0, dst.buffer().buffer, 0, t.byteLength);
    });
  };

  const replay = (rt: Runtime, s: Signature, inputs: I): StepOutput => {
    s.program!.run(copyInputs(s, inputs));
    stats.replays++;
    for (const t of s.handedOut) t.dispose();
    const o = s.outputs!;
    s.handedOut = o.buffers.map((b, i) => Tensor.borrowed(b, o.shapes[i], o.dtypes[i], `${name}:output${i}`));
    return o.build(s.handedOut);
  };

  const compiled = call as CompiledStep<I, O>;
  Object.defineProperty(compiled, 'stats', { get: () => stats });
  compiled.profile = async (...inputs: I) => {
    const s = signatures.get(signatureKey(inputs));
    if (!s?.program) throw new CaptureError(`compileStep(${name}): profile() needs a step already captured for these input shapes`);
    return s.program.profile(copyInputs(s, inputs));
  };
  compiled.dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const s of signatures.values()) {
      for (const t of s.handedOut) t.dispose();
      for (const t of s.placeholders) t.dispose();
      s.program?.destroy();
      s.arena.close();
    }
    signatures.clear();
  };
  return compiled;
}

function copyInto(rt: Runtime, src: Tensor, dst: Tensor): void {
  if (src.buffer('compileStep input') === dst.buffer()) return;
  rt.recorder.copy(src.buffer().buffer, 0, dst.buffer().buffer, 0, src.byteLength);
}

/** The output tensors' buffers and how to rebuild the returned structure around new views of them. */
function describeOutputs(out: StepOutput): Signature['outputs'] {
  const list: Tensor[] = [];
  let build: (ts: Tensor[]) => StepOutput;
  if (out === undefined) build = () => undefined;
  else if (out instanceof Tensor) {
    list.push(out);
    build = (ts) => ts[0];
  } else if (Array.isArray(out)) {
    list.push(...out);
    build = (ts) => ts;
  } else {
    const keys = Object.keys(out);
    for (const k of keys) list.push((out as Record<string, Tensor>)[k]);
    build = (ts) => Object.fromEntries(keys.map((k, i) => [k, ts[i]]));
  }
  for (const t of list) {
    if (!(t instanceof Tensor)) throw new CaptureError('compileStep: a step returns a tensor, an array of tensors or an object of tensors');
  }
  return { buffers: list.map((t) => t.buffer('compileStep output')), shapes: list.map((t) => [...t.shape]), dtypes: list.map((t) => t.dtype), build };
}
