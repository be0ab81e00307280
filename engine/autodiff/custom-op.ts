/**
 * Ops with hand-written gradients, in the shape of JAX's `custom_vjp`: a forward pass that returns its output and the
 * residuals the backward pass needs, and a backward pass from (residuals, g) to the gradients of the inputs.
 *
 *   const cube = defineCustomOp({
 *     name: 'cubeAbs',
 *     forward: ([z]) => ({ out: mul(abs2(z), z), residuals: z }),                       // w = |z|²·z
 *     backwardComposite: (z, g) => [add(mul(conj(g), mul(z, z)), scale(mul(g, abs2(z)), 2))],
 *   });
 *   const w = cube([z]);
 *
 * Conventions (engine/autodiff/graph.ts): PyTorch's, grad = ∂L/∂Re x + j ∂L/∂Im x, the conjugate of JAX's cotangent.
 * For an output w(z, z̄) the rule is grad_z = conj(g)·∂w/∂z̄ + g·conj(∂w/∂z) (holomorphic w: g·conj(w′(z))).
 *
 * Two backward passes, at least one required:
 *   backward           any implementation, typically one WGSL kernel. It runs without recording, so its result is
 *                      not differentiable again: `grad(…, { createGraph: true })` through an op that has only this
 *                      one throws CustomOpGradError naming the op.
 *   backwardComposite  written with differentiable engine ops. Used under createGraph (gradients of gradients), and
 *                      also without it when `backward` is absent.
 * The forward pass runs under `noGrad`: the op is one node of the graph, whatever ops its forward uses. Residuals it
 * computes are therefore constants to a backwardComposite recorded under createGraph; a rule that must be
 * differentiable twice derives what depends on the inputs from `ctx.inputs` or `ctx.out` (the recorded output),
 * not from such residuals.
 *
 * Residuals live in the caller's scope like any intermediate tensor: build the graph and call `grad` inside the same
 * `tidy`. Nothing is disposed by the op itself (the graph may be swept more than once).
 *
 * Non-tensor arguments (constants, options) are the op's `attrs`: passed to forward and to both backward passes,
 * never differentiated (JAX's nondiff_argnums).
 */
import { PhasorError, ShapeError } from '../errors.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { isGradEnabled, noGrad, attachGrad } from './graph.js';

/** A gradient was requested that the op cannot provide (createGraph through a kernel-only backward). */
export class CustomOpGradError extends PhasorError {}

/** What the backward passes see besides the residuals and g. */
export interface BackwardContext<I extends readonly Tensor[], O extends Tensor, A> {
  /** the op's inputs (recorded tensors: differentiable under createGraph) */
  readonly inputs: I;
  /** the op's output (recorded: differentiating through it calls this op's backward again) */
  readonly out: O;
  readonly attrs: A;
}

/**
 * A backward pass: g is the gradient of the output (PyTorch convention; the output's shape and dtype). Returns one
 * gradient per input, in order, each of that input's shape and dtype, or null where none flows (or none is wanted:
 * `ctx.inputs[k].requiresGrad`).
 */
export type BackwardFn<I extends readonly Tensor[], O extends Tensor, R, A> = (
  residuals: R,
  g: O,
  ctx: BackwardContext<I, O, A>,
) => ReadonlyArray<Tensor | null>;

interface DefinitionBase<I extends readonly Tensor[], O extends Tensor, R, A> {
  /** the node's op name (error messages, graph dumps) */
  name: string;
  /** runs under noGrad; `out` may be a new tensor or one of the residuals */
  forward(inputs: I, attrs: A): { out: O; residuals: R };
}

export type CustomOpDefinition<I extends readonly Tensor[], O extends Tensor, R, A = void> = DefinitionBase<I, O, R, A> &
  ({ backward: BackwardFn<I, O, R, A>; backwardComposite?: BackwardFn<I, O, R, A> } | { backward?: undefined; backwardComposite: BackwardFn<I, O, R, A> });

/** The op: forward on `inputs`, recording one node whose VJP is the definition's backward. */
export interface CustomOp<I extends readonly Tensor[], O extends Tensor, A = void> {
  (inputs: I, attrs: A): O;
  readonly opName: string;
  /** true when createGraph (second derivatives) can go through the op */
  readonly twiceDifferentiable: boolean;
}

/** Defines an op with a hand-written VJP (see the file comment). */
export function defineCustomOp<I extends readonly Tensor[], O extends Tensor, R = unknown, A = void>(def: CustomOpDefinition<I, O, R, A>): CustomOp<I, O, A> {
  const { name } = def;
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`defineCustomOp: expected a non-empty name; got ${JSON.stringify(name)}`);
  }
  if (typeof def.forward !== 'function') throw new TypeError(`defineCustomOp(${name}): forward must be a function`);
  if (typeof def.backward !== 'function' && typeof def.backwardComposite !== 'function') {
    throw new TypeError(`defineCustomOp(${name}): expected backward (any implementation) or backwardComposite (differentiable ops); got neither`);
  }

  const apply = (inputs: I, attrs: A): O => {
    if (!Array.isArray(inputs) || !inputs.every((t) => t instanceof Tensor)) {
      throw new TypeError(`${name}: expected an array of input tensors; got ${describe(inputs)}`);
    }
    const result = noGrad(() => {
      const r = def.forward(inputs, attrs);
      if (!r || !(r.out instanceof Tensor)) throw new TypeError(`${name}: forward must return { out: Tensor, residuals }; got ${describe(r)}`);
      // an output that is one of the inputs gets its own view, so that recording does not overwrite the input's node
      return inputs.includes(r.out) ? { out: r.out.reshape(r.out.shape) as O, residuals: r.residuals } : r;
    });
    const { out, residuals } = result;
    const ctx: BackwardContext<I, O, A> = { inputs, out, attrs };
    return attachGrad(name, out, inputs, (g) => {
      // The sweep (backward.ts) runs rules under noGrad unless createGraph asked for a recorded gradient graph.
      const recording = isGradEnabled();
      let rule: BackwardFn<I, O, R, A>;
      if (recording) {
        if (!def.backwardComposite) {
          throw new CustomOpGradError(
            `${name}: createGraph (gradients of gradients) needs a differentiable backward; this op's backward is a kernel that is ` +
              'not recorded. Call grad without createGraph, or give the op a backwardComposite written with engine ops',
          );
        }
        rule = def.backwardComposite;
      } else {
        rule = def.backward ?? def.backwardComposite!;
      }
      const grads = rule(residuals, g as O, ctx);
      return checkGrads(name, grads, inputs);
    });
  };
  return Object.assign(apply, { opName: name, twiceDifferentiable: typeof def.backwardComposite === 'function' }) as CustomOp<I, O, A>;
}

function checkGrads(name: string, grads: ReadonlyArray<Tensor | null>, inputs: readonly Tensor[]): ReadonlyArray<Tensor | null> {
  if (!Array.isArray(grads) || grads.length !== inputs.length) {
    throw new ShapeError(
      `${name}: backward must return one gradient (or null) per input; expected ${inputs.length}, got ${Array.isArray(grads) ? grads.length : describe(grads)}`,
    );
  }
  grads.forEach((gi, k) => {
    if (gi === null || gi === undefined) return;
    const x = inputs[k];
    if (!(gi instanceof Tensor) || gi.dtype !== x.dtype || !sameShape(gi.shape, x.shape)) {
      throw new ShapeError(
        `${name}: backward returned ${gi instanceof Tensor ? `a ${fmt(gi.shape)} ${gi.dtype} gradient` : describe(gi)} for input ${k}; ` +
          `expected the input's ${fmt(x.shape)} ${x.dtype}`,
      );
    }
  });
  return grads.map((gi) => gi ?? null);
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return v.toString();
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  return v === null ? 'null' : typeof v;
}
