/** Dispatch helpers shared by the DL-JHPF fused ops (kernels in shaders/jhpf/). */
import { grid1d, runtime, ShapeError, Tensor, type Shape } from '../../../engine/index.js';
import { buffersOf } from '../../../engine/ops/launch.js';

/** Runs entry `entry` of kernel `shaders/<kernel>.wgsl` over `invocations` (1-D, WG from the WGSL). */
export function dispatchEntry(
  kernel: string,
  entry: string,
  invocations: number,
  tensors: Record<string, Tensor>,
  params: Record<string, number>,
): void {
  if (invocations === 0) return;
  const rt = runtime();
  const k = rt.kernel(kernel);
  const [wg] = k.workgroupSize({}, entry);
  k.dispatch(buffersOf(kernel, tensors), { entry, params, workgroups: grid1d(invocations, wg, rt.limits.maxComputeWorkgroupsPerDimension) });
}

/** An output gradient when `wanted`, else null; a spare 1-element buffer fills its binding (`spares`, disposed by the caller). */
export function gradOrSpare(wanted: boolean, shape: Shape, dtype: 'f32' | 'c64', label: string, spares: Tensor[]): { grad: Tensor | null; binding: Tensor } {
  if (wanted) {
    const grad = Tensor.empty(shape, dtype, label);
    return { grad, binding: grad };
  }
  const spare = Tensor.empty([1], 'c64', `${label}:unused`);
  spares.push(spare);
  return { grad: null, binding: spare };
}

/**
 * Checks the inputs of a batched op against symbolic shapes (e.g. H: ['B', 'Nr', 'Nt']): every tensor c64 of that
 * rank, each symbol one size throughout. Returns the sizes; throws ShapeError `<op>: expected …; got …`.
 */
export function bindShapes(op: string, inputs: Record<string, [Tensor, readonly string[]]>): Record<string, number> {
  const sizes: Record<string, number> = {};
  const expected = Object.entries(inputs).map(([n, [, dims]]) => `${n} [${dims.join(', ')}]`).join(', ');
  const got = Object.entries(inputs).map(([n, [t]]) => `${n} [${t.shape.join(', ')}] ${t.dtype}`).join(', ');
  for (const [, [t, dims]] of Object.entries(inputs)) {
    let ok = t.dtype === 'c64' && t.rank === dims.length;
    dims.forEach((d, i) => {
      if (!ok) return;
      if (sizes[d] === undefined) sizes[d] = t.shape[i];
      else ok = sizes[d] === t.shape[i];
    });
    if (!ok) throw new ShapeError(`${op}: expected c64 ${expected} with consistent sizes; got ${got}`);
  }
  return sizes;
}

/** Throws unless none of the constant inputs asks for a gradient the kernel does not provide. */
export function requireConstant(op: string, named: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t.requiresGrad) {
      throw new TypeError(`${op}: the fused backward gives no gradient for ${name}; expected a constant ${name} (use the autodiff path to differentiate it)`);
    }
  }
}
