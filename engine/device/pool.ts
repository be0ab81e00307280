/**
 * Size-class buffer pool. Buffers are rounded up to a class (4 classes per power of two, so at most 25 % slack)
 * and returned to a free list on release instead of being destroyed: allocation in a training loop is a list pop.
 */
import { AllocationError } from '../errors.js';

/** The pooled buffer that owns each GPUBuffer (a capture names the buffers of copies and writes by it). */
const owners = new WeakMap<GPUBuffer, PooledBuffer>();

/** The pooled buffer wrapping `buffer`, if a pool created it. */
export function pooledOf(buffer: GPUBuffer): PooledBuffer | undefined {
  return owners.get(buffer);
}

/** Where tensors get their buffers: the runtime's pool, or a captured step's arena while it records. */
export interface Allocator {
  acquire(bytes: number, label: string): PooledBuffer;
  release(buf: PooledBuffer): void;
}

export interface PooledBuffer {
  /** stable id, used in bind-group cache keys */
  readonly id: number;
  readonly buffer: GPUBuffer;
  /** the size class in bytes (≥ the requested size) */
  readonly size: number;
  /** incremented each time the buffer is handed out: a captured step notices a buffer that changed hands */
  generation: number;
}

export interface MemoryStats {
  /** bytes held by buffers currently in use */
  liveBytes: number;
  /** bytes held by free buffers kept for reuse */
  pooledBytes: number;
  liveBuffers: number;
  pooledBuffers: number;
}

const MIN_BYTES = 256;

export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const octave = 2 ** Math.floor(Math.log2(bytes));
  const step = octave / 4;
  return Math.ceil(bytes / step) * step;
}

export class BufferPool implements Allocator {
  private readonly free = new Map<number, PooledBuffer[]>();
  private static nextId = 1;
  private live = 0;
  private liveCount = 0;
  private pooled = 0;
  private pooledCount = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly onDestroy: (ids: number[]) => void,
  ) {}

  acquire(bytes: number, label: string): PooledBuffer {
    const size = sizeClass(Math.max(bytes, 4));
    const limit = Math.min(this.device.limits.maxBufferSize, this.device.limits.maxStorageBufferBindingSize);
    if (size > limit) {
      throw new AllocationError(
        `${label}: allocation of ${bytes} bytes exceeds the device limit; expected at most ${limit} bytes ` +
          `(maxStorageBufferBindingSize/maxBufferSize of this adapter). Split the batch or use a GPU with larger limits.`,
      );
    }
    const list = this.free.get(size);
    let buf = list?.pop();
    if (buf) {
      this.pooled -= size;
      this.pooledCount--;
    } else {
      buf = {
        id: BufferPool.nextId++,
        buffer: this.device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label }),
        size,
        generation: 0,
      };
      owners.set(buf.buffer, buf);
    }
    buf.generation++;
    this.live += size;
    this.liveCount++;
    return buf;
  }

  release(buf: PooledBuffer): void {
    buf.generation++;
    this.live -= buf.size;
    this.liveCount--;
    this.pooled += buf.size;
    this.pooledCount++;
    let list = this.free.get(buf.size);
    if (!list) this.free.set(buf.size, (list = []));
    list.push(buf);
  }

  /** Removes and returns every free buffer (a closing arena hands them to the runtime's pool). */
  drainFree(): PooledBuffer[] {
    const out = [...this.free.values()].flat();
    this.free.clear();
    this.pooled = 0;
    this.pooledCount = 0;
    return out;
  }

  /** Takes a buffer created by another pool (ids are unique across pools) into this pool's free lists. */
  adopt(buf: PooledBuffer): void {
    this.live += buf.size;
    this.liveCount++;
    this.release(buf);
  }

  /** Destroys every free buffer (live ones are untouched). */
  trim(): void {
    const ids: number[] = [];
    for (const list of this.free.values()) {
      for (const b of list) {
        ids.push(b.id);
        b.buffer.destroy();
      }
    }
    this.free.clear();
    this.pooled = 0;
    this.pooledCount = 0;
    if (ids.length) this.onDestroy(ids);
  }

  stats(): MemoryStats {
    return { liveBytes: this.live, pooledBytes: this.pooled, liveBuffers: this.liveCount, pooledBuffers: this.pooledCount };
  }
}
