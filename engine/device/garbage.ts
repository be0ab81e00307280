/**
 * Returns dropped GPU objects to the driver between long runs of dispatches.
 *
 * Why: the recorder caches a bounded number of bind groups and drops the rest for the garbage collector; Dawn frees a
 * dropped bind group only after V8 has collected its wrapper and the device has ticked past its last use. A training
 * step that records tens of thousands of dispatches allocates little on the JS heap, so V8 rarely collects, and on
 * Mesa's lavapipe every bind group holds its own memory mapping: a few such steps exhaust the kernel's 65 530-mapping
 * limit (vm.max_map_count) and the process dies in a failed mmap. Measured on UPGANet (I = 20, J = 10, B = 10):
 * +15 000 mappings per step without a collection, flat at ≈ 23 000 with one after each step.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { runtime } from './runtime.js';

let collect: (() => void) | undefined;
let createdAtLastRelease = 0;

/** V8's full collection: `globalThis.gc` under --expose-gc, else obtained once through the flag at run time. */
function fullGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      v8.setFlagsFromString('--expose_gc');
      collect = vm.runInNewContext('gc') as () => void;
    }
  }
  collect();
}

/** Waits for the device, runs a full garbage collection and lets the finalizers run (one event-loop turn). */
export async function releaseDeviceGarbage(): Promise<void> {
  const rt = runtime();
  await rt.sync();
  createdAtLastRelease = rt.recorder.stats.bindGroupsCreated;
  fullGc();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * releaseDeviceGarbage when more than `threshold` bind groups were created since the last release: cheap to call
 * after every training step (a counter compare), and a collection only when the step churned through bind groups.
 */
export async function releaseDeviceGarbageIfChurned(threshold = 4096): Promise<boolean> {
  if (runtime().recorder.stats.bindGroupsCreated - createdAtLastRelease <= threshold) return false;
  await releaseDeviceGarbage();
  return true;
}
