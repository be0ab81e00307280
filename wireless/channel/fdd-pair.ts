/**
 * FDD uplink/downlink channel pairs with partial reciprocity and AR(1) fading, for HyperRNN (paper 003 §II eq. (3),
 * Table I; paper-details §4; TR 25.996 temporal aging in channel-models.md §3).
 *
 * One BS with an M-element half-wavelength ULA (at the DL carrier), one single-antenna user, P paths, T slots:
 *   h_t^dl = (1/√P) Σ_p α_p a^dl(θ_p) β_{p,t}^dl,     h_t^ul = (1/√P) Σ_p α_p a^ul(θ_p) β_{p,t}^ul      eq. (3)
 *   a^dl(θ)_m = e^{j2π·0.5·m·sin θ},  a^ul(θ)_m = e^{j2π·d_ul·m·sin θ},  d_ul = 0.5·f_ul/f_dl         (paper-details §4)
 * - Reciprocal (long-term) part, shared by UL and DL and constant over the T slots: AoDs θ_p ~ U[−30°, 30°] (Table I)
 *   and long-term gains α_p. `longTermGains: 'complex-normal'` (default) draws α_p ~ CN(0, 1) as in eq. (3);
 *   `'unit'` sets α_p = 1, the authors' public code (gains there come only from the fading, independent UL vs DL).
 * - Non-reciprocal part: the carrier-dependent array phases above (Δf = 100 MHz) and the fast fading β, independent
 *   between UL and DL, each an AR(1) process per path:
 *   β_{p,1} ~ CN(0, 1),  β_{p,t} = ρ β_{p,t−1} + √(1 − ρ²) w_{p,t},  w ~ CN(0, 1)   (stationary, E|β|² = 1)
 *   with ρ^dl = J0(2π f_d^dl τ), ρ^ul = J0(2π f_d^ul τ), f_d = v f_C / c (§II), or given directly (the presets of
 *   paper-details §4; ρ = 0 is the i.i.d. experiment of Fig. 4).
 * Normalization: |a_m| = 1 and E|α|² = E|β|² = 1, so E|h_t[m]|² = 1, E‖h_t‖² = M, and E[h_t[m] h_{t−1}[m]*] = ρ.
 *
 * Carriers: the default is the authors' code (f_dl = 3 GHz, f_ul = f_dl + Δf = 3.1 GHz; its ρ_ul < ρ_dl presets need
 * f_ul > f_dl). The paper's Table I instead lists f_C^ul = 3 GHz; set dlCarrierHz = 3.1e9, carrierOffsetHz = −100e6 for
 * that reading. The array spacing is half a DL wavelength in both cases.
 *
 * Output layout: `[batch, T, M]` c64 Float32Array holding the column vectors h_t themselves (not h_tᴴ); the paper's
 * received pilots are y_t = h_tᴴ X (eqs. (1)–(2)). Channel i of a call uses channelRng(seed, firstIndex + i).
 */
import { jakesCorrelation, SPEED_OF_LIGHT } from '../special/bessel-j0.js';
import type { Rng } from '../random/rng.js';
import { channelRng } from './types.js';

/** How the AR(1) coefficients are set: from mobility (J0 law) or directly. */
export type FddCorrelation =
  | { readonly kind: 'doppler'; readonly velocityKmh: number; readonly slotDurationS: number }
  | { readonly kind: 'rho'; readonly rhoDl: number; readonly rhoUl: number };

export interface FddPairConfig {
  /** M: BS antennas; default 64 */
  readonly numAntennas?: number;
  /** P: paths; default 2 (the paper sweeps 2, 4, 8, 16) */
  readonly numPaths?: number;
  /** T: slots per sequence; default 10 */
  readonly numSlots?: number;
  /** f_dl in Hz; default 3e9 */
  readonly dlCarrierHz?: number;
  /** f_ul − f_dl in Hz; default +100e6 */
  readonly carrierOffsetHz?: number;
  /** θ_p ~ U[−range, range] in degrees; default 30 */
  readonly aodRangeDeg?: number;
  /** default { kind: 'doppler', velocityKmh: 30, slotDurationS: 1e-4 } (Table I) */
  readonly correlation?: FddCorrelation;
  /** α_p law; default 'complex-normal' */
  readonly longTermGains?: 'complex-normal' | 'unit';
}

export const FDD_PAIR_DEFAULTS: Required<FddPairConfig> = {
  numAntennas: 64,
  numPaths: 2,
  numSlots: 10,
  dlCarrierHz: 3e9,
  carrierOffsetHz: 100e6,
  aodRangeDeg: 30,
  correlation: { kind: 'doppler', velocityKmh: 30, slotDurationS: 1e-4 },
  longTermGains: 'complex-normal',
};

/** ρ_dl / ρ_ul pairs of the authors' experiments (paper-details §4), plus the i.i.d. case. */
export const HYPERRNN_RHO_PRESETS: readonly { readonly rhoDl: number; readonly rhoUl: number }[] = [
  { rhoDl: 0.9998, rhoUl: 0.9998 },
  { rhoDl: 0.9829, rhoUl: 0.9818 },
  { rhoDl: 0.9566, rhoUl: 0.9537 },
  { rhoDl: 0.9326, rhoUl: 0.9281 },
  { rhoDl: 0.7441, rhoUl: 0.728 },
  { rhoDl: 0.472, rhoUl: 0.4422 },
  { rhoDl: 0.1698, rhoUl: 0.1304 },
  { rhoDl: 0, rhoUl: 0 },
];

/** A `[batch, T, M]` c64 sequence batch. */
export interface SequenceBatch {
  readonly shape: readonly [number, number, number];
  /** length 2·batch·T·M, interleaved (re, im), row-major */
  readonly data: Float32Array;
}

export interface FddPairBatch {
  /** uplink channels h_t^ul: `[batch, T, M]` c64 */
  readonly ul: SequenceBatch;
  /** downlink channels h_t^dl: `[batch, T, M]` c64 */
  readonly dl: SequenceBatch;
  /** shared AoDs θ_p in radians: `[batch, P]` */
  readonly aodRad: Float64Array;
}

export class FddPairChannel {
  readonly config: Required<FddPairConfig>;
  /** f_ul in Hz */
  readonly ulCarrierHz: number;
  /** AR(1) coefficients actually used */
  readonly rhoDl: number;
  readonly rhoUl: number;
  /** UL element spacing in UL wavelengths, 0.5·f_ul/f_dl */
  readonly ulSpacing: number;

  constructor(config: FddPairConfig = {}) {
    const c: Required<FddPairConfig> = { ...FDD_PAIR_DEFAULTS, ...config };
    for (const key of ['numAntennas', 'numPaths', 'numSlots'] as const) {
      if (!Number.isInteger(c[key]) || c[key] < 1) throw new RangeError(`FddPairChannel: ${key} must be a positive integer; got ${c[key]}`);
    }
    if (!(c.dlCarrierHz > 0)) throw new RangeError(`FddPairChannel: dlCarrierHz must be > 0; got ${c.dlCarrierHz}`);
    this.ulCarrierHz = c.dlCarrierHz + c.carrierOffsetHz;
    if (!(this.ulCarrierHz > 0)) {
      throw new RangeError(`FddPairChannel: f_ul = f_dl + carrierOffsetHz must be > 0; got ${this.ulCarrierHz} Hz`);
    }
    if (!(c.aodRangeDeg >= 0 && c.aodRangeDeg <= 90)) {
      throw new RangeError(`FddPairChannel: aodRangeDeg must lie in [0, 90]; got ${c.aodRangeDeg}`);
    }
    if (c.longTermGains !== 'complex-normal' && c.longTermGains !== 'unit') {
      throw new RangeError(`FddPairChannel: longTermGains must be 'complex-normal' or 'unit'; got ${String(c.longTermGains)}`);
    }
    const corr = c.correlation;
    if (corr.kind === 'doppler') {
      if (!(corr.velocityKmh >= 0) || !(corr.slotDurationS >= 0)) {
        throw new RangeError(`FddPairChannel: velocityKmh and slotDurationS must be ≥ 0; got ${corr.velocityKmh}, ${corr.slotDurationS}`);
      }
      const v = corr.velocityKmh / 3.6;
      this.rhoDl = jakesCorrelation(v, c.dlCarrierHz, corr.slotDurationS);
      this.rhoUl = jakesCorrelation(v, this.ulCarrierHz, corr.slotDurationS);
    } else if (corr.kind === 'rho') {
      for (const r of [corr.rhoDl, corr.rhoUl]) {
        if (!(r >= -1 && r <= 1)) throw new RangeError(`FddPairChannel: ρ must lie in [−1, 1]; got ${r}`);
      }
      this.rhoDl = corr.rhoDl;
      this.rhoUl = corr.rhoUl;
    } else {
      throw new RangeError(`FddPairChannel: correlation.kind must be 'doppler' or 'rho'; got ${String((corr as { kind: unknown }).kind)}`);
    }
    this.ulSpacing = (0.5 * this.ulCarrierHz) / c.dlCarrierHz;
    this.config = c;
  }

  /** Maximum Doppler shifts f_d = v f_C / c in Hz (0 when ρ was given directly). */
  dopplerHz(): { dl: number; ul: number } {
    const corr = this.config.correlation;
    if (corr.kind !== 'doppler') return { dl: 0, ul: 0 };
    const v = corr.velocityKmh / 3.6;
    return { dl: (v * this.config.dlCarrierHz) / SPEED_OF_LIGHT, ul: (v * this.ulCarrierHz) / SPEED_OF_LIGHT };
  }

  /** Sequences firstIndex … firstIndex + batch − 1 of stream `seed`. */
  generate(batch: number, seed: number, firstIndex = 0): FddPairBatch {
    if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`FddPairChannel.generate: batch must be a non-negative integer; got ${batch}`);
    const { numAntennas: M, numPaths: P, numSlots: T, aodRangeDeg, longTermGains } = this.config;
    const ul = new Float32Array(2 * batch * T * M);
    const dl = new Float32Array(2 * batch * T * M);
    const aodRad = new Float64Array(batch * P);
    const range = (aodRangeDeg * Math.PI) / 180;
    // Per path: steering phase increments and the long-term gain.
    const psiDl = new Float64Array(P);
    const psiUl = new Float64Array(P);
    const alpha = new Float64Array(2 * P);
    const betaDl = new Float64Array(2 * P);
    const betaUl = new Float64Array(2 * P);
    const norm = 1 / Math.sqrt(P);
    for (let b = 0; b < batch; b++) {
      const rng = channelRng(seed, firstIndex + b);
      for (let p = 0; p < P; p++) {
        const theta = rng.uniformIn(-range, range);
        aodRad[b * P + p] = theta;
        psiDl[p] = 2 * Math.PI * 0.5 * Math.sin(theta);
        psiUl[p] = 2 * Math.PI * this.ulSpacing * Math.sin(theta);
        if (longTermGains === 'complex-normal') {
          const [ar, ai] = rng.complexNormal(1);
          alpha[2 * p] = ar;
          alpha[2 * p + 1] = ai;
        } else {
          alpha[2 * p] = 1;
          alpha[2 * p + 1] = 0;
        }
      }
      for (let t = 0; t < T; t++) {
        advanceAr1(betaDl, this.rhoDl, t === 0, rng);
        advanceAr1(betaUl, this.rhoUl, t === 0, rng);
        const base = 2 * (b * T + t) * M;
        writeSlot(dl, base, M, P, psiDl, alpha, betaDl, norm);
        writeSlot(ul, base, M, P, psiUl, alpha, betaUl, norm);
      }
    }
    return { ul: { shape: [batch, T, M], data: ul }, dl: { shape: [batch, T, M], data: dl }, aodRad };
  }
}

/** β ← ρ β + √(1 − ρ²) w, w ~ CN(0, 1); a fresh stationary draw when `initial`. */
function advanceAr1(beta: Float64Array, rho: number, initial: boolean, rng: Rng): void {
  const innovation = initial ? 1 : Math.sqrt(Math.max(0, 1 - rho * rho));
  for (let p = 0; p < beta.length / 2; p++) {
    const [wr, wi] = rng.complexNormal(1);
    beta[2 * p] = (initial ? 0 : rho * beta[2 * p]) + innovation * wr;
    beta[2 * p + 1] = (initial ? 0 : rho * beta[2 * p + 1]) + innovation * wi;
  }
}

/** h[m] = norm · Σ_p α_p β_p e^{j m ψ_p}, written at out[base …]. */
function writeSlot(out: Float32Array, base: number, M: number, P: number, psi: Float64Array, alpha: Float64Array, beta: Float64Array, norm: number): void {
  for (let m = 0; m < M; m++) {
    let re = 0;
    let im = 0;
    for (let p = 0; p < P; p++) {
      const gr = alpha[2 * p] * beta[2 * p] - alpha[2 * p + 1] * beta[2 * p + 1];
      const gi = alpha[2 * p] * beta[2 * p + 1] + alpha[2 * p + 1] * beta[2 * p];
      const c = Math.cos(psi[p] * m);
      const s = Math.sin(psi[p] * m);
      re += gr * c - gi * s;
      im += gr * s + gi * c;
    }
    out[base + 2 * m] = norm * re;
    out[base + 2 * m + 1] = norm * im;
  }
}
