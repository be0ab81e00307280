/**
 * What the same-adapter peers (TF.js, jax-js) share: a Dawn instance of their own that enumerates the adapters the
 * engine would (PHASOR_BACKEND / PHASOR_ADAPTER, as engine/device/acquire.ts reads them; each peer then asks for a
 * 'high-performance' adapter, as the engine does), and counters of the WebGPU calls a peer makes.
 *
 * The counters wrap methods of Dawn's classes (`globals` of npm `webgpu`) for as long as they are enabled, so they see
 * every device in the process: enable them only around a peer's own steps. They count API calls, the peer-side
 * equivalent of our recorder's stats: dispatchWorkgroups(+Indirect) calls, createBindGroup calls, queue submits.
 */
import { create, globals } from 'webgpu';

/** A Dawn instance for a peer, with the engine's backend/adapter selection; `seen` is the adapter it handed out. */
export function peerGpu(): { gpu: GPU; seen: () => GPUAdapter | null } {
  Object.assign(globalThis, globals);
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const flags: string[] = [];
  if (process.env.PHASOR_BACKEND) flags.push(`backend=${process.env.PHASOR_BACKEND}`);
  if (process.env.PHASOR_ADAPTER) flags.push(`adapter=${process.env.PHASOR_ADAPTER}`);
  const dawn = create(flags);
  let adapter: GPUAdapter | null = null;
  // A plain object in front of Dawn's GPU (whose methods need their own `this`), remembering the adapter.
  const gpu = {
    async requestAdapter(options?: GPURequestAdapterOptions) {
      adapter = await dawn.requestAdapter(options);
      return adapter;
    },
    getPreferredCanvasFormat: () => 'rgba8unorm' as GPUTextureFormat,
    get wgslLanguageFeatures() {
      return dawn.wgslLanguageFeatures;
    },
  } as unknown as GPU;
  return { gpu, seen: () => adapter };
}

/** An adapter's name as the engine reports it (deviceLabel's description). */
export function adapterDescription(adapter: GPUAdapter | null | undefined): string {
  const info = adapter?.info;
  return info?.description || info?.device || info?.vendor || 'unknown adapter';
}

export type GpuCallCounts = {
  dispatches: number;
  bindGroupsCreated: number;
  submits: number;
};

const counts: GpuCallCounts = { dispatches: 0, bindGroupsCreated: 0, submits: 0 };
let restore: Array<() => void> | null = null;

function wrap(cls: { prototype: Record<string, unknown> }, method: string, key: keyof GpuCallCounts): () => void {
  const original = cls.prototype[method] as (...args: unknown[]) => unknown;
  cls.prototype[method] = function (this: unknown, ...args: unknown[]) {
    counts[key]++;
    return original.apply(this, args);
  };
  return () => {
    cls.prototype[method] = original;
  };
}

/** Starts counting WebGPU calls in this process (idempotent). */
export function enableGpuCallCounts(): void {
  if (restore) return;
  const g = globals as unknown as Record<string, { prototype: Record<string, unknown> }>;
  restore = [
    wrap(g.GPUComputePassEncoder, 'dispatchWorkgroups', 'dispatches'),
    wrap(g.GPUComputePassEncoder, 'dispatchWorkgroupsIndirect', 'dispatches'),
    wrap(g.GPUDevice, 'createBindGroup', 'bindGroupsCreated'),
    wrap(g.GPUQueue, 'submit', 'submits'),
  ];
}

/** Stops counting and puts Dawn's methods back. */
export function disableGpuCallCounts(): void {
  for (const r of restore ?? []) r();
  restore = null;
}

/** The running totals (a copy). */
export function gpuCallCounts(): GpuCallCounts {
  return { ...counts };
}
