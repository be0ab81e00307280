/**
 * The public API for ops written as WGSL kernels outside the engine (a model's fused closed-form layers): load a
 * kernel from a file beside its caller, dispatch one of its entry points on named tensors, check symbolic input
 * shapes, and bind the gradients a backward pass may or may not want.
 *
 *   const KERNEL = defineKernel(new URL('./shaders/signal-flow.wgsl', import.meta.url));
 *   const s = bindShapes('jhpfSignalFlow', { H: [H, ['B', 'N_r', 'N_t']], x: [x, ['B', 'N_t']] });
 *   const y = Tensor.empty([s.B, s.N_r], 'c64', 'jhpfSignalFlow');
 *   dispatchEntry(KERNEL, 'receive', y.size, { h: H, x, y }, { batch: s.B, nr: s.N_r, nt: s.N_t });
 *
 * Bindings are matched by name to the WGSL's `var<storage>` declarations and params to the members of its uniform
 * `Params` struct (engine/device/kernel.ts reflects both from the shader). A kernel file may include the engine's
 * WGSL libraries (`//! include lib/complex.wgsl`) and, with a path starting with `./` or `../`, files beside it.
 * Wrap the dispatches in `defineCustomOp` to give them a hand-written backward.
 */
import type { Overrides, ParamValue } from './device/kernel.js';
import { grid1d, runtime } from './device/runtime.js';
import { registerShaderFile } from './device/shader-source.js';
import { ShapeError } from './errors.js';
import { buffersOf } from './ops/launch.js';
import type { DType } from './tensor/dtype.js';
import type { Shape } from './tensor/shape.js';
import { Tensor } from './tensor/tensor.js';

export type { Overrides as KernelOverrides, ParamValue as KernelParam };

/**
 * Makes a WGSL file a kernel and returns its name for the dispatch functions (the file's path from the project root
 * without `.wgsl`, e.g. `models/jhpf/shaders/signal-flow`). Pass a `file:` URL relative to the calling module,
 * `new URL('./shaders/x.wgsl', import.meta.url)`, or a path. The file must exist; it is compiled on first dispatch.
 * The engine's own kernels need no definition: their names are their paths under shaders/ (`fused/unit-modulus`).
 */
export function defineKernel(file: URL | string): string {
  return registerShaderFile(file);
}

/**
 * Runs entry `entry` of `kernel` over `invocations` invocations of a 1-D launch: workgroups of the entry's size (its
 * `WG` override when `overrides` sets it), folded into y past the per-dimension limit, so the shader's index is
 * `linear_index(gid, nwg, WG)` (shaders/lib/index.wgsl) and it returns for indices ≥ its count. Nothing is recorded
 * for 0 invocations. `entry` may be omitted (undefined) for a shader with one entry point or one named `main`.
 * Throws DisposedTensorError naming the kernel for a disposed tensor, KernelError for a missing binding or param.
 */
export function dispatchEntry(
  kernel: string,
  entry: string | undefined,
  invocations: number,
  tensors: Record<string, Tensor>,
  params: Record<string, ParamValue> = {},
  overrides: Overrides = {},
): void {
  if (invocations === 0) return;
  const k = runtime().kernel(kernel);
  const [wg] = k.workgroupSize(overrides, entry);
  launch(kernel, entry, Math.ceil(invocations / wg), tensors, params, overrides);
}

/**
 * Runs entry `entry` of `kernel` as `workgroups` workgroups (1-D, folded into y past the per-dimension limit): one
 * workgroup per item, e.g. per batch element. Nothing is recorded for 0 workgroups.
 */
export function dispatchWorkgroups(
  kernel: string,
  entry: string | undefined,
  workgroups: number,
  tensors: Record<string, Tensor>,
  params: Record<string, ParamValue> = {},
  overrides: Overrides = {},
): void {
  if (workgroups === 0) return;
  launch(kernel, entry, workgroups, tensors, params, overrides);
}

function launch(
  kernel: string,
  entry: string | undefined,
  groups: number,
  tensors: Record<string, Tensor>,
  params: Record<string, ParamValue>,
  overrides: Overrides,
): void {
  const rt = runtime();
  rt.kernel(kernel).dispatch(buffersOf(kernel, tensors), {
    entry,
    params,
    overrides,
    workgroups: grid1d(groups, 1, rt.limits.maxComputeWorkgroupsPerDimension),
  });
}

/** An input of bindShapes: the tensor, its symbolic dimensions, and its dtype (default 'c64'). */
export type ShapeBinding = readonly [Tensor, readonly string[]] | readonly [Tensor, readonly string[], DType];

/**
 * Checks an op's inputs against symbolic shapes, e.g. { H: [H, ['B', 'N_r', 'N_t']], x: [x, ['B', 'N_t']] }: each
 * tensor has the dtype given (c64 when omitted) and the rank of its list, and each symbol one size throughout.
 * Returns the sizes ({ B, N_r, N_t }); throws ShapeError `<op>: expected c64 H [B, N_r, N_t], … with consistent
 * sizes; got H [2, 3, 4] c64, …` (each expected dtype named when they differ).
 */
export function bindShapes(op: string, inputs: Record<string, ShapeBinding>): Record<string, number> {
  const sizes: Record<string, number> = {};
  const entries = Object.entries(inputs);
  for (const [, [t, dims, dtype = 'c64']] of entries) {
    let ok = t.dtype === dtype && t.rank === dims.length;
    dims.forEach((d, i) => {
      if (!ok) return;
      if (sizes[d] === undefined) sizes[d] = t.shape[i];
      else ok = sizes[d] === t.shape[i];
    });
    if (!ok) {
      const dtypes = new Set(entries.map(([, [, , dt = 'c64']]) => dt));
      const one = dtypes.size === 1 ? `${[...dtypes][0]} ` : '';
      const expected = one + entries.map(([n, [, ds, dt = 'c64']]) => `${n} [${ds.join(', ')}]${one ? '' : ` ${dt}`}`).join(', ');
      const got = entries.map(([n, [x]]) => `${n} [${x.shape.join(', ')}] ${x.dtype}`).join(', ');
      throw new ShapeError(`${op}: expected ${expected} with consistent sizes; got ${got}`);
    }
  }
  return sizes;
}

/**
 * A gradient output of a fused backward: a new tensor when `wanted`, else null. `binding` is what to bind to the
 * kernel's gradient output either way: the gradient, or a 1-element spare (pushed onto `spares` for the caller to
 * dispose after the dispatch) whose index range the kernel leaves empty.
 */
export function gradOrSpare<D extends DType>(
  wanted: boolean,
  shape: Shape,
  dtype: D,
  label: string,
  spares: Tensor[],
): { grad: Tensor<D> | null; binding: Tensor } {
  if (wanted) {
    const grad = Tensor.empty(shape, dtype, label);
    return { grad, binding: grad };
  }
  const spare = Tensor.empty([1], 'c64', `${label}:unused`);
  spares.push(spare);
  return { grad: null, binding: spare };
}

/** Throws TypeError unless every input named here is a constant (a fused backward that gives it no gradient). */
export function requireConstant(op: string, named: Record<string, Tensor>): void {
  for (const [name, t] of Object.entries(named)) {
    if (t.requiresGrad) {
      throw new TypeError(`${op}: the fused backward gives no gradient for ${name}; expected a constant ${name} (use the autodiff path to differentiate it)`);
    }
  }
}
