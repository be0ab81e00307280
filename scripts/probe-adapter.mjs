// Exits 0 and prints the adapter when Dawn can create a WebGPU adapter, 1 otherwise.
// Kept dependency-free (only `webgpu`) so `npm run setup` can run it before anything else is built.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const flags = [];
if (process.env.PHASOR_BACKEND) flags.push(`backend=${process.env.PHASOR_BACKEND}`);
if (process.env.PHASOR_ADAPTER) flags.push(`adapter=${process.env.PHASOR_ADAPTER}`);
let gpu = create(flags);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
// eslint-disable-next-line no-useless-assignment -- drops the last reference to Dawn's instance before the device test
gpu = undefined;
if (!adapter) {
  console.error('no WebGPU adapter');
  process.exit(1);
}
const info = adapter.info ?? {};
console.log(`adapter: ${info.description || info.device || '?'} (vendor ${info.vendor || '?'}, architecture ${info.architecture || '?'})`);
const device = await adapter.requestDevice();
device.destroy();
process.exit(0);
