/**
 * The probe codebook W = [w_1, …, w_L] of paper 001 in its four schemes (§III, §IV-A), as a Module whose parameters
 * train end to end with the predictor:
 *
 *   uniform    L fixed beams of the DFT codebook spread uniformly over the beamspace (the baseline): an L_h × L_v grid
 *              (L_h·L_v = L, L_h/L_v closest to N_h/N_v: 4 × 2 for L = 8, 16 × 8) at the cell centres
 *              i = (2p + 1)·N_h/(2L_h), j = (2q + 1)·N_v/(2L_v): DFT beams i·N_v + j = 18, 22, 50, 54, 82, 86, 114, 118,
 *              (u, v) ∈ {−0.75, −0.25, 0.25, 0.75} × {−0.5, 0.5}. Buffers 'u', 'v' [L] (not trained).
 *   angle      parameters 'phi', 'theta' [L] (rad), W = ψ(θ, φ) (eq. (6b)); gradients (7)–(11).
 *   beam       parameters 'u', 'v' [L], the beam-domain variables of §III-C.
 *   reference  parameter 'psi' [L, N]: every element's phase free, w_lk = e^{jψ_lk}/√N (ref. [10], the constant-modulus
 *              learned probes of Heng, Mo & Andrews).
 * Every trainable scheme starts from the uniform probes (§IV-C: "we can initialize the proposed trainable probe beams
 * with the uniform probe codebook"). The constraints (6c)–(6d) are not imposed: w is periodic in φ and θ (and in u, v
 * with period 2), so every parameter value is one of the beams the constraints allow.
 *
 * Element phases ψ_lk = π(m u_l + n v_l) (+ ε_lk during noise-adding training) with k = m·N_v + n; `elementPhases()`
 * reads them back for deployment, where they are quantized to B bits (./deploy.ts).
 */
import { add, Module, tensor, unitModulusFused, type Complex, type Real } from '../../engine/index.js';
import { powerFromBeams, probePowerComposite, probePowerFused, type ProbeDomain } from './closed-form/probe-power.js';

export const SCHEMES = ['uniform', 'angle', 'beam', 'reference'] as const;
export type SchemeName = (typeof SCHEMES)[number];

export interface ProbeGeometry {
  /** N_h (N_φ) and N_v (N_θ) */
  horizontal: number;
  vertical: number;
  /** L */
  probes: number;
}

/** Which implementation of the probe powers' gradient trains the angle and beam domains. */
export type ProbeGradients = 'fused' | 'autodiff';

/** The L_h × L_v factorization of L for the uniform grid (L_h/L_v closest to N_h/N_v, L_h ≤ N_h, L_v ≤ N_v). */
export function uniformGrid(g: ProbeGeometry): { lh: number; lv: number } {
  let best: { lh: number; lv: number } | null = null;
  const target = Math.log(g.horizontal / g.vertical);
  for (let lh = 1; lh <= g.probes; lh++) {
    if (g.probes % lh !== 0) continue;
    const lv = g.probes / lh;
    if (lh > g.horizontal || lv > g.vertical) continue;
    if (!best || Math.abs(Math.log(lh / lv) - target) < Math.abs(Math.log(best.lh / best.lv) - target)) best = { lh, lv };
  }
  if (!best) throw new RangeError(`uniformGrid: L = ${g.probes} probes do not fit a grid of the ${g.horizontal} × ${g.vertical} DFT codebook`);
  return best;
}

/** The uniform scheme's DFT beam indices i·N_v + j (see the file comment) and their (u, v). */
export function uniformProbes(g: ProbeGeometry): { beams: number[]; u: number[]; v: number[] } {
  const { lh, lv } = uniformGrid(g);
  const beams: number[] = [];
  const u: number[] = [];
  const v: number[] = [];
  for (let p = 0; p < lh; p++) {
    const i = Math.floor(((2 * p + 1) * g.horizontal) / (2 * lh));
    for (let q = 0; q < lv; q++) {
      const j = Math.floor(((2 * q + 1) * g.vertical) / (2 * lv));
      beams.push(i * g.vertical + j);
      u.push(-1 + (2 * i) / g.horizontal);
      v.push(-1 + (2 * j) / g.vertical);
    }
  }
  return { beams, u, v };
}

export class ProbeBeams extends Module {
  readonly N: number;

  constructor(
    readonly scheme: SchemeName,
    readonly geometry: ProbeGeometry,
    readonly gradients: ProbeGradients = 'fused',
  ) {
    super();
    if (!(SCHEMES as readonly string[]).includes(scheme))
      throw new RangeError(`ProbeBeams: scheme must be one of ${SCHEMES.join(', ')}; got ${JSON.stringify(scheme)}`);
    this.N = geometry.horizontal * geometry.vertical;
    const { u, v } = uniformProbes(geometry);
    const L = geometry.probes;
    switch (scheme) {
      case 'uniform':
        this.registerBuffer('u', tensor(u, [L]));
        this.registerBuffer('v', tensor(v, [L]));
        break;
      case 'beam':
        this.registerParameter('u', tensor(u, [L]));
        this.registerParameter('v', tensor(v, [L]));
        break;
      case 'angle': {
        // (u, v) = (sin φ sin θ, cos θ): θ = acos v ∈ [0, π], φ = asin(u / sin θ) ∈ [−π/2, π/2] (the uniform probes lie
        // in the visible region u² + v² ≤ 1)
        const theta = v.map((x) => Math.acos(x));
        const phi = u.map((x, l) => Math.asin(Math.max(-1, Math.min(1, x / Math.sin(theta[l])))));
        this.registerParameter('phi', tensor(phi, [L]));
        this.registerParameter('theta', tensor(theta, [L]));
        break;
      }
      case 'reference':
        this.registerParameter('psi', tensor(hostPhases(u, v, geometry), [L, this.N]));
        break;
    }
  }

  /** The domain and the two parameters (or buffers) of the DFT-like schemes. */
  private pair(): { domain: ProbeDomain; pa: Real; pb: Real } {
    if (this.scheme === 'angle') return { domain: 'angle', pa: this.param('phi', 'f32'), pb: this.param('theta', 'f32') };
    if (this.scheme === 'beam') return { domain: 'beam', pa: this.param('u', 'f32'), pb: this.param('v', 'f32') };
    return { domain: 'beam', pa: this.buffer('u', 'f32'), pb: this.buffer('v', 'f32') };
  }

  /**
   * x = |a·hᴴ w_l + ν|² [B, L] (eq. (5) over σ²): h [B, N] c64 (rows hᴴ), ν [B, L] c64 ~ CN(0, 1), ε [L, N] element
   * phase noise or null, a = √P/σ.
   */
  power(h: Complex, nu: Complex, eps: Real | null, amplitude: number): Real {
    if (this.scheme === 'reference') {
      const psi = this.param('psi', 'f32');
      const W = unitModulusFused(eps ? add(psi, eps) : psi, 1 / Math.sqrt(this.N));
      return powerFromBeams(h, W, nu, amplitude);
    }
    const { domain, pa, pb } = this.pair();
    const o = { domain, amplitude, horizontal: this.geometry.horizontal, vertical: this.geometry.vertical };
    const impl = this.gradients === 'fused' ? probePowerFused : probePowerComposite;
    return impl(h, pa, pb, nu, eps, o);
  }

  /** The element phases ψ [L, N] (float64, radians, unwrapped) of the current parameters: one readback. */
  async elementPhases(): Promise<Float64Array> {
    if (this.scheme === 'reference') return Float64Array.from(await this.param('psi', 'f32').read());
    const { domain, pa, pb } = this.pair();
    const [a, b] = await Promise.all([pa.read(), pb.read()]);
    const u = Array.from(a, (x, l) => (domain === 'angle' ? Math.sin(x) * Math.sin(b[l]) : x));
    const v = Array.from(b, (x) => (domain === 'angle' ? Math.cos(x) : x));
    return hostPhases(u, v, this.geometry);
  }

  /** (u, v) of each probe (DFT-like schemes; null for the reference scheme): for the report. */
  async beamVariables(): Promise<{ u: number[]; v: number[] } | null> {
    if (this.scheme === 'reference') return null;
    const { domain, pa, pb } = this.pair();
    const [a, b] = await Promise.all([pa.read(), pb.read()]);
    return {
      u: Array.from(a, (x, l) => (domain === 'angle' ? Math.sin(x) * Math.sin(b[l]) : x)),
      v: Array.from(b, (x) => (domain === 'angle' ? Math.cos(x) : x)),
    };
  }
}

/** ψ_lk = π(m u_l + n v_l), k = m·N_v + n: [L, N] float64. */
export function hostPhases(u: ArrayLike<number>, v: ArrayLike<number>, g: ProbeGeometry): Float64Array {
  const N = g.horizontal * g.vertical;
  const out = new Float64Array(u.length * N);
  for (let l = 0; l < u.length; l++) {
    for (let k = 0; k < N; k++) out[l * N + k] = Math.PI * (Math.floor(k / g.vertical) * u[l] + (k % g.vertical) * v[l]);
  }
  return out;
}
