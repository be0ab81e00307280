/**
 * The FDD UL/DL channel sequences of paper 003 eq. (3), drawn on the GPU from a Generator inside the captured
 * training step (fresh channels every step, nothing uploaded per step), with the numbers of the wireless layer's
 * FddPairChannel (wireless/channel/fdd-pair.ts): the test sets come from that host model itself.
 *
 *   h_t = (1/√P) Σ_p α_p a(θ_p) β_{p,t},   a(θ)_m = e^{j k m sin θ},  k_dl = π, k_ul = 2π·d_ul (d_ul = 0.5 f_ul/f_dl)
 *   θ_p ~ U[−θ_max, θ_max] and α_p (CN(0, 1) or 1) shared by UL and DL and constant over the T slots; the fading
 *   β^dl, β^ul independent AR(1) processes: β_1 = w_1, β_t = ρ β_{t−1} + √(1 − ρ²) w_t, w ~ CN(0, 1).
 *
 * The AR(1) recursion is one product β = L w with the lower-triangular L[t, 1] = ρ^{t−1}, L[t, s] = ρ^{t−s}√(1 − ρ²)
 * (1 < s ≤ t); sin θ is Im e^{jθ}. Shapes: θ [B, P] f32, α [B, P] c64, β [B, T, P] c64, h [B, T, M] c64 (the column
 * vectors h_t, as FddPairChannel writes them).
 */
import { im, matmul, mul, tensor, unitModulus, zeros, type Complex, type Generator, type Real } from '../../engine/index.js';
import { FddPairChannel } from '../../wireless/channel/fdd-pair.js';
import type { HyperrnnConfig } from './config.js';

/** The channel law of one experiment: paths and AR(1) coefficients (the rest is config.system). */
export interface ChannelSetting {
  paths: number;
  rhoDl: number;
  rhoUl: number;
}

/** The wireless layer's model of a setting, with T = `numSlots` (config.system.numSlots by default). */
export function fddChannel(c: HyperrnnConfig, s: ChannelSetting, numSlots = c.system.numSlots): FddPairChannel {
  const sys = c.system;
  return new FddPairChannel({
    numAntennas: sys.numAntennas,
    numPaths: s.paths,
    numSlots,
    dlCarrierHz: sys.dlCarrierHz,
    carrierOffsetHz: sys.carrierOffsetHz,
    aodRangeDeg: sys.aodRangeDeg,
    correlation: { kind: 'rho', rhoDl: s.rhoDl, rhoUl: s.rhoUl },
    longTermGains: sys.longTermGains as 'complex-normal' | 'unit',
  });
}

export interface ChannelPair {
  /** h_t^ul, h_t^dl: [B, T, M] c64 */
  ul: Complex;
  dl: Complex;
}

/** L of the AR(1) recursion as a [T, T] f32 tensor, scaled by `norm` (1/√P folded in). */
export function ar1Matrix(T: number, rho: number, norm = 1): Real {
  const L = new Float32Array(T * T);
  const innovation = Math.sqrt(Math.max(0, 1 - rho * rho));
  for (let t = 0; t < T; t++) {
    L[t * T] = norm * rho ** t;
    for (let s = 1; s <= t; s++) L[t * T + s] = norm * innovation * rho ** (t - s);
  }
  return tensor(L, [T, T]) as Real;
}

/**
 * h [B, T, M] c64 of eq. (3) from its draws: sin θ [B, P], α [B, P] c64, w [B, T, P] c64, through L [T, T] (ar1Matrix,
 * with 1/√P) and the array's phase slope k·m for m = 0…M−1 (`phaseRamp`, [M]).
 */
export function composeChannel(sinTheta: Real, alpha: Complex, w: Complex, L: Real, phaseRamp: Real): Complex {
  const [B, P] = sinTheta.shape;
  const M = phaseRamp.shape[0];
  const steering = unitModulus(mul(sinTheta.reshape([B, P, 1]), phaseRamp.reshape([1, 1, M]))); // [B, P, M]
  const beta = matmul(L, w); // [B, T, P]
  const gains = mul(beta, alpha.reshape([B, 1, P]));
  return matmul(gains, steering) as Complex; // [B, T, M]
}

/** Draws FDD pairs of one setting on the GPU; its constant tensors live until dispose(). */
export class FddSampler {
  readonly numAntennas: number;
  readonly numPaths: number;
  readonly numSlots: number;
  private readonly aodRange: number;
  private readonly unitGains: boolean;
  private readonly rampDl: Real;
  private readonly rampUl: Real;
  private readonly Ldl: Real;
  private readonly Lul: Real;

  constructor(readonly channel: FddPairChannel) {
    const c = channel.config;
    this.numAntennas = c.numAntennas;
    this.numPaths = c.numPaths;
    this.numSlots = c.numSlots;
    this.aodRange = (c.aodRangeDeg * Math.PI) / 180;
    this.unitGains = c.longTermGains === 'unit';
    const ramp = (k: number) =>
      tensor(
        Float32Array.from({ length: c.numAntennas }, (_, m) => k * m),
        [c.numAntennas],
      ) as Real;
    this.rampDl = ramp(Math.PI);
    this.rampUl = ramp(2 * Math.PI * channel.ulSpacing);
    const norm = 1 / Math.sqrt(c.numPaths);
    this.Ldl = ar1Matrix(c.numSlots, channel.rhoDl, norm);
    this.Lul = ar1Matrix(c.numSlots, channel.rhoUl, norm);
  }

  /** `batch` fresh sequence pairs from `g` (θ, α, w^dl, w^ul in that order). */
  draw(g: Generator, batch: number): ChannelPair {
    const { numPaths: P, numSlots: T } = this;
    const theta = g.uniform([batch, P], { low: -this.aodRange, high: this.aodRange });
    const sinTheta = im(unitModulus(theta));
    const a = this.unitGains ? unitModulus(zeros([batch, P])) : g.complexNormal([batch, P]); // α_p = 1 or CN(0, 1)
    const wDl = g.complexNormal([batch, T, P]);
    const wUl = g.complexNormal([batch, T, P]);
    return { dl: composeChannel(sinTheta, a, wDl, this.Ldl, this.rampDl), ul: composeChannel(sinTheta, a, wUl, this.Lul, this.rampUl) };
  }

  dispose(): void {
    for (const t of [this.rampDl, this.rampUl, this.Ldl, this.Lul]) t.dispose();
  }
}
