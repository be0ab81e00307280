/**
 * Loads WGSL from `shaders/` at run time. WGSL has no include mechanism, so a line
 * `//! include lib/complex.wgsl` at the top of a shader pastes that library in (once, recursively).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelError } from '../errors.js';

export const SHADER_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shaders');

const INCLUDE = /^\/\/!\s*include\s+(\S+)\s*$/gm;

/** All kernel names (paths under shaders/ without `.wgsl`), libraries under lib/ excluded. */
export function listKernels(root = SHADER_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.wgsl')) out.push(relative(root, full).split(sep).join('/').slice(0, -5));
    }
  };
  walk(root);
  return out.filter((name) => !name.startsWith('lib/')).sort();
}

/** The kernel's WGSL with its includes expanded. */
export function loadShaderSource(name: string, root = SHADER_ROOT): string {
  const seen = new Set<string>();
  const expand = (file: string): string => {
    if (seen.has(file)) return '';
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      if (file === `${name}.wgsl`) {
        throw new KernelError(`kernel: no shader named '${name}'; known kernels: ${listKernels(root).join(', ')}`);
      }
      throw new KernelError(`kernel ${name}: included file '${file}' not found under shaders/`);
    }
    return text.replace(INCLUDE, (_, inc: string) => expand(inc));
  };
  return expand(`${name}.wgsl`);
}
