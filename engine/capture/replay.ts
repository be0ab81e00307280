/**
 * A step log turned into a replayable program, built once: its own uniform buffer (every dispatch's parameters at a
 * fixed offset, the dynamic ones first so that one write refreshes them), its bind groups (created here, never
 * again), uploads turned into copies from one constants buffer (so the step needs no mid-step submit), and the host
 * hooks and dynamic-parameter packers in recorded order. A replay runs the host program, writes the dynamic
 * uniforms, encodes the commands into one command buffer and submits it: no allocation, no shape check, no bind group.
 */
import { CaptureError } from '../errors.js';
import { createBindGroup, type Recorder, type UniformWords } from '../device/recorder.js';
import type { PooledBuffer } from '../device/pool.js';
import { externalBuffers, type StepLog } from './step-log.js';

type Command =
  | { kind: 'dispatch'; kernel: string; pipeline: GPUComputePipeline; group: GPUBindGroup; offsets: Uint32Array; x: number; y: number; z: number }
  | { kind: 'copy'; src: GPUBuffer; srcOffset: number; dst: GPUBuffer; dstOffset: number; bytes: number };

/** GPU time of one dispatch of a profiled step, in step order. */
export interface DispatchTime {
  kernel: string;
  workgroups: readonly [number, number, number];
  ms: number;
}

/** GPU time of one kernel entry summed over a step's dispatches of it. */
export interface KernelTime {
  kernel: string;
  dispatches: number;
  ms: number;
}

/** Dispatch times summed per kernel entry, largest first. */
export function timeByKernel(times: readonly DispatchTime[]): KernelTime[] {
  const byKernel = new Map<string, KernelTime>();
  for (const t of times) {
    const row = byKernel.get(t.kernel) ?? { kernel: t.kernel, dispatches: 0, ms: 0 };
    row.dispatches++;
    row.ms += t.ms;
    byKernel.set(t.kernel, row);
  }
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms);
}

export interface ReplayStats {
  dispatches: number;
  copies: number;
  bindGroups: number;
  uniformBytes: number;
  dynamicBytes: number;
  hostHooks: number;
}

export class ReplayProgram {
  private readonly commands: Command[] = [];
  private readonly host: Array<() => void> = [];
  private readonly uniforms: GPUBuffer;
  private readonly constants: GPUBuffer | null;
  private readonly staging: ArrayBuffer;
  private readonly words: UniformWords;
  private readonly dynamicBytes: number;
  /** buffers the step reads or writes but did not create, with the generation they had when it was captured */
  private readonly external: Array<[PooledBuffer, number]>;
  readonly stats: ReplayStats;

  constructor(
    private readonly device: GPUDevice,
    private readonly recorder: Recorder,
    private readonly name: string,
    log: StepLog,
  ) {
    const align = device.limits.minUniformBufferOffsetAlignment;
    const slot = (bytes: number) => Math.ceil(bytes / align) * align;
    // uniform slots: dynamic dispatches first, so one writeBuffer of [0, dynamicBytes) refreshes every replay
    const offsets = new Map<number, number>();
    let used = 0;
    let dynamicBytes = 0;
    for (const dynamicFirst of [true, false]) {
      log.commands.forEach((c, i) => {
        if (c.kind !== 'dispatch' || !c.uniform || (c.d.dynamic !== undefined) !== dynamicFirst) return;
        offsets.set(i, used);
        used += slot(c.uniform.byteLength);
      });
      if (dynamicFirst) dynamicBytes = used;
    }
    this.dynamicBytes = dynamicBytes;
    this.staging = new ArrayBuffer(Math.max(used, 4));
    this.words = { f32: new Float32Array(this.staging), u32: new Uint32Array(this.staging), i32: new Int32Array(this.staging) };
    const bytes = new Uint8Array(this.staging);
    this.uniforms = device.createBuffer({ size: Math.max(used, 256), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label: `${name}:uniforms` });

    // uploads become copies from one constants buffer, written once
    const uploads = log.commands.filter((c) => c.kind === 'write');
    const constantBytes = uploads.reduce((n, c) => n + c.data.byteLength, 0);
    this.constants = constantBytes
      ? device.createBuffer({ size: constantBytes, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST, label: `${name}:constants` })
      : null;
    let constantOffset = 0;

    const groups = new Map<string, GPUBindGroup>();
    log.commands.forEach((c, i) => {
      if (c.kind === 'host') this.host.push(c.fn);
      else if (c.kind === 'copy') {
        this.commands.push({ kind: 'copy', src: c.src.buffer, srcOffset: c.srcOffset, dst: c.dst.buffer, dstOffset: c.dstOffset, bytes: c.bytes });
      } else if (c.kind === 'write') {
        device.queue.writeBuffer(this.constants!, constantOffset, c.data);
        this.commands.push({ kind: 'copy', src: this.constants!, srcOffset: constantOffset, dst: c.dst.buffer, dstOffset: c.offset, bytes: c.data.byteLength });
        constantOffset += c.data.byteLength;
      } else {
        const d = c.d;
        let key = `${d.kernel}|${d.uniformSize}`;
        for (const b of d.bindings) if (b.kind !== 'uniform') key += `|${d.buffers[b.name].id}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = createBindGroup(device, d, this.uniforms)));
        const offset = offsets.get(i);
        if (offset !== undefined) {
          bytes.set(c.uniform!, offset);
          const dyn = d.dynamic;
          if (dyn) this.host.push(() => dyn.pack(this.words, offset));
        }
        const [x, y, z] = d.workgroups;
        this.commands.push({
          kind: 'dispatch',
          kernel: d.kernel,
          pipeline: d.pipeline,
          group,
          offsets: new Uint32Array(offset === undefined ? [] : [offset]),
          x,
          y,
          z,
        });
      }
    });
    if (used) device.queue.writeBuffer(this.uniforms, 0, this.staging, 0, used);
    this.external = [...externalBuffers(log)].map((p) => [p, p.generation]);
    this.stats = {
      dispatches: this.commands.filter((c) => c.kind === 'dispatch').length,
      copies: this.commands.length - this.commands.filter((c) => c.kind === 'dispatch').length,
      bindGroups: groups.size,
      uniformBytes: used,
      dynamicBytes: this.dynamicBytes,
      hostHooks: this.host.length,
    };
  }

  /** Runs the step once more; `prologue` records input copies into the same command buffer first. */
  run(prologue: (encoder: GPUCommandEncoder) => void): void {
    this.prepare();
    const rec = this.recorder;
    const queue = this.device.queue;
    const encoder = this.device.createCommandEncoder({ label: this.name });
    prologue(encoder);
    let pass: GPUComputePassEncoder | null = null;
    let pipeline: GPUComputePipeline | null = null;
    for (const c of this.commands) {
      if (c.kind === 'dispatch') {
        if (!pass) {
          pass = encoder.beginComputePass({ label: this.name });
          pipeline = null;
        }
        if (c.pipeline !== pipeline) pass.setPipeline((pipeline = c.pipeline));
        pass.setBindGroup(0, c.group, c.offsets, 0, c.offsets.length);
        pass.dispatchWorkgroups(c.x, c.y, c.z);
      } else {
        if (pass) {
          pass.end();
          pass = null;
        }
        encoder.copyBufferToBuffer(c.src, c.srcOffset, c.dst, c.dstOffset, c.bytes);
      }
    }
    pass?.end();
    queue.submit([encoder.finish()]);
    rec.stats.dispatches += this.stats.dispatches;
    rec.stats.submits++;
  }

  /**
   * What every run does before encoding: refuse if an outside buffer changed hands, submit the eager work recorded so
   * far (queue order), run the host program (hooks and dynamic packers, in recorded order), upload the dynamic uniforms.
   */
  private prepare(): void {
    const rec = this.recorder;
    rec.check();
    for (const [p, generation] of this.external) {
      if (p.generation !== generation) {
        throw new CaptureError(
          `compileStep(${this.name}): buffer #${p.id}, which the captured step uses but did not create, was released or ` +
            'changed hands since the capture: a tensor created outside the step was disposed. Pass it as an input, keep it ' +
            'alive, or dispose() the compiled step and compile it again',
        );
      }
    }
    rec.flush();
    for (const fn of this.host) fn();
    if (this.dynamicBytes) this.device.queue.writeBuffer(this.uniforms, 0, this.staging, 0, this.dynamicBytes);
  }

  /**
   * Runs the step once with a timestamp query around every dispatch (each in its own compute pass) and returns the
   * GPU time of each dispatch in step order: where a step's time goes (timeByKernel sums them per kernel). Needs the
   * adapter's 'timestamp-query' feature.
   */
  async profile(prologue: (encoder: GPUCommandEncoder) => void): Promise<DispatchTime[]> {
    if (!this.device.features.has('timestamp-query')) throw new CaptureError(`compileStep(${this.name}): profiling needs the 'timestamp-query' feature`);
    const dispatches = this.commands.filter((c) => c.kind === 'dispatch');
    const querySet = this.device.createQuerySet({ type: 'timestamp', count: 2 * dispatches.length });
    const bytes = 16 * dispatches.length;
    const resolved = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const readback = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      this.prepare();
      const encoder = this.device.createCommandEncoder({ label: `${this.name}:profile` });
      prologue(encoder);
      let k = 0;
      for (const c of this.commands) {
        if (c.kind === 'copy') {
          encoder.copyBufferToBuffer(c.src, c.srcOffset, c.dst, c.dstOffset, c.bytes);
          continue;
        }
        const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * k, endOfPassWriteIndex: 2 * k + 1 } });
        pass.setPipeline(c.pipeline);
        pass.setBindGroup(0, c.group, c.offsets, 0, c.offsets.length);
        pass.dispatchWorkgroups(c.x, c.y, c.z);
        pass.end();
        k++;
      }
      encoder.resolveQuerySet(querySet, 0, 2 * k, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
      await readback.mapAsync(GPUMapMode.READ);
      const t = new BigInt64Array(readback.getMappedRange().slice(0));
      return dispatches.map((c, i) => ({ kernel: c.kernel, workgroups: [c.x, c.y, c.z] as const, ms: Number(t[2 * i + 1] - t[2 * i]) / 1e6 }));
    } finally {
      querySet.destroy();
      resolved.destroy();
      readback.destroy();
    }
  }

  destroy(): void {
    this.uniforms.destroy();
    this.constants?.destroy();
  }
}
