import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  AllocationError,
  DeviceError,
  DisposedTensorError,
  DTypeError,
  KernelError,
  ShapeError,
  Tensor,
  add,
  complex,
  keep,
  mul,
  tensor,
  tidy,
  zeros,
} from '../../../engine/index.js';
import { useRuntime } from '../../helpers/gpu.js';
import { allKernels } from '../../helpers/kernels.js';

const rt = useRuntime();

describe('bad input', () => {
  it('shape mismatch names the op and both shapes', () => {
    const a = zeros([2, 3]);
    const b = zeros([4]);
    expect(() => add(a, b)).toThrow(ShapeError);
    expect(() => add(a, b)).toThrow(/add: shapes \[2, 3\] and \[4\] do not broadcast/);
  });

  it('use after dispose', () => {
    const a = zeros([3]);
    a.dispose();
    expect(() => mul(a, a)).toThrow(DisposedTensorError);
    expect(() => mul(a, a)).toThrow(/mul: tensor #\d+ .* was used after dispose/);
  });

  it('dtype mismatch', () => {
    const z = zeros([3], 'c64');
    expect(() => complex(z as unknown as Tensor<'f32'>, zeros([3]))).toThrow(DTypeError);
    expect(() => complex(z as unknown as Tensor<'f32'>, zeros([3]))).toThrow(/complex: expected f32 input; got c64 \[3\]/);
  });

  it('wrong upload length', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/tensor: \[2, 2\] f32 needs 4 float32 values; got 3/);
  });

  it('allocation over the device limit', () => {
    const limit = rt().limits.maxStorageBufferBindingSize;
    expect(() => zeros([Math.ceil(limit / 4) + 1024])).toThrow(AllocationError);
    expect(() => zeros([Math.ceil(limit / 4) + 1024])).toThrow(/exceeds the device limit/);
  });

  it('unknown kernel lists the real ones', () => {
    expect(() => rt().kernel('elementwise/nope')).toThrow(KernelError);
    expect(() => rt().kernel('elementwise/nope')).toThrow(/known kernels: .*elementwise\/binary/);
  });

  it('unknown kernel parameter names the real members', () => {
    const out = zeros([4]);
    expect(() =>
      rt()
        .kernel('tensor/fill')
        .dispatch({ out: out.buffer() }, { params: { n: 4, value: [1, 0], bogus: 1 }, workgroups: [1] }),
    ).toThrow(/unknown param 'bogus'; Params has: n, value/);
  });

  it('an uncaptured WebGPU error becomes a thrown DeviceError naming the op', async () => {
    const t = zeros([64]);
    const buf = t.buffer();
    // binding one buffer as both read-only and writable storage is a validation error
    rt()
      .kernel('elementwise/binary')
      .dispatch(
        { a: buf, b: buf, out: buf },
        { params: { n: 64, rank: 1, shape: [64], stride_a: [1], stride_b: [1] }, overrides: { SAME_SHAPE: 1 }, workgroups: [1] },
      );
    await expect(rt().sync()).rejects.toThrow(DeviceError);
    // the runtime stays usable afterwards
    expect(Array.from(await add(tensor([1], [1]), tensor([2], [1])).read())).toEqual([3]);
  });
});

describe('device acquisition', () => {
  it('no adapter: the error says what to install and that npm run setup does it', async () => {
    const { acquireDevice } = await import('../../../engine/device/acquire.js');
    const err = await acquireDevice({ adapter: 'no-such-adapter-xyz' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceError);
    expect(String((err as Error).message)).toMatch(/no WebGPU adapter for adapter=no-such-adapter-xyz/);
    expect(String((err as Error).message)).toMatch(/npm run setup.*mesa-vulkan-drivers/s);
  });
});

describe('memory', () => {
  it('10 000 iterations of a small op graph leave live memory flat', async () => {
    const x = tensor([1, 2, 3, 4], [4]);
    const w = tensor([0.5, 0.25, 0.125, 1], [4]);
    let acc: Tensor = keep(zeros([4], 'c64'));
    const created0 = rt().recorder.stats.bindGroupsCreated;
    let after10 = 0;
    for (let i = 0; i < 10_000; i++) {
      const next = tidy(() => add(acc, mul(complex(x, w), complex(w, x))));
      acc.dispose();
      acc = keep(next);
      if (i === 10) after10 = rt().memory().liveBytes;
    }
    expect(rt().memory().liveBytes).toBe(after10);
    // pooled buffers recur, so bind groups come from the cache
    expect(rt().recorder.stats.bindGroupsCreated - created0).toBeLessThan(50);
    expect((await acc.read())[0]).toBeCloseTo(10_000 * (1 * 0.5 - 0.5 * 1), 3);
  });

  it('tidy disposes intermediates and keeps returned tensors', () => {
    const before = rt().memory().liveBytes;
    const kept = tidy(() => {
      const a = zeros([100]);
      const b = add(a, a);
      return { b };
    });
    expect(kept.b.isDisposed).toBe(false);
    expect(rt().memory().liveBytes).toBe(before + kept.b.buffer().size);
    kept.b.dispose();
    expect(rt().memory().liveBytes).toBe(before);
  });

  it('reshape is a view sharing the buffer', async () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const v = a.reshape([3, -1]);
    expect(v.shape).toEqual([3, 2]);
    a.dispose();
    expect(Array.from(await v.read())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => a.reshape([6])).toThrow(DisposedTensorError);
    expect(() => v.reshape([4])).toThrow(/reshape: cannot view \[3, 2\] \(6 elements\) as \[4\]/);
  });
});

describe('execution model', () => {
  it('records many dispatches into few submissions and reads back only when awaited', async () => {
    const s0 = { ...rt().recorder.stats };
    const x = tensor(new Float32Array(64).fill(1), [64]);
    let y = x;
    for (let i = 0; i < 200; i++) y = add(y, x);
    const s1 = rt().recorder.stats;
    expect(s1.dispatches - s0.dispatches).toBe(200);
    // the upload flushed once; 200 dispatches fit in one batch that has not been submitted yet
    expect(s1.submits - s0.submits).toBeLessThanOrEqual(1);
    expect((await y.read())[0]).toBe(201);
  });

  it('every shader compiles without errors', async () => {
    for (const name of allKernels()) {
      const k = rt().kernel(name);
      expect(k.name).toBe(name);
    }
    const messages: string[] = [];
    const { loadShaderSource } = await import('../../../engine/device/shader-source.js');
    for (const name of allKernels()) {
      const info = await rt()
        .device.createShaderModule({ code: loadShaderSource(name) })
        .getCompilationInfo();
      for (const m of info.messages) if (m.type === 'error') messages.push(`${name}:${m.lineNum}: ${m.message}`);
    }
    expect(messages).toEqual([]);
  });
});

describe('process lifetime', () => {
  it('a script exits by itself after shutdown()', () => {
    const script = `
      import { init, tensor, add, shutdown } from './engine/index.ts';
      await init();
      const r = await add(tensor([1], [1]), tensor([2], [1])).read();
      await shutdown();
      console.log('result', r[0]);
    `;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('result 3');
  });
});

describe('shader conventions', () => {
  it('no helper-function parameter shares a name with a binding (wgsl_reflect would bind it)', async () => {
    const { loadShaderSource } = await import('../../../engine/device/shader-source.js');
    const clashes: string[] = [];
    for (const name of allKernels()) {
      const src = loadShaderSource(name);
      const bindings = new Set([...src.matchAll(/var<(?:storage|uniform)[^>]*>\s+(\w+)/g)].map((m) => m[1]));
      for (const fn of src.matchAll(/fn\s+(\w+)\s*\(([^)]*)\)/g)) {
        for (const p of fn[2].matchAll(/(\w+)\s*:/g)) if (bindings.has(p[1])) clashes.push(`${name}: ${fn[1]}(${p[1]})`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('uniform parameters are one struct named Params, and workgroup sizes are override constants', async () => {
    const { loadShaderSource } = await import('../../../engine/device/shader-source.js');
    const bad: string[] = [];
    for (const name of allKernels()) {
      const src = loadShaderSource(name);
      for (const m of src.matchAll(/var<uniform>\s+\w+\s*:\s*(\w+)/g)) if (m[1] !== 'Params') bad.push(`${name}: uniform of type ${m[1]}`);
      for (const m of src.matchAll(/@workgroup_size\(([^)]*)\)/g)) {
        if (/^\s*\d/.test(m[1])) bad.push(`${name}: literal @workgroup_size(${m[1]})`);
      }
    }
    expect(bad).toEqual([]);
  });
});
