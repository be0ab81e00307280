/**
 * Module: a tree of layers owning named parameters (trained, `requiresGrad`) and buffers (state that is not trained,
 * e.g. BatchNorm's running statistics), with PyTorch's naming: a child's tensors are prefixed with its name and a
 * dot (`layers.0.weight`, `layers.1.running_mean`).
 *
 *   const model = mlp([{ units: 256, bn: true, act: 'relu' }, { units: 8 }], { in: 96 });
 *   const opt = new Adam(model.namedParameters(), { lr: 1e-3 });
 *   await saveCheckpoint(path, { tensors: model.stateDict() });
 *   model.loadStateDict((await loadCheckpoint(path, { expect: model.stateSpec() })).tensors);
 *
 * Parameters and buffers are created outside every `tidy` scope (kept) and updated in place (the optimizers write
 * into their buffers), so the tensors `namedParameters()` and `stateDict()` return stay valid for the module's life.
 * `dispose()` releases them.
 */
import { runtime } from '../device/runtime.js';
import { DTypeError, PhasorError, ShapeError } from '../errors.js';
import { CheckpointError } from '../checkpoint/errors.js';
import type { DType } from '../tensor/dtype.js';
import { keep } from '../tensor/scope.js';
import { fmt, sameShape, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** A module's misuse (bad names, a forward pass before the layer is ready, use after dispose). */
export class ModuleError extends PhasorError {}

/** The same shape as the optimizers' `NamedParam`, so `new Adam(model.namedParameters())` works. */
export interface NamedTensor {
  name: string;
  param: Tensor;
}

export interface LoadStateOptions {
  /** refuse missing and unexpected names (default true); false loads the names both sides have */
  strict?: boolean;
}

/**
 * A module with one tensor in and one out: what `Sequential` chains. `In` and `Out` are the dtypes it takes and
 * gives: `Linear` is a UnaryModule<'f32'> and a UnaryModule<'c64'> (real weights keep the input's dtype),
 * `ComplexLinear` a UnaryModule<DType, 'c64'>, the activations and BatchNorm1d UnaryModule<'f32'>.
 */
export interface UnaryModule<In extends DType = DType, Out extends DType = In> extends Module {
  forward(x: Tensor<In>): Tensor<Out>;
}

const NAME = /^[A-Za-z0-9_]+$/;

export abstract class Module {
  /** training mode (default): BatchNorm normalizes with batch statistics and updates its running statistics */
  training = true;
  private readonly ownParams = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();
  private disposed = false;

  /** Type name for messages (the class name). */
  get typeName(): string {
    return this.constructor.name;
  }

  /** Registers a trained tensor: kept out of tidy scopes, marked requiresGrad. Read it back with `param(name, dtype)`. */
  protected registerParameter<T extends Tensor>(name: string, t: T): T {
    this.checkName(name);
    this.ownParams.set(name, keep(t).requireGrad());
    return t;
  }

  /** Registers untrained state saved with the parameters (running statistics). Read it back with `buffer(name, dtype)`. */
  protected registerBuffer<T extends Tensor>(name: string, t: T): T {
    this.checkName(name);
    this.ownBuffers.set(name, keep(t));
    return t;
  }

  /**
   * The parameter registered as `name` (or its stand-in inside `functionalCall`): forward passes read it here. With
   * `dtype`, typed as Tensor<dtype> (checked: DTypeError otherwise).
   */
  protected param(name: string): Tensor;
  protected param<D extends DType>(name: string, dtype: D): Tensor<D>;
  protected param(name: string, dtype?: DType): Tensor {
    this.assertAlive();
    const t = this.ownParams.get(name);
    if (!t) throw new ModuleError(`${this.typeName}: no parameter '${name}'; parameters: ${[...this.ownParams.keys()].join(', ') || 'none'}`);
    return this.typed('parameter', name, t, dtype);
  }

  /** The buffer registered as `name` (or its stand-in inside `functionalCall`); typed as `param`. */
  protected buffer(name: string): Tensor;
  protected buffer<D extends DType>(name: string, dtype: D): Tensor<D>;
  protected buffer(name: string, dtype?: DType): Tensor {
    this.assertAlive();
    const t = this.ownBuffers.get(name);
    if (!t) throw new ModuleError(`${this.typeName}: no buffer '${name}'; buffers: ${[...this.ownBuffers.keys()].join(', ') || 'none'}`);
    return this.typed('buffer', name, t, dtype);
  }

  private typed(what: string, name: string, t: Tensor, dtype?: DType): Tensor {
    if (dtype !== undefined && t.dtype !== dtype) throw new DTypeError(`${this.typeName}: ${what} '${name}' is ${t.dtype}; expected ${dtype}`);
    return t;
  }

  /** True when a parameter `name` is registered (optional parameters such as biases). */
  protected hasParam(name: string): boolean {
    return this.ownParams.has(name);
  }

  /** Registers a child module; its tensors are named `name.<theirs>`. */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkName(name);
    if (!(m instanceof Module)) throw new ModuleError(`${this.typeName}: child '${name}' is not a Module`);
    this.children.set(name, m);
    return m;
  }

  /** Parameters with dotted names, depth first in registration order (own parameters before children's). */
  namedParameters(prefix = ''): NamedTensor[] {
    this.assertAlive();
    const out: NamedTensor[] = [];
    for (const [name, param] of this.ownParams) out.push({ name: prefix + name, param });
    for (const [name, child] of this.children) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map((p) => p.param);
  }

  /** Buffers with dotted names, in the order of `namedParameters`. */
  namedBuffers(prefix = ''): NamedTensor[] {
    this.assertAlive();
    const out: NamedTensor[] = [];
    for (const [name, param] of this.ownBuffers) out.push({ name: prefix + name, param });
    for (const [name, child] of this.children) out.push(...child.namedBuffers(`${prefix}${name}.`));
    return out;
  }

  /** Child modules with dotted names, this module first (name ''). */
  namedModules(prefix = ''): Array<{ name: string; module: Module }> {
    const out: Array<{ name: string; module: Module }> = [{ name: prefix.replace(/\.$/, ''), module: this }];
    for (const [name, child] of this.children) out.push(...child.namedModules(`${prefix}${name}.`));
    return out;
  }

  /** Number of trained scalars (a complex element counts 2, as real degrees of freedom). */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.words, 0);
  }

  /** Sets training mode on this module and every descendant. */
  train(mode = true): this {
    for (const { module } of this.namedModules()) module.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * Parameters and buffers by dotted name: the module's own tensors (not copies), ready for
   * `saveCheckpoint({ tensors: model.stateDict() })`. Do not dispose them.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const { name, param } of [...this.namedParameters(), ...this.namedBuffers()]) out[name] = param;
    return out;
  }

  /** Shapes and dtypes of the state dict: `loadCheckpoint(path, { expect: model.stateSpec() })`. */
  stateSpec(): Record<string, { shape: Shape; dtype: DType }> {
    const out: Record<string, { shape: Shape; dtype: DType }> = {};
    for (const [name, t] of Object.entries(this.stateDict())) out[name] = { shape: t.shape, dtype: t.dtype };
    return out;
  }

  /**
   * Copies tensors into the parameters and buffers of the same names (in place: optimizers keep working). Every name,
   * shape and dtype is checked before anything is copied. The source tensors stay the caller's.
   */
  loadStateDict(state: Record<string, Tensor>, options: LoadStateOptions = {}): void {
    const op = `${this.typeName}.loadStateDict`;
    const own = this.stateDict();
    const strict = options.strict ?? true;
    const missing = Object.keys(own).filter((k) => !(k in state));
    const unexpected = Object.keys(state).filter((k) => !(k in own));
    if (strict && (missing.length || unexpected.length)) {
      throw new CheckpointError(
        `${op}: state names differ from the module's;` +
          (missing.length ? ` missing: ${missing.join(', ')};` : '') +
          (unexpected.length ? ` unexpected: ${unexpected.join(', ')};` : '') +
          ` expected ${Object.keys(own).join(', ')}. Pass { strict: false } to load the common names`,
      );
    }
    const pairs: Array<[Tensor, Tensor]> = [];
    for (const [name, dst] of Object.entries(own)) {
      const src = state[name];
      if (!src) continue;
      if (src.dtype !== dst.dtype) throw new DTypeError(`${op}: '${name}' has dtype ${src.dtype}; expected ${dst.dtype}`);
      if (!sameShape(src.shape, dst.shape)) throw new ShapeError(`${op}: '${name}' has shape ${fmt(src.shape)}; expected ${fmt(dst.shape)}`);
      src.buffer(op);
      pairs.push([src, dst]);
    }
    const rec = runtime().recorder;
    for (const [src, dst] of pairs) {
      if (src !== dst) rec.copy(src.buffer(op).buffer, 0, dst.buffer(op).buffer, 0, dst.byteLength);
    }
  }

  /** Releases every parameter and buffer of this module and its children. */
  dispose(): void {
    if (this.disposed) return;
    for (const child of this.children.values()) child.dispose();
    for (const t of [...this.ownParams.values(), ...this.ownBuffers.values()]) t.dispose();
    this.disposed = true;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  protected assertAlive(): void {
    if (this.disposed) throw new ModuleError(`${this.typeName}: used after dispose()`);
  }

  private checkName(name: string): void {
    if (!NAME.test(name)) {
      throw new ModuleError(`${this.typeName}: name ${JSON.stringify(name)} must be letters, digits or '_' (dots join nested names)`);
    }
    if (this.ownParams.has(name) || this.ownBuffers.has(name) || this.children.has(name)) {
      throw new ModuleError(`${this.typeName}: name '${name}' is already registered`);
    }
  }
}

/**
 * Runs `fn` with some of the module's parameters or buffers (by dotted name) replaced by the given tensors, then puts
 * the module's own back (torch.func.functional_call). Gradients then flow to the given tensors: per-sample or
 * generated weights (hypernetworks), unrolled updates, and finite-difference checks of a layer's parameter gradients.
 * Replacements must match the shapes and dtypes; buffers updated in place during `fn` (BatchNorm's running
 * statistics in training mode) are written into the replacements.
 */
export function functionalCall<T>(module: Module, replacements: Record<string, Tensor>, fn: () => T): T {
  const slots = new Map<string, { map: Map<string, Tensor>; key: string }>();
  for (const { name, module: m } of module.namedModules()) {
    const prefix = name ? `${name}.` : '';
    const maps = m as unknown as { ownParams: Map<string, Tensor>; ownBuffers: Map<string, Tensor> };
    for (const map of [maps.ownParams, maps.ownBuffers]) for (const key of map.keys()) slots.set(prefix + key, { map, key });
  }
  const restore: Array<() => void> = [];
  try {
    for (const [name, t] of Object.entries(replacements)) {
      const slot = slots.get(name);
      if (!slot) {
        throw new ModuleError(`functionalCall: ${module.typeName} has no parameter or buffer '${name}'; it has ${[...slots.keys()].join(', ')}`);
      }
      const own = slot.map.get(slot.key)!;
      if (t.dtype !== own.dtype || !sameShape(t.shape, own.shape)) {
        throw new ShapeError(`functionalCall: '${name}' must be ${fmt(own.shape)} ${own.dtype}; got ${fmt(t.shape)} ${t.dtype}`);
      }
      slot.map.set(slot.key, t);
      restore.push(() => slot.map.set(slot.key, own));
    }
    return fn();
  } finally {
    for (const r of restore.reverse()) r();
  }
}

/**
 * Copies `src` into `dst` in place (same shape and dtype): for buffers updated outside autodiff (running statistics).
 * @internal
 */
export function assignInPlace(op: string, dst: Tensor, src: Tensor): void {
  if (src.dtype !== dst.dtype || !sameShape(src.shape, dst.shape)) {
    throw new ShapeError(`${op}: cannot assign ${fmt(src.shape)} ${src.dtype} to ${fmt(dst.shape)} ${dst.dtype}`);
  }
  runtime().recorder.copy(src.buffer(op).buffer, 0, dst.buffer(op).buffer, 0, dst.byteLength);
}
