/**
 * The recorded graph. An op whose inputs require gradients attaches a GradNode to its result: the inputs and a
 * vector–Jacobian product written with differentiable ops, so that gradients of gradients are recorded too
 * (UPGANet trains step sizes through unrolled gradient steps).
 *
 * Complex convention (PyTorch's): for a real loss L and z = x + jy the gradient is ∂L/∂x + j ∂L/∂y. A VJP receives
 * g = grad of the output in this convention and returns the inputs' gradients in it; for a holomorphic f,
 * grad_z = g · conj(f′(z)); a real input receives the real part of what a complex one would.
 */

/**
 * The tensor type, declared by engine/autodiff/backward.ts (`declare module './graph.js' { interface GraphTypes
 * { tensor: Tensor } }`): engine/tensor/tensor.ts imports this module for attachGrad, so this module does not import
 * it back, not even for a type (no import cycle).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GraphTypes {}
type Tensor = GraphTypes extends { tensor: infer T extends GraphTensor } ? T : GraphTensor;

/** What the graph itself touches of a tensor. */
interface GraphTensor {
  requiresGrad: boolean;
  gradNode: GradNode | null;
  readonly shape: readonly number[];
  reshape(shape: readonly number[]): GraphTensor;
}

export interface GradNode {
  /** op name, for error messages */
  readonly op: string;
  readonly inputs: readonly Tensor[];
  /** gradients of the inputs (null: no gradient flows to that input) from g, the gradient of the output */
  readonly vjp: (g: Tensor) => ReadonlyArray<Tensor | null>;
}

let gradDepth = 0;

/** True unless inside `noGrad`. */
export function isGradEnabled(): boolean {
  return gradDepth === 0;
}

/** Runs fn without recording (inference, optimizer updates, gradient evaluation without create_graph). */
export function noGrad<T>(fn: () => T): T {
  gradDepth++;
  try {
    return fn();
  } finally {
    gradDepth--;
  }
}

/**
 * Runs fn with recording on, even inside `noGrad` or a backward rule that runs without createGraph: a custom op's
 * backward that recomputes a composite function and differentiates it with `grad` needs a graph to sweep.
 */
export function enableGrad<T>(fn: () => T): T {
  const saved = gradDepth;
  gradDepth = 0;
  try {
    return fn();
  } finally {
    gradDepth = saved;
  }
}

/**
 * Attaches a grad node to `out` (the op's name, its inputs and its VJP) when recording is on and any input requires a
 * gradient; returns `out`. Called by ops after their forward pass. (Not to be confused with engine/device's
 * `Recorder`, which records GPU commands.)
 */
export function attachGrad<T extends Tensor>(op: string, out: T, inputs: readonly Tensor[], vjp: GradNode['vjp']): T {
  if (gradDepth === 0 && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradNode = { op, inputs, vjp };
  }
  return out;
}

/** The result tensor with its graph history dropped (shares the buffer). */
export function detach<T extends Tensor>(t: T): T {
  const view = t.reshape(t.shape) as T;
  view.requiresGrad = false;
  view.gradNode = null;
  return view;
}
