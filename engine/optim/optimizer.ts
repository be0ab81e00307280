/**
 * What Adam and SGD share: named parameters updated in place (their buffers are referenced elsewhere), gradients
 * aligned to them, per-parameter step counts (as PyTorch keeps `state[p]['step']`), and state for checkpoints.
 */
import { runtime } from '../device/runtime.js';
import { DTypeError, ShapeError } from '../errors.js';
import { CheckpointError } from '../checkpoint/errors.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { keep } from '../tensor/scope.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { OptimizerError } from './errors.js';

export interface NamedParam {
  name: string;
  param: Tensor;
}

/** Gradients keyed by parameter, or aligned with the parameter list; a missing or null gradient skips its parameter. */
export type Grads = ReadonlyMap<Tensor, Tensor | null | undefined> | ReadonlyArray<Tensor | null | undefined>;

export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * An optimizer's state: its own state tensors (not copies; name prefixes such as `m/`, `v/`, `momentum/` followed
 * by the parameter name) and JSON scalars (kind, hyperparameters, per-parameter step counts), ready for
 * `saveCheckpoint({ tensors, metadata: { optimizer: scalars } })`.
 */
export interface OptimizerState {
  tensors: Record<string, Tensor>;
  scalars: { kind: string; steps: Record<string, number>; [key: string]: JsonValue };
}

export abstract class Optimizer {
  readonly params: readonly NamedParam[];
  protected readonly steps: number[];
  private readonly index = new Map<Tensor, number>();
  private disposed = false;
  private _lr: number;

  protected constructor(
    readonly kind: string,
    params: ReadonlyArray<NamedParam>,
    lr: number,
  ) {
    this._lr = checkLr(kind, lr);
    const names = new Set<string>();
    params.forEach(({ name, param }, i) => {
      if (names.has(name)) throw new OptimizerError(`${kind}: duplicate parameter name '${name}'; names must be unique`);
      if (this.index.has(param)) throw new OptimizerError(`${kind}: parameter '${name}' is the same tensor as another parameter`);
      param.buffer(kind);
      names.add(name);
      this.index.set(param, i);
    });
    this.params = Object.freeze(params.map((p) => ({ ...p })));
    this.steps = params.map(() => 0);
  }

  /** Learning rate used by the next `step` (set it from a schedule each step). */
  get lr(): number {
    return this._lr;
  }

  set lr(value: number) {
    this._lr = checkLr(this.kind, value);
  }

  /** Updates every parameter that has a gradient, in place: one fused dispatch per parameter. All gradients are
   *  checked before any parameter changes. */
  step(grads: Grads): void {
    this.assertAlive();
    const aligned = this.align(grads);
    const op = `${this.kind}.step`;
    aligned.forEach((g, i) => {
      if (!g) return;
      const { name, param } = this.params[i];
      if (g === param) throw new OptimizerError(`${op}: the gradient of '${name}' is the parameter tensor itself`);
      if (g.dtype !== param.dtype) {
        throw new DTypeError(`${op}: gradient of '${name}' has dtype ${g.dtype}; expected ${param.dtype} like the parameter`);
      }
      if (!sameShape(g.shape, param.shape)) {
        throw new ShapeError(`${op}: gradient of '${name}' has shape ${fmt(g.shape)}; expected ${fmt(param.shape)} like the parameter`);
      }
      g.buffer(op);
    });
    const rec = runtime().recorder;
    const updates: Array<[number, Tensor]> = [];
    aligned.forEach((g, i) => {
      if (!g) return;
      this.steps[i]++;
      rec.onReplay(() => this.steps[i]++); // a captured step's replay advances the count as this call did
      updates.push([i, g]);
    });
    this.apply(updates);
  }

  /** Updates each (parameter index, gradient) pair; one dispatch per parameter unless a subclass groups them. */
  protected apply(updates: ReadonlyArray<readonly [number, Tensor]>): void {
    for (const [i, g] of updates) this.update(i, g);
  }

  /** Number of updates parameter `name` has received. */
  stepCount(name: string): number {
    const i = this.params.findIndex((p) => p.name === name);
    if (i < 0) throw new OptimizerError(`${this.kind}: no parameter named '${name}'; parameters: ${this.params.map((p) => p.name).join(', ')}`);
    return this.steps[i];
  }

  abstract state(): OptimizerState;

  /** Restores state from `state()` output (e.g. read back with loadCheckpoint): copies tensors into this optimizer's
   *  buffers and restores hyperparameters and step counts. Refuses state of another kind or for other parameters. */
  abstract loadState(state: { tensors: Record<string, Tensor>; scalars: Record<string, unknown> }): void;

  /** Releases the state tensors (parameters belong to the caller). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.stateTensors()) t.dispose();
  }

  /** One parameter's update; reads its step count from `steps[i]` (in `dynamic` params, so that replays see it). */
  protected abstract update(i: number, grad: Tensor): void;

  protected abstract stateTensors(): Tensor[];

  protected assertAlive(): void {
    if (this.disposed) throw new OptimizerError(`${this.kind}: used after dispose()`);
  }

  /** A zero state tensor per parameter, kept out of enclosing tidy() scopes. */
  protected zerosLike(): Tensor[] {
    return this.params.map(({ param }) => keep(zeros(param.shape, param.dtype)));
  }

  protected stepsByName(): Record<string, number> {
    return Object.fromEntries(this.params.map((p, i) => [p.name, this.steps[i]]));
  }

  /** Validates `kind` and the per-parameter step counts of a state to load; returns the counts. */
  protected checkCommon(scalars: Record<string, unknown>): number[] {
    const op = `${this.kind}.loadState`;
    if (scalars.kind !== this.kind) {
      throw new CheckpointError(`${op}: state is for optimizer ${JSON.stringify(scalars.kind)}; expected '${this.kind}'`);
    }
    const steps = scalars.steps as Record<string, unknown> | undefined;
    if (!steps || typeof steps !== 'object') throw new CheckpointError(`${op}: state has no 'steps' map`);
    return this.params.map(({ name }) => {
      const s = steps[name];
      if (!Number.isInteger(s) || (s as number) < 0) {
        throw new CheckpointError(`${op}: step count of '${name}' must be a non-negative integer; got ${JSON.stringify(s)}`);
      }
      return s as number;
    });
  }

  protected setSteps(counts: number[]): void {
    counts.forEach((s, i) => (this.steps[i] = s));
  }

  /** Copies `src[prefix + name]` into `dst[i]` for every parameter (shape and dtype checked first, for all). */
  protected copyState(op: string, prefix: string, src: Record<string, Tensor>, dst: Tensor[]): void {
    const pairs = this.params.map(({ name }, i) => {
      const key = prefix + name;
      const s = src[key];
      if (!s) throw new CheckpointError(`${op}: state tensor '${key}' is missing; got ${Object.keys(src).join(', ') || 'none'}`);
      if (s.dtype !== dst[i].dtype || !sameShape(s.shape, dst[i].shape)) {
        throw new CheckpointError(`${op}: state tensor '${key}' is ${fmt(s.shape)} ${s.dtype}; expected ${fmt(dst[i].shape)} ${dst[i].dtype}`);
      }
      return [s, dst[i]] as const;
    });
    const rec = runtime().recorder;
    for (const [s, d] of pairs) rec.copy(s.buffer(op).buffer, 0, d.buffer(op).buffer, 0, d.byteLength);
  }

  private align(grads: Grads): Array<Tensor | null | undefined> {
    if (Array.isArray(grads)) {
      if (grads.length !== this.params.length) {
        throw new OptimizerError(`${this.kind}.step: got ${grads.length} gradients; expected ${this.params.length}, one per parameter (null to skip)`);
      }
      return grads;
    }
    const map = grads as ReadonlyMap<Tensor, Tensor | null | undefined>;
    return this.params.map(({ param }) => map.get(param));
  }
}

export function checkLr(kind: string, lr: number): number {
  if (!(Number.isFinite(lr) && lr >= 0)) throw new OptimizerError(`${kind}: lr must be a finite number ≥ 0; got ${lr}`);
  return lr;
}

/** Reads a number hyperparameter from loaded scalars. */
export function scalarNumber(op: string, scalars: Record<string, unknown>, key: string): number {
  const v = scalars[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new CheckpointError(`${op}: '${key}' must be a finite number; got ${JSON.stringify(v)}`);
  return v;
}
