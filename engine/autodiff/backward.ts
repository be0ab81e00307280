/**
 * Reverse-mode sweep: iterative topological sort (deep unrolled graphs would overflow a recursive one), then one
 * pass from the output to the leaves, accumulating gradients in a Map. Intermediate gradients are disposed as soon
 * as their node has run, unless `createGraph` keeps them as part of a differentiable graph.
 */
import { DTypeError, ShapeError } from '../errors.js';
import { add } from '../ops/elementwise.js';
import { ones } from '../tensor/create.js';
import { tidy } from '../tensor/scope.js';
import { fmt, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { noGrad } from './graph.js';

// graph.ts's tensor type (it cannot import tensor.ts, which imports it)
declare module './graph.js' {
  interface GraphTypes {
    tensor: Tensor;
  }
}

export interface GradOptions {
  /** record the gradient computation itself, so that the gradients can be differentiated again */
  createGraph?: boolean;
}

/** Gradients of a real scalar `output` with respect to `inputs` (null where no path exists). */
export function grad(output: Tensor, inputs: readonly Tensor[], options: GradOptions = {}): Array<Tensor | null> {
  const all = sweep(output, options, new Set(inputs));
  const result = inputs.map((t) => all.get(t) ?? null);
  const wanted = new Set<Tensor>(inputs);
  for (const [t, g] of all) if (!wanted.has(t) && !options.createGraph) g.dispose();
  return result;
}

/** Gradients of a real scalar with respect to every leaf that requires a gradient (parameters). */
export function backward(output: Tensor, options: GradOptions = {}): Map<Tensor, Tensor> {
  const all = sweep(output, options);
  const leaves = new Map<Tensor, Tensor>();
  for (const [t, g] of all) {
    if (t.gradNode === null) leaves.set(t, g);
    else if (!options.createGraph) g.dispose();
  }
  return leaves;
}

/** Returns the gradient of every tensor on a path to `output` that requires a gradient. */
function sweep(output: Tensor, { createGraph = false }: GradOptions, keepFor: ReadonlySet<Tensor> = new Set()): Map<Tensor, Tensor> {
  if (output.dtype !== 'f32' || output.size !== 1) {
    throw new ShapeError(`backward: expected a real scalar loss; got ${fmt(output.shape)} ${output.dtype}`);
  }
  if (!output.requiresGrad) {
    throw new DTypeError('backward: the loss does not depend on any tensor that requires a gradient');
  }
  const order = topologicalOrder(output);
  const grads = new Map<Tensor, Tensor>();
  const run = () => {
    grads.set(output, ones(output.shape));
    for (const t of order) {
      const g = grads.get(t);
      const node = t.gradNode;
      if (!g || !node) continue;
      // Without createGraph the rule's temporaries (conj(b), masks, broadcast zeros …) are released as soon as it
      // returns; with it they are part of the recorded gradient graph and belong to the caller's scope.
      const inputGrads = createGraph ? node.vjp(g) : tidy(() => node.vjp(g));
      const returned = new Set<Tensor>();
      node.inputs.forEach((input, i) => {
        let gi = inputGrads[i];
        // a rule that hands back g itself, or one tensor for two inputs, gets views: each stored gradient must be
        // disposable on its own (g is disposed below, and accumulation disposes what it replaces)
        if (gi && (gi === g || returned.has(gi))) gi = gi.reshape(gi.shape);
        if (gi) returned.add(gi);
        if (!gi || !input.requiresGrad) {
          if (gi && !createGraph) gi.dispose();
          return;
        }
        // the shape, not only the size: accumulating a [3, 1] and a [1, 3] gradient would broadcast to [3, 3]
        if (gi.dtype !== input.dtype || !sameShape(gi.shape, input.shape)) {
          throw new ShapeError(
            `backward: the rule of ${node.op} returned a ${fmt(gi.shape)} ${gi.dtype} gradient for a ${fmt(input.shape)} ${input.dtype} input`,
          );
        }
        const prev = grads.get(input);
        if (prev) {
          grads.set(input, add(prev, gi) as Tensor);
          if (!createGraph) {
            prev.dispose();
            gi.dispose();
          }
        } else {
          grads.set(input, gi);
        }
      });
      // this node's own gradient is no longer needed unless the caller asked for it (leaves are kept)
      if (!createGraph && t !== output && !keepFor.has(t)) {
        grads.delete(t);
        g.dispose();
      }
    }
  };
  if (createGraph) run();
  else noGrad(run);
  return grads;
}

/** Post-order DFS with an explicit stack; returned from the output towards the leaves. */
function topologicalOrder(root: Tensor): Tensor[] {
  const visited = new Set<Tensor>();
  const post: Tensor[] = [];
  const stack: Array<[Tensor, number]> = [[root, 0]];
  visited.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.gradNode?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const next = inputs[i];
      if (next.requiresGrad && !visited.has(next)) {
        visited.add(next);
        stack.push([next, 0]);
      }
    } else {
      stack.pop();
      post.push(t);
    }
  }
  return post.reverse();
}
