/**
 * The op registry's entry type: one definition per public op. Each op family (engine/ops/<family>.ts,
 * engine/losses/*) declares its ops in one table with `defineOps`, next to the functions; engine/ops/registry.ts
 * gathers the tables into `OP_REGISTRY`. An entry declares
 *
 *   fn        the exported function (engine/index.ts exports it under the entry's name; a meta-test checks both ways)
 *   call      fn applied to (tensors, attrs): how tests and the shape rule invoke it
 *   kernel    the WGSL kernel(s) and the `const OP_…: u32` selecting its branch (engine/ops/selectors.ts reads the
 *             number from the shader), or null for an op composed of other ops
 *   dtypes    the dtypes every tensor input accepts; `check` throws DTypeError naming the op otherwise
 *   outDType, shape   the output's dtype and shape from the inputs' and the attrs (checked against every test row)
 *   and exactly one gradient rule:
 *     vjp        the vector–Jacobian product, written with differentiable ops (so gradients of gradients work)
 *     composite  true: the op is built from registered ops, which record their own VJPs
 *     noGrad     why there is no rule: asking for a gradient (an input that requires one while recording) throws
 *                NoGradientError naming the op, instead of dropping it silently
 * A spec without one of the three (or with two) does not compile. Its float64 reference and its test rows live in
 * test/unit/engine/op-rows/<family>.ts, typed by the registry's names, so a missing row does not compile either.
 *
 * VJP rules reach ops of other modules through `ops` (filled by registry.ts), never by importing them: an op module
 * imports only modules below it, and the engine has no import cycles (test/unit/engine/import-cycles.test.ts).
 */
import { attachGrad, isGradEnabled } from '../autodiff/graph.js';
import { DTypeError, NoGradientError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { broadcastShapes, fmt, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { shaderConstant } from './selectors.js';

/** A kernel under shaders/ and, for a kernel that runs several ops, the `const` naming this op's branch. */
export interface KernelRef {
  shader: string;
  selector?: string;
}

/**
 * The wildcard for an op's arguments, attrs and saved values where the op is not known (`Op` in a registry, a rule
 * that takes any op). It has to be `any`: these types sit in parameter positions (fn, call, shape, outDType, vjp),
 * where `unknown` would make no specific op assignable to the general `Op`, and AttrsOf reads an undeclared attrs
 * type as "none". The engine's only `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the existential described above, nowhere else
type Wildcard = any;

/** What a VJP sees besides g: the op's inputs and output, and what the forward pass saved for it. */
export interface VjpContext<S = Wildcard> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly saved: S;
}

/** Gradients of the inputs (null: none flows to that input) from g, the gradient of the output (PyTorch convention). */
export type Vjp<S = Wildcard> = (g: Tensor, ctx: VjpContext<S>) => ReadonlyArray<Tensor | null>;

type OpFn = (...args: Wildcard[]) => Tensor;

interface SpecBase<F extends OpFn, A> {
  fn: F;
  call: (inputs: Tensor[], attrs: A) => Tensor;
  kernel: KernelRef | readonly KernelRef[] | null;
  dtypes: readonly DType[];
  outDType: (inputs: readonly DType[], attrs: A) => DType;
  shape: (inputs: readonly Shape[], attrs: A) => Shape;
}

/** An op's declaration: exactly one of `vjp`, `composite`, `noGrad`. */
export type OpSpec<F extends OpFn = OpFn, A = Wildcard, S = Wildcard> = SpecBase<F, A> &
  ({ vjp: Vjp<S>; composite?: never; noGrad?: never } | { composite: true; vjp?: never; noGrad?: never } | { noGrad: string; vjp?: never; composite?: never });

export type GradKind = 'vjp' | 'composite' | 'none';

/** A registered op: its declaration, its name, and the checks and hooks its forward pass calls. */
export interface Op<F extends OpFn = OpFn, A = Wildcard, S = Wildcard> extends SpecBase<F, A> {
  readonly name: string;
  readonly family: string;
  readonly grad: GradKind;
  readonly vjp: Vjp<S> | null;
  /** why there is no gradient rule (grad 'none'), else null */
  readonly noGradReason: string | null;
  /** the kernels as a list (empty for a composite op) */
  readonly kernels: readonly KernelRef[];
  /** the number of the first kernel's selector, read from its WGSL (a KernelError when the constant is missing) */
  readonly selector: number;
  /**
   * Throws DTypeError unless every input has an accepted dtype, and NoGradientError when an op without a gradient rule
   * is asked for one (recording on, an input requires a gradient). Forward passes call it first.
   */
  check(inputs: readonly Tensor[]): void;
  /** Attaches the op's VJP to `out` (when recording and an input requires a gradient); returns out. */
  attach<T extends Tensor>(out: T, inputs: readonly Tensor[], saved?: S): T;
}

type AttrsOf<T> = T extends { call: (inputs: Tensor[], attrs: infer A) => Tensor } ? (unknown extends A ? undefined : A) : never;
type SavedOf<T> = T extends { vjp: Vjp<infer S> } ? S : undefined;
type FnOf<T> = T extends { fn: infer F extends OpFn } ? F : never;

/** Ops of a family by name (`{ add: { fn: add, … }, … }`); each key must be its function's name. */
export function defineOps<T extends Record<string, OpSpec>>(
  family: string,
  specs: T,
): { readonly [K in keyof T]: Op<FnOf<T[K]>, AttrsOf<T[K]>, SavedOf<T[K]>> } {
  const out: Record<string, Op> = {};
  for (const [name, spec] of Object.entries(specs)) out[name] = makeOp(family, name, spec);
  return out as { readonly [K in keyof T]: Op<FnOf<T[K]>, AttrsOf<T[K]>, SavedOf<T[K]>> };
}

function makeOp(family: string, name: string, spec: OpSpec): Op {
  const kinds = [spec.vjp !== undefined, spec.composite !== undefined, spec.noGrad !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw new TypeError(`${family}.${name}: expected exactly one of vjp, composite, noGrad`);
  if (spec.fn.name !== name) throw new TypeError(`${family}.${name}: the entry's key must be its function's name; got ${spec.fn.name}`);
  const kernels: readonly KernelRef[] = spec.kernel === null ? [] : Array.isArray(spec.kernel) ? spec.kernel : [spec.kernel as KernelRef];
  const grad: GradKind = spec.vjp ? 'vjp' : spec.composite ? 'composite' : 'none';
  const accepted = spec.dtypes;
  let selector: number | undefined;
  const op: Op = {
    ...spec,
    name,
    family,
    grad,
    vjp: spec.vjp ?? null,
    noGradReason: spec.noGrad ?? null,
    kernels,
    get selector(): number {
      if (selector === undefined) {
        const k = kernels[0];
        if (!k?.selector) throw new TypeError(`${name}: its kernel has no selector`);
        selector = shaderConstant(k.shader, k.selector);
      }
      return selector;
    },
    check(inputs) {
      for (const t of inputs) {
        if (!accepted.includes(t.dtype)) {
          throw new DTypeError(`${name}: expected ${accepted.join(' or ')} input; got ${t.dtype} ${fmt(t.shape)}`);
        }
      }
      if (grad === 'none' && isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
        throw new NoGradientError(`${name}: no gradient rule (${spec.noGrad}); an input requires a gradient. Wrap the call in noGrad() or detach() its inputs`);
      }
    },
    attach(out, inputs, saved) {
      if (grad !== 'vjp') return out;
      const vjp = spec.vjp!;
      return attachGrad(name, out, inputs, (g) => vjp(g, { inputs, out, saved }));
    },
  };
  return op;
}

// ---- common rules ------------------------------------------------------------------------------------------------

/** Both dtypes. */
export const ANY: readonly DType[] = ['f32', 'c64'];
/** Real tensors only. */
export const REAL: readonly DType[] = ['f32'];

/** The first input's dtype. */
export const sameDType = (d: readonly DType[]): DType => d[0];
/** c64 if any input is complex, else f32. */
export const promoted = (d: readonly DType[]): DType => (d.includes('c64') ? 'c64' : 'f32');
export const realOut = (): DType => 'f32';
export const complexOut = (): DType => 'c64';

/** The first input's shape. */
export const sameShapeRule = (s: readonly Shape[]): Shape => s[0];
/** NumPy broadcasting of two shapes. */
export const broadcastRule = (s: readonly Shape[]): Shape => broadcastShapes('broadcast', s[0], s[1]);

// ---- VJPs reach other modules' ops through the registry ------------------------------------------------------------

/**
 * The registered ops' functions by name, for VJP rules that use ops of other modules. Each module adds the functions
 * it offers with a module augmentation (`declare module './op.js' { interface OpFunctions { neg: typeof neg } }`);
 * engine/ops/registry.ts installs them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OpFunctions {}

let installed: OpFunctions | null = null;

/** Installs the registered functions (engine/ops/registry.ts, once). */
export function installOpFunctions(fns: OpFunctions): void {
  installed = fns;
}

/** `ops.mul(a, b)`: a registered op, looked up when the rule runs. */
export const ops: OpFunctions = new Proxy({} as OpFunctions, {
  get(_, name) {
    if (!installed) {
      throw new Error(`ops.${String(name)}: the op registry is not loaded; import engine/index.js (it loads engine/ops/registry.js)`);
    }
    return (installed as unknown as Record<string | symbol, unknown>)[name];
  },
});
