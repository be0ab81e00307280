/**
 * Global-norm gradient clipping on the GPU, as torch.nn.utils.clip_grad_norm_ (norm_type 2): with
 * N = √(Σ_k ‖g_k‖²) over all gradients (complex entries contribute |z|²), every gradient is scaled in place by
 * min(1, maxNorm / (N + 1e-6)). Nothing is read back: per-gradient partial sums of squares go to a small buffer,
 * one workgroup reduces them to N and the coefficient, and the scaling dispatches read the coefficient from it.
 *
 * Kernel: shaders/optim/clip-grad-norm.wgsl (entries partial_sums, finalize, apply); 2·gradients + 1 dispatches.
 */
import { runtime } from '../device/runtime.js';
import { launch1d } from '../ops/launch.js';
import { Tensor } from '../tensor/tensor.js';
import { OptimizerError } from './errors.js';

/** Most workgroups (partial sums) per gradient: enough to occupy a GPU, few enough for one finalizing workgroup. */
const MAX_PARTIALS_PER_GRAD = 64;

/**
 * Scales the gradients in place so that their global L2 norm is at most `maxNorm`; returns the norm before
 * clipping as a scalar f32 tensor (still on the GPU; `await norm.item()` to log it).
 */
export function clipGradNorm(grads: ReadonlyMap<unknown, Tensor | null | undefined> | Iterable<Tensor | null | undefined>, maxNorm: number): Tensor<'f32'> {
  const op = 'clipGradNorm';
  if (!(maxNorm >= 0 && Number.isFinite(maxNorm))) throw new OptimizerError(`${op}: maxNorm must be a finite number ≥ 0; got ${maxNorm}`);
  const list = [...(grads instanceof Map ? grads.values() : (grads as Iterable<Tensor | null | undefined>))].filter((g): g is Tensor => !!g && g.size > 0);
  if (new Set(list).size !== list.length) throw new OptimizerError(`${op}: the same gradient tensor appears twice; it would be scaled twice`);
  const kernel = runtime().kernel('optim/clip-grad-norm');
  const [wg] = kernel.workgroupSize({}, 'partial_sums');
  const groups = list.map((g) => Math.min(Math.ceil(g.words / wg), MAX_PARTIALS_PER_GRAD));
  const count = groups.reduce((a, b) => a + b, 0);

  const norm = Tensor.empty([], 'f32', op);
  const coef = Tensor.empty([], 'f32', op);
  const partials = Tensor.empty([Math.max(count, 1)], 'f32', op);
  try {
    const base = { partials: partials.buffer(op), norm: norm.buffer(op), coef: coef.buffer(op) };
    let offset = 0;
    list.forEach((g, k) => {
      kernel.dispatch(
        { grad: g.buffer(op), partials: base.partials },
        { entry: 'partial_sums', params: { n: g.words, offset, count, max_norm: maxNorm }, workgroups: [groups[k]] },
      );
      offset += groups[k];
    });
    if (count === 0) {
      // No gradient elements: N = 0. One zero partial keeps the finalize step uniform.
      runtime().recorder.write(partials.buffer(op).buffer, 0, new Float32Array(1));
    }
    kernel.dispatch(
      { partials: base.partials, norm: base.norm, coef: base.coef },
      { entry: 'finalize', params: { n: 0, offset: 0, count: Math.max(count, 1), max_norm: maxNorm }, workgroups: [1] },
    );
    for (const g of list) {
      launch1d('optim/clip-grad-norm', g.words, { grad: g.buffer(op), coef: base.coef }, { n: g.words, offset: 0, count, max_norm: maxNorm }, {}, 'apply');
    }
  } catch (err) {
    norm.dispose();
    throw err;
  } finally {
    partials.dispose();
    coef.dispose();
  }
  return norm;
}
