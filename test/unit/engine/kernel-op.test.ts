/** The public kernel-op API (engine/kernel-op.ts): kernels from files, dispatch by name, symbolic shape checks. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bindShapes,
  defineKernel,
  dispatchEntry,
  dispatchWorkgroups,
  gradOrSpare,
  KernelError,
  requireConstant,
  ShapeError,
  Tensor,
  tensor,
  zeros,
} from '../../../engine/index.js';
import { useRuntime } from '../../helpers/gpu.js';
import { allKernels } from '../../helpers/kernels.js';

useRuntime();

const dir = mkdtempSync(join(tmpdir(), 'phasor-kernel-op-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a local library beside the kernel (./ include) and the engine's lib/index.wgsl (shaders/ include)
writeFileSync(join(dir, 'twice.wgsl'), 'fn twice(v: f32) -> f32 { return 2.0 * v; }\n');
writeFileSync(
  join(dir, 'axpy.wgsl'),
  `//! include lib/index.wgsl
//! include ./twice.wgsl
override WG: u32 = 64;
struct Params { n: u32, a: f32 }
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@compute @workgroup_size(WG)
fn axpy(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.n) { return; }
  y[i] = params.a * x[i] + twice(y[i]);
}
// one workgroup per row of 4: the row sum
@compute @workgroup_size(WG)
fn rows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  if (lid != 0u) { return; }
  var acc = 0.0;
  for (var j = 0u; j < 4u; j++) { acc += x[4u * wid.x + j]; }
  y[wid.x] = acc;
}
`,
);

describe('defineKernel', () => {
  it('loads a WGSL file by URL or path, resolving lib/ includes in shaders/ and ./ includes beside the file', async () => {
    const name = defineKernel(pathToFileURL(join(dir, 'axpy.wgsl')));
    expect(defineKernel(join(dir, 'axpy.wgsl'))).toBe(name);
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], [8]);
    const y = tensor([1, 1, 1, 1, 1, 1, 1, 1], [8]);
    dispatchEntry(name, 'axpy', 5, { x, y }, { n: 5, a: 10 });
    expect([...(await y.read())]).toEqual([12, 22, 32, 42, 52, 1, 1, 1]);
    const sums = zeros([2]);
    dispatchWorkgroups(name, 'rows', 2, { x, y: sums }); // this entry reads no params
    expect([...(await sums.read())]).toEqual([10, 26]);
  });

  it('names a model kernel by its path from the project root', () => {
    expect(defineKernel(new URL('../../../models/jhpf/shaders/bits.wgsl', import.meta.url))).toBe('models/jhpf/shaders/bits');
  });

  it('refuses a missing file or another extension', () => {
    expect(() => defineKernel(join(dir, 'missing.wgsl'))).toThrow(KernelError);
    expect(() => defineKernel(join(dir, 'missing.wgsl'))).toThrow(/no shader file .*missing\.wgsl/);
    expect(() => defineKernel(join(dir, 'axpy.txt'))).toThrow(/must end in \.wgsl/);
  });

  it('names the include that is missing', () => {
    writeFileSync(join(dir, 'broken.wgsl'), '//! include ./nowhere.wgsl\n');
    const name = defineKernel(join(dir, 'broken.wgsl'));
    expect(() => dispatchEntry(name, undefined, 1, {}, {})).toThrow(/included file '\.\/nowhere\.wgsl' not found/);
  });

  it("the shader contract tests see the models' kernels", () => {
    expect(allKernels()).toEqual(expect.arrayContaining(['fused/unit-modulus', 'models/jhpf/shaders/signal-flow', 'models/upganet/shaders/ascent']));
  });
});

describe('bindShapes', () => {
  const c = (shape: number[]) => zeros(shape, 'c64');
  it('returns the size of every symbol', () => {
    expect(bindShapes('op', { H: [c([2, 3, 4]), ['B', 'N', 'M']], x: [c([2, 4]), ['B', 'M']], p: [zeros([3]), ['N'], 'f32'] })).toEqual({
      B: 2,
      N: 3,
      M: 4,
    });
  });

  it('names the op, the expected and the given shapes', () => {
    expect(() => bindShapes('myOp', { H: [c([2, 3, 4]), ['B', 'N', 'M']], x: [c([2, 5]), ['B', 'M']] })).toThrow(ShapeError);
    expect(() => bindShapes('myOp', { H: [c([2, 3, 4]), ['B', 'N', 'M']], x: [c([2, 5]), ['B', 'M']] })).toThrow(
      'myOp: expected c64 H [B, N, M], x [B, M] with consistent sizes; got H [2, 3, 4] c64, x [2, 5] c64',
    );
    expect(() => bindShapes('myOp', { H: [c([2, 3]), ['B', 'N']], p: [c([3]), ['N'], 'f32'] })).toThrow(
      'myOp: expected H [B, N] c64, p [N] f32 with consistent sizes; got H [2, 3] c64, p [3] c64',
    );
  });
});

describe('gradOrSpare and requireConstant', () => {
  it('gives a gradient tensor when wanted, else a spare binding for the caller to dispose', () => {
    const spares: Tensor[] = [];
    const wanted = gradOrSpare(true, [2, 3], 'f32', 'g', spares);
    expect(wanted.grad?.shape).toEqual([2, 3]);
    expect(wanted.binding).toBe(wanted.grad);
    const unwanted = gradOrSpare(false, [2, 3], 'c64', 'g', spares);
    expect(unwanted.grad).toBeNull();
    expect(spares).toEqual([unwanted.binding]);
  });

  it('refuses an input that asks for a gradient the kernel does not give', () => {
    const x = zeros([2]).requireGrad();
    expect(() => requireConstant('op', { x })).toThrow(/op: the fused backward gives no gradient for x/);
    expect(() => requireConstant('op', { y: zeros([2]) })).not.toThrow();
  });
});
