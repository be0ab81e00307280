/**
 * jax-js (npm `@jax-js/jax`: JAX-style `jit` with kernel fusion, `grad`, WebGPU and WebAssembly backends) as a peer.
 *
 * jax-js finds WebGPU through `navigator.gpu` and reads `navigator.userAgent` when it plans kernels (on every backend);
 * Node 20 has no `navigator`, so the peer installs one for its lifetime: userAgent, hardwareConcurrency, and for the
 * 'webgpu' device a Dawn GPU of its own (bench/dawn-peer.ts: the engine's backend/adapter selection). jax-js asks
 * that GPU for a 'high-performance' adapter, as the engine does, and gets its own device on it.
 *
 * The 'wasm' device runs on one thread under Node: jax-js spreads Wasm kernels over Web Workers only when
 * `SharedArrayBuffer` and a global `Worker` exist, and Node has no global `Worker`.
 *
 * jax-js keeps its initialized backends for the life of the process, so its WebGPU device can be created once per
 * process (close() destroys it).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { adapterDescription, peerGpu } from './dawn-peer.js';

export type JaxModule = typeof import('@jax-js/jax');
export type JaxDevice = 'webgpu' | 'wasm';

export interface JaxPeer {
  jax: JaxModule;
  device: JaxDevice;
  version: string;
  /** the adapter jax-js got (webgpu), or the CPU it runs on (wasm) */
  adapter: string;
  /** removes the navigator it installed; destroys jax-js's WebGPU device */
  close(): Promise<void>;
}

let webgpuUsed = false;

export function jaxVersion(): string {
  const require = createRequire(import.meta.url);
  // package.json is not exported: walk up from the entry point
  const pkg = join(dirname(require.resolve('@jax-js/jax')), '..', 'package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export async function createJaxPeer(device: JaxDevice): Promise<JaxPeer> {
  if (device === 'webgpu' && webgpuUsed) throw new Error('jax-js: its WebGPU backend can be created once per process');
  const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const base = (globalThis as { navigator?: Record<string, unknown> }).navigator ?? {};
  const dawn = device === 'webgpu' ? peerGpu() : null;
  const nav = {
    userAgent: typeof base.userAgent === 'string' ? base.userAgent : `Node.js/${process.version.slice(1)}`,
    hardwareConcurrency: typeof base.hardwareConcurrency === 'number' ? base.hardwareConcurrency : availableParallelism(),
    gpu: dawn?.gpu,
  };
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  const putBack = () => {
    if (had) Object.defineProperty(globalThis, 'navigator', had);
    else delete (globalThis as { navigator?: unknown }).navigator;
  };
  try {
    const jax = await import('@jax-js/jax');
    const devices = await jax.init(device);
    if (!devices.includes(device)) throw new Error(`jax-js: no ${device} backend (init gave ${devices.join(', ')})`);
    jax.defaultDevice(device);
    if (device === 'webgpu') webgpuUsed = true;
    const adapter = device === 'webgpu' ? adapterDescription(dawn!.seen()) : `Wasm, 1 thread (no Worker in Node)`;
    return {
      jax,
      device,
      version: jaxVersion(),
      adapter,
      async close() {
        if (device === 'webgpu') {
          const gpuDevice = jax.getWebGPUDevice();
          await gpuDevice.queue.onSubmittedWorkDone();
          gpuDevice.destroy();
        }
        jax.defaultDevice('wasm');
        putBack();
      },
    };
  } catch (err) {
    putBack();
    throw err;
  }
}
