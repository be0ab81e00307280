/**
 * What one eager run of a step recorded: its dispatches (with their uniform bytes), copies, uploads and host hooks,
 * in order, with every buffer it touched. Two consecutive logs of the same step are compared before the step is
 * replayed: whatever differs between them and is not declared dynamic would be frozen by a replay, so it is refused.
 */
import { CaptureError } from '../errors.js';
import { pooledOf, type PooledBuffer } from '../device/pool.js';
import type { DispatchInfo, RecorderTap } from '../device/recorder.js';

export type LoggedCommand =
  | { kind: 'dispatch'; d: DispatchInfo; uniform: Uint8Array | null }
  | { kind: 'copy'; src: PooledBuffer; srcOffset: number; dst: PooledBuffer; dstOffset: number; bytes: number }
  | { kind: 'write'; dst: PooledBuffer; offset: number; data: Uint8Array }
  | { kind: 'host'; fn: () => void };

export class StepLog implements RecorderTap {
  readonly commands: LoggedCommand[] = [];
  /** buffers handed out while this log was open: named by first use when logs are compared, not by identity */
  readonly born = new Set<PooledBuffer>();

  constructor(private readonly step: string) {}

  dispatch(d: DispatchInfo, ring: Uint8Array): void {
    const uniform = d.uniformOffset === undefined ? null : ring.slice(d.uniformOffset, d.uniformOffset + d.uniformSize);
    this.commands.push({ kind: 'dispatch', d: { ...d, buffers: { ...d.buffers } }, uniform });
  }

  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): void {
    this.commands.push({ kind: 'copy', src: this.pooled(src, 'copy'), srcOffset, dst: this.pooled(dst, 'copy'), dstOffset, bytes });
  }

  write(dst: GPUBuffer, offset: number, data: ArrayBufferView): void {
    if (data.byteLength % 4 !== 0 || offset % 4 !== 0) {
      throw new CaptureError(`compileStep(${this.step}): an upload of ${data.byteLength} bytes at offset ${offset} is not 4-byte aligned`);
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.commands.push({ kind: 'write', dst: this.pooled(dst, 'upload'), offset, data: bytes });
  }

  read(what: string): void {
    throw new CaptureError(
      `compileStep(${this.step}): ${what} inside a captured step; a step must not wait for the GPU. ` +
        'Return the tensor and read it after the call (or run the step eagerly).',
    );
  }

  host(fn: () => void): void {
    this.commands.push({ kind: 'host', fn });
  }

  private pooled(buffer: GPUBuffer, what: string): PooledBuffer {
    const p = pooledOf(buffer);
    if (!p) throw new CaptureError(`compileStep(${this.step}): a ${what} touches a buffer that is not a tensor's`);
    return p;
  }
}

/**
 * Compares two logs of one step. Buffers born inside a log are named by order of first use; others (parameters,
 * optimizer state, inputs, constants cached by an earlier call) must be the very same buffers in both. Uniform words
 * that a dispatch declared dynamic are not compared. Returns null when they agree, else the first difference.
 */
export function firstDifference(a: StepLog, b: StepLog): string | null {
  if (a.commands.length !== b.commands.length) {
    return `the two calls recorded ${a.commands.length} and ${b.commands.length} commands (${summary(a)} vs ${summary(b)})`;
  }
  const na = namer(a);
  const nb = namer(b);
  for (let i = 0; i < a.commands.length; i++) {
    const x = a.commands[i];
    const y = b.commands[i];
    const where = `command ${i + 1} (${describe(x)})`;
    if (x.kind !== y.kind) return `${where}: the other call recorded ${describe(y)}`;
    if (x.kind === 'dispatch' && y.kind === 'dispatch') {
      if (x.d.kernel !== y.d.kernel || x.d.pipeline !== y.d.pipeline) return `${where}: the other call ran ${y.d.kernel} with other overrides`;
      if (x.d.workgroups.join() !== y.d.workgroups.join()) return `${where}: workgroups ${x.d.workgroups.join('×')} vs ${y.d.workgroups.join('×')}`;
      for (const bind of x.d.bindings) {
        if (bind.kind === 'uniform') continue;
        const [u, v] = [na(x.d.buffers[bind.name]), nb(y.d.buffers[bind.name])];
        if (u !== v) return `${where}: binding '${bind.name}' is ${u} in one call and ${v} in the other${hint(u, v)}`;
      }
      const word = differingWord(x.uniform, y.uniform, x.d.dynamic?.words);
      if (word !== null) {
        return (
          `${where}: uniform word ${word} changed between calls and is not declared dynamic; a replay would freeze it. ` +
          'Pass changing values as input tensors, draw randomness from a Generator, or declare the parameter dynamic'
        );
      }
      if ((x.d.dynamic === undefined) !== (y.d.dynamic === undefined)) return `${where}: dynamic in one call only`;
    } else if (x.kind === 'copy' && y.kind === 'copy') {
      const same = na(x.src) === nb(y.src) && na(x.dst) === nb(y.dst) && x.srcOffset === y.srcOffset && x.dstOffset === y.dstOffset && x.bytes === y.bytes;
      if (!same) return `${where}: the other call copied ${na(y.src)} → ${nb(y.dst)}${hint(na(x.src), nb(y.src))}`;
    } else if (x.kind === 'write' && y.kind === 'write') {
      if (na(x.dst) !== nb(y.dst) || x.offset !== y.offset) return `${where}: the other call uploaded into ${nb(y.dst)}`;
      if (!sameBytes(x.data, y.data)) {
        return `${where}: host data uploaded inside the step changed between calls (a replay would upload the first call's data); pass it as an input tensor`;
      }
    }
  }
  return null;
}

/** Buffers of the log that it did not create: what a replay reads from outside. */
export function externalBuffers(log: StepLog): Set<PooledBuffer> {
  const out = new Set<PooledBuffer>();
  const see = (p: PooledBuffer) => {
    if (!log.born.has(p)) out.add(p);
  };
  for (const c of log.commands) {
    if (c.kind === 'dispatch') for (const p of Object.values(c.d.buffers)) see(p);
    else if (c.kind === 'copy') {
      see(c.src);
      see(c.dst);
    } else if (c.kind === 'write') see(c.dst);
  }
  return out;
}

function namer(log: StepLog): (p: PooledBuffer) => string {
  const names = new Map<PooledBuffer, string>();
  return (p) => {
    if (!log.born.has(p)) return `buffer #${p.id}`;
    let n = names.get(p);
    if (!n) names.set(p, (n = `step buffer ${names.size + 1}`));
    return n;
  };
}

function hint(u: string, v: string): string {
  return u.startsWith('buffer') || v.startsWith('buffer')
    ? ' (a tensor created outside the step, or state replaced rather than updated in place: pass it as an input, or update it in place)'
    : '';
}

function differingWord(a: Uint8Array | null, b: Uint8Array | null, dynamic: readonly number[] = []): number | null {
  if (!a || !b) return a === b ? null : 0;
  const wa = new Uint32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const wb = new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i] && !dynamic.includes(i)) return i;
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describe(c: LoggedCommand): string {
  if (c.kind === 'dispatch') return c.d.kernel;
  return c.kind === 'host' ? 'a host hook' : c.kind === 'copy' ? 'a copy' : 'an upload';
}

function summary(log: StepLog): string {
  const counts = { dispatch: 0, copy: 0, write: 0, host: 0 };
  for (const c of log.commands) counts[c.kind]++;
  return `${counts.dispatch} dispatches, ${counts.copy} copies, ${counts.write} uploads, ${counts.host} host hooks`;
}
