/**
 * The probe-beam module of paper 001 (§III-A, Fig. 1: the complex-valued network W): received probe powers
 *   x_bl = |z_bl|²,  z_bl = a·h_bᴴ w_l + ν_bl   (eq. (5) with s = 1 and z, ν in units of the noise σ: a = √P/σ,
 *                                              ν ~ CN(0, 1), so x is the received power over σ²)
 * of L DFT-like UPA beams w_l = ψ(φ_l, θ_l) (eqs. (2)–(4), (6b)), parameterized in the angle domain (φ_l, θ_l) or in
 * the beam domain (u_l, v_l) = (sin φ_l sin θ_l, cos θ_l) (§III-C):
 *   w_lk = e^{j(π(m u_l + n v_l) + ε_lk)}/√N,  k = m·N_v + n  (paper-details §3; m horizontal, n vertical),
 * with an optional phase noise ε [L, N] on every element (noise-adding training, §III-D; zero otherwise).
 *
 *   h   [B, N]  c64, row b = h_bᴴ (wireless/channel/beam-prediction-site.ts H[b, 0, :]); a constant (data)
 *   pa  [L]     f32: φ (rad, angle domain) or u (beam domain)
 *   pb  [L]     f32: θ (rad) or v
 *   ν   [B, L]  c64: receiver noise over σ; a constant
 *   ε   [L, N]  f32 or null: element phase noise (rad); a constant
 *   x   [B, L]  f32
 *
 * Closed-form gradient, eqs. (7)–(11): ∂J/∂φ_l = Σ_b ∂J/∂x_bl · ∂|z_bl|²/∂z_bl · ∂z_bl/∂φ_l with
 * ∂|z|²/∂z = [2 z_r, 2 z_i] and ∂z/∂φ from ∂w/∂φ (9a)–(9b); likewise θ with (10)–(11). The kernel factors (9) and (11)
 * through the beam-domain derivatives: ∂w_lk/∂u_l = jπm·w_lk, ∂w_lk/∂v_l = jπn·w_lk, and
 *   ∂u/∂φ = cos φ sin θ,   ∂u/∂θ = sin φ cos θ,   ∂v/∂θ = −sin θ,
 * which expands to exactly (9a)–(9b) and (11a)–(11b) (there ⌈n/N_θ⌉ − 1 = m and n − ⌈n/N_θ⌉N_θ + N_θ − 1 = n for
 * the paper's 1-based element index n). The forward saves ∂x/∂u and ∂x/∂v per (b, l); the backward is one reduction
 * over the batch per parameter. The beam domain uses ∂x/∂u, ∂x/∂v directly (§III-C: "the loss gradient is uniform
 * w.r.t. the beam-domain variables").
 *
 * Kernel: ../shaders/probe-power.wgsl (entries `beams`, `forward`; `backward`). The composite version
 * (`probePowerComposite`) builds the same function from engine ops for autodiff: `phasor gradcheck probe` compares
 * the two and finite differences (./gradchecks.ts). The backward is one kernel and is not recorded: second derivatives
 * through the fused op throw (engine CustomOpGradError); nothing here needs them.
 */
import {
  abs2,
  add,
  bindShapes,
  defineCustomOp,
  defineKernel,
  dispatchEntry,
  im,
  matmul,
  mul,
  re,
  requireConstant,
  scale,
  tensor,
  Tensor,
  unitModulus,
  type Complex,
  type Real,
} from '../../../engine/index.js';

const KERNEL = defineKernel(new URL('../shaders/probe-power.wgsl', import.meta.url));
const OP = 'probePower';

/** 'angle': (φ, θ) in radians; 'beam': (u, v) = (sin φ sin θ, cos θ). */
export type ProbeDomain = 'angle' | 'beam';

export interface ProbePowerAttrs {
  domain: ProbeDomain;
  /** a = √P/σ: the channel's amplitude scale over the noise's */
  amplitude: number;
  /** N_h (N_φ, 16) and N_v (N_θ, 8); N = N_h·N_v */
  horizontal: number;
  vertical: number;
}

interface Attrs extends ProbePowerAttrs {
  B: number;
  L: number;
  N: number;
}

type Inputs = [Complex, Real, Real, Complex, Real];

interface Residuals {
  dxdu: Real;
  dxdv: Real;
}

const op = defineCustomOp<Inputs, Real, Residuals, Attrs & { noise: boolean }>({
  name: OP,
  forward: ([h, pa, pb, nu, eps], a) => {
    const beams = Tensor.empty([a.L, a.N], 'c64', `${OP}:W`);
    const power = Tensor.empty([a.B, a.L], 'f32', OP);
    const dxdu = Tensor.empty([a.B, a.L], 'f32', `${OP}:dxdu`);
    const dxdv = Tensor.empty([a.B, a.L], 'f32', `${OP}:dxdv`);
    dispatchEntry(KERNEL, 'beams', a.L * a.N, { pa, pb, eps, beam_out: beams }, params(a), overrides(a));
    dispatchEntry(KERNEL, 'forward', a.B * a.L, { h, beam_saved: beams, nu, power, dxdu, dxdv }, params(a), overrides(a));
    beams.dispose(); // released before the GPU runs: later uses of the buffer are queued after these dispatches
    return { out: power, residuals: { dxdu, dxdv } };
  },
  backward: ({ dxdu, dxdv }, g, { inputs: [, pa, pb], attrs: a }) => {
    const gradPa = Tensor.empty([a.L], 'f32', `${OP}:grad_pa`);
    const gradPb = Tensor.empty([a.L], 'f32', `${OP}:grad_pb`);
    dispatchEntry(KERNEL, 'backward', 2 * a.L, { pa, pb, g, dxdu_saved: dxdu, dxdv_saved: dxdv, grad_pa: gradPa, grad_pb: gradPb }, params(a), overrides(a));
    return [null, pa.requiresGrad ? gradPa : null, pb.requiresGrad ? gradPb : null, null, null];
  },
});

function params(a: Attrs): Record<string, number> {
  return { batch: a.B, probes: a.L, antennas: a.N, vertical: a.vertical, amplitude: a.amplitude, norm: 1 / Math.sqrt(a.N) };
}

function overrides(a: Attrs & { noise: boolean }): Record<string, number> {
  return { ANGLE: Number(a.domain === 'angle'), PHASE_NOISE: Number(a.noise) };
}

function checkInputs(name: string, h: Complex, pa: Real, pb: Real, nu: Complex, eps: Real | null, o: ProbePowerAttrs): Attrs {
  const s = bindShapes(name, {
    h: [h, ['B', 'N']],
    pa: [pa, ['L'], 'f32'],
    pb: [pb, ['L'], 'f32'],
    nu: [nu, ['B', 'L']],
    ...(eps ? { eps: [eps, ['L', 'N'], 'f32'] as const } : {}),
  });
  if (o.domain !== 'angle' && o.domain !== 'beam') throw new RangeError(`${name}: domain must be 'angle' or 'beam'; got ${JSON.stringify(o.domain)}`);
  if (!(Number.isInteger(o.horizontal) && Number.isInteger(o.vertical) && o.horizontal * o.vertical === s.N)) {
    throw new RangeError(`${name}: expected N_h·N_v = N = ${s.N}; got N_h = ${o.horizontal}, N_v = ${o.vertical}`);
  }
  if (!(Number.isFinite(o.amplitude) && o.amplitude > 0)) throw new RangeError(`${name}: the amplitude √P/σ must be a finite number > 0; got ${o.amplitude}`);
  return { ...o, B: s.B, L: s.L, N: s.N };
}

/** x = |a·hᴴW + ν|² [B, L] with the fused closed-form backward (7)–(11) for pa and pb. */
export function probePowerFused(h: Complex, pa: Real, pb: Real, nu: Complex, eps: Real | null, o: ProbePowerAttrs): Real {
  const a = checkInputs(OP, h, pa, pb, nu, eps, o);
  requireConstant(OP, { h, nu, ...(eps ? { eps } : {}) });
  if (pa.requiresGrad !== pb.requiresGrad) {
    throw new TypeError(
      `${OP}: both probe parameters are trained or neither is; got pa ${pa.requiresGrad ? 'trained' : 'constant'}, pb ${pb.requiresGrad ? 'trained' : 'constant'}`,
    );
  }
  // ε is always bound (the WGSL declares it): without phase noise pa stands in (PHASE_NOISE off: never read), so that
  // a captured step uploads nothing
  return op([h, pa, pb, nu, eps ?? pa], { ...a, noise: eps !== null });
}

/** Element indices m (horizontal) and n (vertical) of k = m·N_v + n, times π: [1, N] f32 each. */
function elementPhases(horizontal: number, vertical: number): { m: Real; n: Real } {
  const N = horizontal * vertical;
  const m = Float32Array.from({ length: N }, (_, k) => Math.PI * Math.floor(k / vertical));
  const n = Float32Array.from({ length: N }, (_, k) => Math.PI * (k % vertical));
  return { m: tensor(m, [1, N]), n: tensor(n, [1, N]) };
}

/** The beam-domain variables (u, v) [L] of the parameters (identity in the beam domain). */
export function beamVariables(pa: Real, pb: Real, domain: ProbeDomain): { u: Real; v: Real } {
  if (domain === 'beam') return { u: pa, v: pb };
  const ePhi = unitModulus(pa); // cos φ + j sin φ
  const eTheta = unitModulus(pb);
  return { u: mul(im(ePhi), im(eTheta)), v: re(eTheta) };
}

/** W [L, N] c64 from the parameters and the optional phase noise, composed from engine ops (eqs. (2)–(4)). */
export function probeBeamsComposite(pa: Real, pb: Real, eps: Real | null, o: Pick<ProbePowerAttrs, 'domain' | 'horizontal' | 'vertical'>): Complex {
  const L = pa.shape[0];
  const { u, v } = beamVariables(pa, pb, o.domain);
  const { m, n } = elementPhases(o.horizontal, o.vertical);
  let phase: Real = add(mul(u.reshape([L, 1]), m), mul(v.reshape([L, 1]), n));
  if (eps) phase = add(phase, eps);
  return unitModulus(phase, 1 / Math.sqrt(o.horizontal * o.vertical));
}

/** The same x [B, L] as probePowerFused, composed from engine ops (autodiff differentiates it). */
export function probePowerComposite(h: Complex, pa: Real, pb: Real, nu: Complex, eps: Real | null, o: ProbePowerAttrs): Real {
  checkInputs('probePowerComposite', h, pa, pb, nu, eps, o);
  return powerFromBeams(h, probeBeamsComposite(pa, pb, eps, o), nu, o.amplitude);
}

/** x = |a·h W^T + ν|² [B, L] for any probe matrix W [L, N] c64 (the reference scheme's free unit-modulus W). */
export function powerFromBeams(h: Complex, W: Complex, nu: Complex, amplitude: number): Real {
  bindShapes('powerFromBeams', { h: [h, ['B', 'N']], W: [W, ['L', 'N']], nu: [nu, ['B', 'L']] });
  return abs2(add(scale(matmul(h, W, { opB: 'T' }), amplitude), nu));
}
