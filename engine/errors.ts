/**
 * Typed errors. Messages follow `<op>: <what>; expected <X>, got <Y>. <fix>` so a user can act on them.
 */
export class PhasorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operand shapes are incompatible (names the op and every shape involved). */
export class ShapeError extends PhasorError {}

/** Operand dtypes are not accepted by the op. */
export class DTypeError extends PhasorError {}

/** A tensor was used after `dispose()` (or after the scope that owned it ended). */
export class DisposedTensorError extends PhasorError {}

/** No adapter, device lost, or an uncaptured WebGPU error. */
export class DeviceError extends PhasorError {}

/** A buffer larger than the device allows was requested, or more bind groups than the OS lets the driver map. */
export class AllocationError extends PhasorError {}

/** A kernel name, binding or parameter that does not exist in the WGSL. */
export class KernelError extends PhasorError {}

/** A gradient was asked of an op that has no gradient rule (engine/ops/op.ts: the op's noGrad reason is in the message). */
export class NoGradientError extends PhasorError {}

/** A step function that cannot be captured and replayed as it is (names the step and what to change). */
export class CaptureError extends PhasorError {}
