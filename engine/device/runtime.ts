/**
 * The runtime: one device, its buffer pool, the command recorder and the kernel cache.
 * `await init()` creates the process-wide runtime that tensors and ops use; `await shutdown()` destroys the device
 * and drops every Dawn handle so that Node can exit.
 */
import { DeviceError } from '../errors.js';
import { acquireDevice, type AcquireOptions, type AdapterSummary } from './acquire.js';
import { Kernel } from './kernel.js';
import { BufferPool, type Allocator, type MemoryStats } from './pool.js';
import { Recorder } from './recorder.js';

export class Runtime {
  readonly pool: BufferPool;
  readonly recorder: Recorder;
  private readonly kernels = new Map<string, Kernel>();
  private destroyed = false;
  private arena: Allocator | null = null;

  private constructor(
    private gpu: GPU | null,
    readonly device: GPUDevice,
    readonly info: AdapterSummary,
  ) {
    this.recorder = new Recorder(device);
    this.pool = new BufferPool(device, (ids) => this.recorder.forgetBuffers(ids));
    device.lost.then((lost) => {
      if (!this.destroyed) this.recorder.markLost(`${lost.reason}: ${lost.message}`);
    });
  }

  static async create(options: AcquireOptions = {}): Promise<Runtime> {
    const { gpu, device, info } = await acquireDevice(options);
    return new Runtime(gpu, device, info);
  }

  /** A compiled kernel from shaders/<name>.wgsl (cached). */
  kernel(name: string): Kernel {
    this.assertAlive();
    let k = this.kernels.get(name);
    if (!k) this.kernels.set(name, (k = new Kernel(this.device, this.recorder, name)));
    return k;
  }

  /** Where new tensors get their buffers: the pool, or a captured step's arena while it records (engine/capture/). */
  get allocator(): Allocator {
    return this.arena ?? this.pool;
  }

  /** Runs fn with tensors allocated from `arena`. */
  withAllocator<T>(arena: Allocator, fn: () => T): T {
    const saved = this.arena;
    this.arena = arena;
    try {
      return fn();
    } finally {
      this.arena = saved;
    }
  }

  get limits(): GPUSupportedLimits {
    return this.device.limits;
  }

  memory(): MemoryStats {
    return this.pool.stats();
  }

  /** Submits recorded work without waiting. */
  flush(): void {
    this.recorder.flush();
  }

  /** Waits until the GPU has finished everything submitted. */
  sync(): Promise<void> {
    return this.recorder.sync();
  }

  assertAlive(): void {
    if (this.destroyed) throw new DeviceError('runtime: the device was destroyed by shutdown(); call init() again');
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    try {
      await this.recorder.sync();
    } finally {
      this.destroyed = true;
      this.pool.trim();
      this.recorder.destroy();
      this.kernels.clear();
      this.device.destroy();
      this.gpu = null;
    }
  }
}

let current: Runtime | null = null;
let pending: Promise<Runtime> | null = null;

/** Creates (once) and returns the process-wide runtime. */
export async function init(options: AcquireOptions = {}): Promise<Runtime> {
  if (current && !current.isDestroyed) return current;
  pending ??= Runtime.create(options)
    .then((rt) => (current = rt))
    .finally(() => (pending = null));
  return pending;
}

/** The process-wide runtime; throws if `init()` has not completed. */
export function runtime(): Runtime {
  if (!current || current.isDestroyed) {
    throw new DeviceError('runtime: no device; `await init()` from engine/index.ts before creating tensors');
  }
  return current;
}

/** Destroys the device; the process can exit afterwards. */
export async function shutdown(): Promise<void> {
  const rt = current;
  current = null;
  await rt?.destroy();
}

/** Workgroup counts for `n` invocations of a 1-D kernel, folded into y when x would exceed the limit.
 *  Kernels compute their linear index as gid.x + gid.y · (num_workgroups.x · workgroup size). */
export function grid1d(n: number, workgroupSize: number, maxPerDim = 65535): [number, number] {
  const groups = Math.ceil(n / workgroupSize);
  if (groups <= maxPerDim) return [Math.max(groups, 1), 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y];
}
