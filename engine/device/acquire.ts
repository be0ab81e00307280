/**
 * Acquires a Dawn adapter and device through npm `webgpu` (Dawn's Node bindings).
 *
 * Environment: PHASOR_BACKEND (vulkan | opengl | opengles | d3d12 | metal | null) and PHASOR_ADAPTER
 * (a substring of the adapter name) select what Dawn enumerates. The device gets the highest limits the adapter
 * offers, and the optional features the engine can use.
 */
import { create, globals } from 'webgpu';
import { DeviceError } from '../errors.js';
import { quietNativeStderr } from './quiet-native-stderr.js';

export interface AcquireOptions {
  backend?: string;
  adapter?: string;
  powerPreference?: GPUPowerPreference;
}

export interface Acquired {
  /** The Dawn instance: must stay referenced while the device is used (a collected instance tears the device down
   *  under it), and be released after the device is destroyed (a live instance keeps Node from exiting). */
  gpu: GPU;
  adapter: GPUAdapter;
  device: GPUDevice;
  info: AdapterSummary;
}

export interface AdapterSummary {
  description: string;
  vendor: string;
  architecture: string;
  backend: string;
  /** true for a CPU-emulated adapter (lavapipe/llvmpipe, SwiftShader). */
  software: boolean;
  features: string[];
  limits: Record<string, number>;
}

const OPTIONAL_FEATURES: GPUFeatureName[] = ['timestamp-query', 'shader-f16', 'subgroups' as GPUFeatureName];

const NO_ADAPTER_HELP =
  'No WebGPU adapter was found. On Linux without a GPU driver, run `npm run setup`: it installs the Vulkan loader ' +
  "(libvulkan1) and Mesa's software Vulkan driver (mesa-vulkan-drivers >= 25; on Debian 12 from bookworm-backports). " +
  'With a GPU, install its Vulkan driver (NVIDIA: the proprietary driver with its Vulkan ICD). ' +
  'PHASOR_BACKEND=vulkan|opengles and PHASOR_ADAPTER=<name> choose among several.';

let globalsInstalled = false;

export async function acquireDevice(options: AcquireOptions = {}): Promise<Acquired> {
  if (!globalsInstalled) {
    // GPUBufferUsage, GPUMapMode, ... are expected as globals by WebGPU code.
    Object.assign(globalThis, globals);
    globalsInstalled = true;
  }
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const backend = options.backend ?? process.env.PHASOR_BACKEND;
  const adapterName = options.adapter ?? process.env.PHASOR_ADAPTER;
  const flags: string[] = [];
  if (backend) flags.push(`backend=${backend}`);
  if (adapterName) flags.push(`adapter=${adapterName}`);

  const gpu = create(flags);
  // Dawn either resolves null or rejects ("no suitable backends found") when nothing matches.
  let reason = '';
  // Dawn prints its limit-clamping notices to fd 2 inside requestAdapter's synchronous part
  const request = (o: GPURequestAdapterOptions) =>
    quietNativeStderr(() => gpu.requestAdapter(o)).catch((e: unknown) => {
      reason = ` (Dawn: ${String((e as Error)?.message ?? e).split('\n')[0]})`;
      return null;
    });
  let adapter = await request({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter && !backend && !adapterName) {
    // Compatibility-mode fallback (e.g. OpenGL ES through Mesa's EGL).
    adapter = await request({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
  }
  if (!adapter) {
    const what = [backend && `backend=${backend}`, adapterName && `adapter=${adapterName}`].filter(Boolean).join(', ');
    throw new DeviceError(`device: no WebGPU adapter${what ? ` for ${what}` : ''}${reason}. ${NO_ADAPTER_HELP}`);
  }

  const requiredLimits: Record<string, number> = {};
  for (const key of limitNames(adapter.limits)) {
    // Dawn reports "unlimited" dynamic-buffer counts that it then clamps with a warning; the defaults suffice.
    if (!key.startsWith('maxDynamic')) requiredLimits[key] = (adapter.limits as unknown as Record<string, number>)[key];
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter!.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'phasor' });

  const info = adapter.info;
  const description = info.description || info.device || info.vendor || 'unknown adapter';
  const summary: AdapterSummary = {
    description,
    vendor: info.vendor,
    architecture: info.architecture,
    backend: backend ?? backendFromDescription(description),
    software: /llvmpipe|lavapipe|swiftshader|software/i.test(`${description} ${info.architecture}`),
    features: [...device.features].sort(),
    limits: Object.fromEntries(limitNames(device.limits).map((k) => [k, (device.limits as unknown as Record<string, number>)[k]])),
  };
  return { gpu, adapter, device, info: summary };
}

function limitNames(limits: GPUSupportedLimits): string[] {
  const names: string[] = [];
  for (let proto = limits; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key !== 'constructor' && typeof (limits as unknown as Record<string, unknown>)[key] === 'number') names.push(key);
    }
  }
  return [...new Set(names)].sort();
}

function backendFromDescription(description: string): string {
  // Dawn's default on Linux is Vulkan; the adapter string does not name the backend.
  if (process.platform === 'darwin') return 'metal';
  if (process.platform === 'win32') return 'd3d12';
  return /OpenGL/i.test(description) ? 'opengles' : 'vulkan';
}
