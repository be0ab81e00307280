/**
 * Records dispatches into one command encoder and one compute pass, and submits them in batches: a training step
 * becomes a handful of submissions, and nothing waits on the GPU unless a caller awaits a read.
 *
 * Uniform parameters of every dispatch in a batch are packed into one CPU-side ring and uploaded with a single
 * writeBuffer just before the batch is submitted; the ring binding uses a dynamic offset, so bind groups are cached
 * per set of storage buffers and never rebuilt for new parameter values. Reusing the ring after a submit is safe:
 * queue.writeBuffer is ordered after previously submitted work on the queue timeline.
 */
import { DeviceError } from '../errors.js';
import { checkMapBudget } from './map-budget.js';
import type { PooledBuffer } from './pool.js';

/** How a kernel's binding is declared in its WGSL (reflected by kernel.ts). */
export interface BindingInfo {
  name: string;
  binding: number;
  kind: 'storage-read' | 'storage' | 'uniform';
}

/** Everything a dispatch needs: a capture keeps it to rebuild the bind group and replay the dispatch. */
export interface DispatchInfo {
  /** "kernel:entry" */
  kernel: string;
  pipeline: GPUComputePipeline;
  layout: GPUBindGroupLayout;
  bindings: readonly BindingInfo[];
  buffers: Readonly<Record<string, PooledBuffer>>;
  /** byte size of the uniform struct (0 without one) */
  uniformSize: number;
  /** where the parameters sit in this batch's ring (undefined without a uniform struct) */
  uniformOffset: number | undefined;
  workgroups: readonly [number, number, number];
  /** parameters that change from one replay of a captured step to the next, packed at `pack` time */
  dynamic?: DynamicParams;
}

/** Re-evaluated on each replay of a captured step, in recorded order: returns the changing uniform members and packs
 *  them into `words` at byte `offset` (kernel.ts builds it from the WGSL's uniform layout). */
export interface DynamicParams {
  /** the member words (4-byte indices relative to the struct) the values occupy: excluded when two captures are compared */
  readonly words: readonly number[];
  pack(words: UniformWords, offset: number): void;
}

export interface UniformWords {
  f32: Float32Array;
  u32: Uint32Array;
  i32: Int32Array;
}

/** What a step capture observes (engine/capture/). */
export interface RecorderTap {
  dispatch(d: DispatchInfo, ring: Uint8Array): void;
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void;
  write(dst: GPUBuffer, offset: number, data: ArrayBufferView): void;
  /** a readback or a sync: not allowed inside a captured step */
  read(what: string): void;
  host(fn: () => void): void;
}

/** A bind group for `d` whose uniform binding is `uniforms` (bound at a dynamic offset). Every bind group is made
 *  here, after the memory-map budget is checked (map-budget.ts: past it the driver crashes the process). */
export function createBindGroup(device: GPUDevice, d: DispatchInfo, uniforms: GPUBuffer): GPUBindGroup {
  checkMapBudget(`bind group for ${d.kernel}`);
  return device.createBindGroup({
    label: d.kernel,
    layout: d.layout,
    entries: d.bindings.map((b) => ({
      binding: b.binding,
      resource: b.kind === 'uniform' ? { buffer: uniforms, size: d.uniformSize } : { buffer: d.buffers[b.name].buffer },
    })),
  });
}

const RING_BYTES = 1 << 18;
const BIND_GROUP_CACHE_LIMIT = 8192;

export interface RecorderStats {
  dispatches: number;
  submits: number;
  bindGroupsCreated: number;
  bindGroupCacheHits: number;
}

export class Recorder {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly ring: GPUBuffer;
  private readonly staging = new Uint8Array(RING_BYTES);
  private ringUsed = 0;
  private readonly align: number;
  private pending = 0;
  /** set while a step is being captured (engine/capture/): sees every dispatch, copy, write and host hook */
  tap: RecorderTap | null = null;
  /** debug hook (engine/debug/nan-check.ts, PHASOR_DEBUG=nan): called after each dispatch is recorded */
  afterDispatch: ((d: DispatchInfo) => void) | null = null;
  /** kernel names recorded since the last submit, to name the op when WebGPU reports an error */
  private readonly recentOps: string[] = [];
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  private error: DeviceError | null = null;
  readonly stats: RecorderStats = { dispatches: 0, submits: 0, bindGroupsCreated: 0, bindGroupCacheHits: 0 };
  /** dispatches per submission; larger batches amortize submit cost, smaller ones start the GPU sooner */
  maxDispatchesPerSubmit = 256;

  constructor(private readonly device: GPUDevice) {
    this.align = device.limits.minUniformBufferOffsetAlignment;
    this.ring = device.createBuffer({
      size: RING_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      label: 'phasor:uniform-ring',
    });
    device.addEventListener('uncapturederror', (ev) => {
      const err = (ev as GPUUncapturedErrorEvent).error;
      const ops = [...new Set(this.recentOps)].join(', ');
      this.error ??= new DeviceError(`WebGPU ${err.constructor?.name ?? 'error'} in ${ops || 'engine setup'}: ${err.message}`);
    });
  }

  /** Throws the first uncaptured WebGPU error reported since the last check, naming the ops involved. */
  check(): void {
    if (this.error) {
      const e = this.error;
      this.error = null;
      throw e;
    }
  }

  /** Fails from now on with the reason the device was lost. */
  markLost(reason: string): void {
    this.error = new DeviceError(`device lost: ${reason}`);
  }

  /** The CPU side of the uniform ring, as word views: kernels pack their parameters in place (no per-dispatch buffer). */
  readonly uniformWords: UniformWords = {
    f32: new Float32Array(this.staging.buffer),
    u32: new Uint32Array(this.staging.buffer),
    i32: new Int32Array(this.staging.buffer),
  };

  /** Reserves a zeroed slot of `bytes` in this batch's uniform ring (submitting first if full); returns its byte offset. */
  reserveUniform(bytes: number): number {
    const size = Math.ceil(bytes / this.align) * this.align;
    if (this.ringUsed + size > RING_BYTES) this.flush();
    const offset = this.ringUsed;
    this.staging.fill(0, offset, offset + bytes);
    this.ringUsed += size;
    return offset;
  }

  /** The bind group of a dispatch, cached by kernel entry and buffer ids (the uniform ring is bound at a dynamic offset). */
  private bindGroup(d: DispatchInfo): GPUBindGroup {
    let key = d.kernel;
    for (const b of d.bindings) if (b.kind !== 'uniform') key += `|${d.buffers[b.name].id}`;
    const hit = this.bindGroups.get(key);
    if (hit) {
      this.stats.bindGroupCacheHits++;
      return hit;
    }
    if (this.bindGroups.size >= BIND_GROUP_CACHE_LIMIT) this.bindGroups.clear();
    const group = createBindGroup(this.device, d, this.ring);
    this.bindGroups.set(key, group);
    this.stats.bindGroupsCreated++;
    return group;
  }

  /** Forgets cached bind groups that reference destroyed buffers. */
  forgetBuffers(ids: number[]): void {
    if (ids.length) this.bindGroups.clear();
  }

  /** Records one dispatch; its uniform parameters were packed at `d.uniformOffset` of this batch's ring. */
  dispatch(d: DispatchInfo): void {
    this.check();
    const [x, y, z] = d.workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) {
      throw new DeviceError(`${d.kernel}: dispatch of ${x}×${y}×${z} workgroups exceeds ${max} per dimension`);
    }
    const group = this.bindGroup(d);
    const pass = this.computePass();
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, group, d.uniformOffset === undefined ? [] : [d.uniformOffset]);
    pass.dispatchWorkgroups(x, y, z);
    this.tap?.dispatch(d, this.staging);
    this.recentOps.push(d.kernel);
    this.stats.dispatches++;
    if (++this.pending >= this.maxDispatchesPerSubmit) this.flush();
    this.afterDispatch?.(d);
  }

  /** Records a buffer-to-buffer copy in order with the dispatches. */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.check();
    if (bytes === 0) return;
    this.tap?.copy(src, srcOffset, dst, dstOffset, bytes);
    this.endPass();
    this.commandEncoder().copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
    this.recentOps.push('copy');
    this.pending++;
  }

  /** Uploads host data. Pending work is submitted first so that the write cannot overtake it. */
  write(dst: GPUBuffer, offset: number, data: ArrayBufferView): void {
    this.check();
    this.tap?.write(dst, offset, data);
    if (this.pending) this.flush();
    this.device.queue.writeBuffer(dst, offset, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Submits everything recorded so far. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    if (this.ringUsed) this.device.queue.writeBuffer(this.ring, 0, this.staging, 0, this.ringUsed);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.ringUsed = 0;
    this.pending = 0;
    this.recentOps.length = 0;
    this.stats.submits++;
  }

  /** Copies `bytes` from a buffer to the host: flushes, then maps a staging buffer. */
  read(src: GPUBuffer, offset: number, bytes: number, label: string): Promise<ArrayBuffer> {
    this.tap?.read(label); // synchronous: a captured step that reads back fails at the call
    return this.readBack(src, offset, bytes, label);
  }

  private async readBack(src: GPUBuffer, offset: number, bytes: number, label: string): Promise<ArrayBuffer> {
    const size = Math.ceil(bytes / 4) * 4;
    const staging = this.device.createBuffer({
      size: Math.max(size, 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: `${label}:readback`,
    });
    try {
      this.copy(src, offset, staging, 0, size);
      this.flush();
      await staging.mapAsync(GPUMapMode.READ);
      this.check();
      return staging.getMappedRange().slice(0, bytes);
    } catch (err) {
      this.check();
      throw err instanceof DeviceError ? err : new DeviceError(`${label}: readback failed: ${(err as Error).message}`);
    } finally {
      staging.destroy();
    }
  }

  /**
   * Host work that a captured step must repeat on every replay, at this point of the step (an optimizer's step
   * counters, say). Eager execution has already done it; outside a capture this does nothing.
   */
  onReplay(fn: () => void): void {
    this.tap?.host(fn);
  }

  /** Resolves when the GPU has finished all submitted work. */
  sync(): Promise<void> {
    this.tap?.read('sync');
    return this.waitIdle();
  }

  private async waitIdle(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check();
  }

  destroy(): void {
    this.encoder = null;
    this.pass = null;
    this.bindGroups.clear();
    this.ring.destroy();
  }

  private commandEncoder(): GPUCommandEncoder {
    return (this.encoder ??= this.device.createCommandEncoder({ label: 'phasor:batch' }));
  }

  private computePass(): GPUComputePassEncoder {
    return (this.pass ??= this.commandEncoder().beginComputePass({ label: 'phasor:pass' }));
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }
}
