/**
 * Every kernel of the project for the shader contract tests: the engine's (shaders/, by name) and the models'
 * (models/<paper>/shaders/*.wgsl, defined as the models define them, with defineKernel).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineKernel } from '../../engine/index.js';
import { listKernels } from '../../engine/device/shader-source.js';

const MODELS = resolve(__dirname, '..', '..', 'models');

/** The .wgsl files under models/<paper>/shaders/ (sub-folders named lib/ excluded: libraries, not kernels). */
export function modelShaderFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== 'lib') walk(full);
      } else if (entry.endsWith('.wgsl')) out.push(full);
    }
  };
  for (const paper of readdirSync(MODELS)) {
    const dir = join(MODELS, paper, 'shaders');
    try {
      if (statSync(dir).isDirectory()) walk(dir);
    } catch {
      // a model without kernels of its own
    }
  }
  return out.sort();
}

/** Names of every kernel: shaders/ (`fused/unit-modulus`) then the models' (`models/jhpf/shaders/signal-flow`). */
export function allKernels(): string[] {
  return [...listKernels(), ...modelShaderFiles().map((f) => defineKernel(f))];
}
