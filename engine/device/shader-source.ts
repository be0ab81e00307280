/**
 * Loads WGSL at run time: the engine's kernels from `shaders/` by name (`fused/unit-modulus`), and kernels kept
 * elsewhere (beside the models that use them) from files registered with `registerShaderFile`. WGSL has no include
 * mechanism, so a line `//! include lib/complex.wgsl` at the top of a shader pastes that library in (once,
 * recursively): a path starting with `./` or `../` is relative to the including file, any other to `shaders/`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KernelError } from '../errors.js';

export const SHADER_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shaders');
const PROJECT_ROOT = dirname(SHADER_ROOT);

/** Kernels from files outside shaders/: name → absolute path of the .wgsl file. */
const FILES = new Map<string, string>();

/**
 * Makes a WGSL file outside shaders/ a kernel and returns its name: the file's path from the project root without
 * `.wgsl` (`models/jhpf/shaders/signal-flow`), or its absolute path when it lies outside the project. Registering a
 * file again returns the same name.
 */
export function registerShaderFile(file: string | URL): string {
  const path = file instanceof URL || file.startsWith('file:') ? fileURLToPath(file) : resolve(file);
  if (!path.endsWith('.wgsl')) throw new KernelError(`kernel: a shader file must end in .wgsl; got ${path}`);
  if (!existsSync(path)) throw new KernelError(`kernel: no shader file ${path}`);
  const rel = relative(PROJECT_ROOT, path);
  const name = (rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/')).slice(0, -'.wgsl'.length);
  FILES.set(name, path);
  return name;
}

/** Names of the kernels registered from files outside shaders/, sorted. */
export function registeredShaderFiles(): string[] {
  return [...FILES.keys()].sort();
}

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

/** The kernel's WGSL with its includes expanded (`name` under `root`, or a name from registerShaderFile). */
export function loadShaderSource(name: string, root = SHADER_ROOT): string {
  const seen = new Set<string>();
  const main = FILES.get(name) ?? join(root, `${name}.wgsl`);
  const expand = (path: string, include?: string): string => {
    if (seen.has(path)) return '';
    seen.add(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      if (include === undefined) {
        throw new KernelError(`kernel: no shader named '${name}'; known kernels: ${[...listKernels(root), ...registeredShaderFiles()].join(', ')}`);
      }
      throw new KernelError(`kernel ${name}: included file '${include}' not found (${path})`);
    }
    return text.replace(INCLUDE, (_, inc: string) => expand(/^\.\.?\//.test(inc) ? join(dirname(path), inc) : join(root, inc), inc));
  };
  return expand(main);
}
