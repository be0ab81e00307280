/**
 * `PHASOR_DEBUG=nan`: every dispatch's outputs are checked for NaN and ±Inf, and the first one found is reported with
 * the op that wrote it, the kernel, and its inputs' shapes:
 *
 *   NonFiniteError: op 'div' (kernel elementwise/binary:main) wrote NaN into out [8, 3] f32 at element 4;
 *   inputs: a [8, 3] f32 (from 'sub'), b [8, 3] f32 (from 'abs')
 *
 * How: the recorder calls `afterDispatch` once a dispatch is recorded (engine/device/recorder.ts); the check then
 * records a copy of each buffer the kernel may write ('storage' bindings) right behind it, so the copy holds exactly
 * what that dispatch left, whatever runs later. The copies are read back asynchronously and examined in dispatch order
 * by `checkNonFinite()`, which throws the first finding (the train loop awaits it after every step; the CLI before it
 * exits). Buffers are mapped to the tensors that own them by `tensorHooks.created` (engine/tensor/tensor.ts), which
 * gives the shapes, dtypes and labels (an op's output is labelled with the op's name). A buffer no tensor owns is not
 * checked. It flushes the GPU queue once per dispatch and reads every output back: a debugging mode, slow by design.
 * Captured steps run eagerly under PHASOR_DEBUG (engine/capture/compile-step.ts), so every op is seen; a dispatch
 * recorded while a step is being captured is skipped.
 */
import { PhasorError } from '../errors.js';
import type { PooledBuffer } from '../device/pool.js';
import type { DispatchInfo } from '../device/recorder.js';
import { runtime } from '../device/runtime.js';
import { fmt } from '../tensor/shape.js';
import { tensorHooks, type Tensor } from '../tensor/tensor.js';

/** A NaN or ±Inf written by an op (PHASOR_DEBUG=nan). */
export class NonFiniteError extends PhasorError {
  constructor(
    message: string,
    /** the op that wrote it (its output tensor's label) */
    readonly op: string,
    /** "kernel:entry" */
    readonly kernel: string,
  ) {
    super(message);
  }
}

interface Check {
  op: string;
  kernel: string;
  output: string;
  inputs: string;
  complex: boolean;
  words: Promise<Float32Array | Error>;
}

/** the tensors over each buffer, newest last (views share their base's buffer) */
const owners = new WeakMap<PooledBuffer, WeakRef<Tensor>[]>();
let queue: Check[] = [];
let installedOn: { afterDispatch: ((d: DispatchInfo) => void) | null } | null = null;
let busy = false;

/** Whether PHASOR_DEBUG asks for the check (`nan`, alone or in a comma-separated list). */
export function nonFiniteCheckRequested(): boolean {
  return (process.env.PHASOR_DEBUG ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes('nan');
}

export function nonFiniteCheckEnabled(): boolean {
  return installedOn !== null && installedOn === runtime().recorder;
}

/** Starts checking every dispatch of the current runtime (idempotent). */
export function enableNonFiniteCheck(): void {
  const recorder = runtime().recorder;
  if (installedOn === recorder) return;
  disableNonFiniteCheck();
  tensorHooks.created = (t) => {
    if (t.isDisposed) return;
    const buf = t.buffer();
    const list = (owners.get(buf) ?? []).filter((r) => alive(r.deref(), buf));
    list.push(new WeakRef(t));
    owners.set(buf, list);
  };
  recorder.afterDispatch = onDispatch;
  installedOn = recorder;
}

/** Stops checking; pending checks are dropped. */
export function disableNonFiniteCheck(): void {
  if (installedOn) installedOn.afterDispatch = null;
  installedOn = null;
  tensorHooks.created = null;
  queue = [];
}

function alive(t: Tensor | undefined, buf: PooledBuffer): t is Tensor {
  return t !== undefined && !t.isDisposed && t.buffer() === buf;
}

/** The newest live tensor over `buf`. */
function owner(buf: PooledBuffer): Tensor | null {
  const list = owners.get(buf) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const t = list[i].deref();
    if (alive(t, buf)) return t;
  }
  return null;
}

function describe(name: string, t: Tensor): string {
  return `${name} ${fmt(t.shape)} ${t.dtype}`;
}

function onDispatch(d: DispatchInfo): void {
  const recorder = runtime().recorder;
  if (busy || recorder.tap) return;
  busy = true;
  try {
    const inputs = d.bindings
      .filter((b) => b.kind === 'storage-read')
      .map((b) => {
        const t = owner(d.buffers[b.name]);
        return t ? `${describe(b.name, t)} (from '${t.label}')` : `${b.name} (untracked buffer)`;
      })
      .join(', ');
    for (const b of d.bindings) {
      if (b.kind !== 'storage') continue;
      const buf = d.buffers[b.name];
      const t = owner(buf);
      if (!t || t.byteLength === 0) continue;
      const words = recorder.read(buf.buffer, 0, t.byteLength, `nan-check ${d.kernel}`).then(
        (bytes) => new Float32Array(bytes),
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      );
      queue.push({ op: t.label, kernel: d.kernel, output: describe(b.name, t), inputs, complex: t.dtype === 'c64', words });
    }
  } finally {
    busy = false;
  }
}

/**
 * Examines the outputs recorded so far, in dispatch order; throws NonFiniteError for the first NaN or ±Inf. Does
 * nothing when the check is off.
 */
export async function checkNonFinite(): Promise<void> {
  while (queue.length) {
    const batch = queue;
    queue = [];
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i];
      const words = await c.words;
      if (words instanceof Error) {
        queue = [];
        throw words;
      }
      let bad = -1;
      for (let k = 0; k < words.length; k++) {
        if (!Number.isFinite(words[k])) {
          bad = k;
          break;
        }
      }
      if (bad < 0) continue;
      queue = [];
      const at = c.complex ? `element ${Math.floor(bad / 2)} (${bad % 2 ? 'imaginary' : 'real'} part)` : `element ${bad}`;
      throw new NonFiniteError(
        `PHASOR_DEBUG=nan: op '${c.op}' (kernel ${c.kernel}) wrote ${words[bad]} into ${c.output} at ${at}; inputs: ${c.inputs || 'none'}`,
        c.op,
        c.kernel,
      );
    }
  }
}
