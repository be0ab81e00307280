/**
 * unitModulusFused(φ, c) = c·e^{jφ}: the same map as `unitModulus` (engine/ops/unary.ts), as a custom op whose
 * backward is one kernel instead of three recorded ops (conj, mul, im).
 *
 *   φ  [...]  f32, radians (any range: reduced to [−π, π] on the device)
 *   s  [...]  c64, |s| = |c|
 *
 * Gradient (PyTorch convention, g = grad_s): ∂s/∂φ = j·s, so for real φ
 *   ∂L/∂φ = ∂L/∂Re s · Re(js) + ∂L/∂Im s · Im(js) = Re(conj(g)·js) = Im(g·conj(s)).
 * Kernel: shaders/fused/unit-modulus.wgsl (entries `forward`, `backward`). The composite backward, im(g·conj(s)),
 * serves createGraph, so the op is twice differentiable.
 */
import { defineCustomOp } from '../autodiff/custom-op.js';
import { conj, im } from '../ops/unary.js';
import { mul } from '../ops/elementwise.js';
import { buffersOf, launch1d, requireDType } from '../ops/launch.js';
import { Tensor } from '../tensor/tensor.js';

const KERNEL = 'fused/unit-modulus';

const op = defineCustomOp<[Tensor<'f32'>], Tensor<'c64'>, Tensor<'c64'>, number>({
  name: 'unitModulusFused',
  forward: ([phi], c) => {
    const s = Tensor.empty(phi.shape, 'c64', 'unitModulusFused');
    launch1d(KERNEL, phi.size, buffersOf('unitModulusFused', { phase: phi, s }), { n: phi.size, c }, {}, 'forward');
    // s is the output, recorded: the composite rule below differentiates through it
    return { out: s, residuals: s };
  },
  backward: (s, g) => {
    const gradPhi = Tensor.empty(s.shape, 'f32', 'unitModulusFused:grad');
    launch1d(KERNEL, s.size, buffersOf('unitModulusFused', { g, saved: s, grad_phi: gradPhi }), { n: s.size, c: 0 }, {}, 'backward');
    return [gradPhi];
  },
  backwardComposite: (s, g) => [im(mul(g, conj(s)))],
});

/** c·e^{jφ} element-wise (real φ in radians → c64), with a one-kernel closed-form backward. */
export function unitModulusFused(phi: Tensor<'f32'>, c = 1): Tensor<'c64'> {
  requireDType('unitModulusFused', phi, 'f32');
  if (!Number.isFinite(c)) throw new RangeError(`unitModulusFused: the modulus c must be a finite number; got ${c}`);
  return op([phi], c);
}
