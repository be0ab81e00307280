/**
 * Op selectors read from the WGSL. A kernel that runs several ops declares one named constant per op,
 *
 *   const OP_ADD: u32 = 0u;
 *   const OP_SUB: u32 = 1u;
 *   override OP: u32 = OP_ADD;
 *   ... switch (OP) { case OP_ADD: { … } case OP_SUB: { … } … }
 *
 * and the host passes the op by that name (`OP: shaderConstant('elementwise/binary', 'OP_SUB')`): the number exists in
 * the shader only. The constants are parsed from the shader source (includes expanded) once per kernel.
 */
import { loadShaderSource } from '../device/shader-source.js';
import { KernelError } from '../errors.js';

/** A module-scope `const NAME: u32 = 7u;` (or an untyped `const NAME = 7u;`). */
const U32_CONST = /^const\s+([A-Za-z_]\w*)\s*(?::\s*u32\s*)?=\s*(\d+)u?\s*;/gm;

const cache = new Map<string, ReadonlyMap<string, number>>();

/** Every module-scope u32 constant of a kernel's WGSL (its includes expanded), by name. */
export function shaderConstants(kernel: string): ReadonlyMap<string, number> {
  let constants = cache.get(kernel);
  if (!constants) {
    const found = new Map<string, number>();
    for (const m of loadShaderSource(kernel).matchAll(U32_CONST)) found.set(m[1], Number(m[2]));
    constants = found;
    cache.set(kernel, constants);
  }
  return constants;
}

/** The value of `const <name>: u32` in a kernel's WGSL; a KernelError naming the kernel and its constants if absent. */
export function shaderConstant(kernel: string, name: string): number {
  const value = shaderConstants(kernel).get(name);
  if (value === undefined) {
    const known = [...shaderConstants(kernel).keys()].join(', ') || 'none';
    throw new KernelError(`kernel ${kernel}: no constant '${name}' (const ${name}: u32 = …;) in its WGSL; constants: ${known}`);
  }
  return value;
}
