/**
 * Tensor: a shape, a dtype (f32 | c64) and a pooled GPU buffer, row-major and contiguous.
 * Complex tensors hold interleaved (re, im) float32 pairs. Views (reshape) share the buffer; it returns to the pool
 * when the last tensor using it is disposed.
 *
 * Types carry the meaning: `Tensor<'c64'>` (alias `Complex`) vs `Tensor<'f32'>` (alias `Real`).
 */
import { DisposedTensorError, DTypeError, ShapeError } from '../errors.js';
import type { Allocator, PooledBuffer } from '../device/pool.js';
import { runtime, type Runtime } from '../device/runtime.js';
import { bytesPer, wordsPer, type DType } from './dtype.js';
import { assertShape, fmt, sizeOf, type Shape } from './shape.js';
import { track } from './scope.js';
import { attachGrad, type GradNode } from '../autodiff/graph.js';

class Storage {
  refs = 1;
  constructor(
    readonly rt: Runtime,
    readonly buf: PooledBuffer,
    /** where the buffer returns when the last view is disposed; null: borrowed (its owner frees it) */
    private readonly home: Allocator | null,
  ) {}
  release(): void {
    if (--this.refs === 0 && this.home && !this.rt.isDestroyed) this.home.release(this.buf);
  }
}

let nextTensorId = 1;

/** Debug hook (engine/debug/nan-check.ts, PHASOR_DEBUG=nan): sees every tensor as it is created. */
export const tensorHooks: { created: ((t: Tensor) => void) | null } = { created: null };

export class Tensor<D extends DType = DType> {
  readonly id = nextTensorId++;
  readonly shape: Shape;
  /** number of elements (complex elements count once) */
  readonly size: number;
  private storage: Storage | null;
  /** true for parameters (set by `requireGrad()`) and for results recorded from them */
  requiresGrad = false;
  /** the recorded op that produced this tensor (null for leaves and untracked results) */
  gradNode: GradNode | null = null;

  private constructor(
    shape: Shape,
    readonly dtype: D,
    storage: Storage,
    readonly label: string,
  ) {
    this.shape = Object.freeze([...shape]);
    this.size = sizeOf(shape);
    this.storage = storage;
    track(this);
    tensorHooks.created?.(this);
  }

  /** A new uninitialized tensor (contents are whatever the pooled buffer held). */
  static empty<D extends DType>(shape: Shape, dtype: D, label = 'tensor'): Tensor<D> {
    assertShape(label, shape);
    if (dtype !== 'f32' && dtype !== 'c64') throw new DTypeError(`${label}: unknown dtype '${dtype}'; expected 'f32' or 'c64'`);
    const rt = runtime();
    const bytes = sizeOf(shape) * bytesPer(dtype);
    const home = rt.allocator;
    return new Tensor(shape, dtype, new Storage(rt, home.acquire(bytes, label), home), label);
  }

  /** A tensor over a buffer that something else owns (a captured step's outputs): dispose() leaves the buffer alone. */
  static borrowed<D extends DType>(buf: PooledBuffer, shape: Shape, dtype: D, label: string): Tensor<D> {
    return new Tensor(shape, dtype, new Storage(runtime(), buf, null), label);
  }

  get rank(): number {
    return this.shape.length;
  }

  get isComplex(): boolean {
    return this.dtype === 'c64';
  }

  get isDisposed(): boolean {
    return this.storage === null;
  }

  /** Bytes of payload (size · element bytes). */
  get byteLength(): number {
    return this.size * bytesPer(this.dtype);
  }

  /** The pooled buffer; throws if the tensor was disposed. `op` names the caller in the error. */
  buffer(op = 'tensor'): PooledBuffer {
    if (!this.storage) {
      throw new DisposedTensorError(
        `${op}: tensor #${this.id} (${this.label} ${fmt(this.shape)} ${this.dtype}) was used after dispose(); ` +
          'keep() it or return it from tidy() to use it later',
      );
    }
    return this.storage.buf;
  }

  get runtime(): Runtime {
    this.buffer();
    return this.storage!.rt;
  }

  /** A view with a new shape over the same buffer (sizes must agree; one dimension may be -1). */
  reshape(shape: Shape): Tensor<D> {
    const buf = this.buffer('reshape');
    const known = shape.filter((d) => d !== -1);
    const inferred = shape.length - known.length;
    if (inferred > 1) throw new ShapeError(`reshape: at most one dimension may be -1; got ${fmt(shape)}`);
    const resolved = shape.map((d) => (d === -1 ? this.size / Math.max(sizeOf(known), 1) : d));
    assertShape('reshape', resolved);
    if (sizeOf(resolved) !== this.size) {
      throw new ShapeError(`reshape: cannot view ${fmt(this.shape)} (${this.size} elements) as ${fmt(shape)}`);
    }
    void buf;
    this.storage!.refs++;
    // a view: the gradient is g viewed back in this shape
    return attachGrad('reshape', new Tensor(resolved, this.dtype, this.storage!, this.label), [this], (g) => [g.reshape(this.shape)]);
  }

  /** Reads the data back: Float32Array of size (f32) or 2·size interleaved re/im (c64). */
  read(): Promise<Float32Array> {
    const buf = this.buffer('read');
    return this.storage!.rt.recorder.read(buf.buffer, 0, this.byteLength, `read ${this.label}`).then((b) => new Float32Array(b));
  }

  /** Reads a one-element real tensor as a number. */
  async item(): Promise<number> {
    if (this.size !== 1 || this.dtype !== 'f32') {
      throw new ShapeError(`item: expected a one-element f32 tensor; got ${fmt(this.shape)} ${this.dtype}`);
    }
    return (await this.read())[0];
  }

  /** Marks a leaf tensor (a parameter) whose gradient `backward`/`grad` should compute. */
  requireGrad(flag = true): this {
    this.requiresGrad = flag;
    return this;
  }

  /** Returns the buffer to the pool (idempotent). */
  dispose(): void {
    const s = this.storage;
    if (!s) return;
    this.storage = null;
    s.release();
  }

  toString(): string {
    return `Tensor(${fmt(this.shape)}, ${this.dtype}${this.isDisposed ? ', disposed' : ''})`;
  }

  /** Float32 words in the buffer (elements · 2 for complex). */
  get words(): number {
    return this.size * wordsPer(this.dtype);
  }
}

export type Real = Tensor<'f32'>;
export type Complex = Tensor<'c64'>;
