/**
 * Saleh–Valenzuela narrowband clustered channel (El Ayach et al. 2014; DL-JHPF paper 000 eqs. (1)–(2)) and its OFDM
 * form (paper 000 eq. (35)).
 *
 *   H    = √(N_t N_r/(N_cl N_ray)) Σ_i Σ_l α_il a_r(φ^r_il, θ^r_il) a_t(φ^t_il, θ^t_il)^H              eq. (1)
 *   H[k] = √(N_t N_r/(N_cl N_ray)) Σ_i Σ_l α_il e^{−j2π τ_i f_s k/K} a_r a_t^H,  k = 0..K−1            eq. (35)
 * α_il ~ CN(0, 1) (equal cluster powers, σ_α² = 1), a_r, a_t unit-norm, so E‖H‖_F² = N_t N_r (and E‖H[k]‖_F² = N_t N_r
 * for every k). Output: [batch, N_r, N_t] c64, OFDM [batch, K, N_r, N_t] c64.
 *
 * Angles (El Ayach §VI): per cluster a mean azimuth uniform in `azimuthRangeRad` (default [0, 2π), paper 000), rays
 * mean + Laplacian with standard deviation `angleSpreadDeg` (default 7.5°), independently for AoA and AoD. ULA ends use
 * the azimuth-only response of paper 000 eq. (2) (`ulaGeometry`, evaluated at zenith 90°, no zenith draw). UPA and
 * custom ends also draw a zenith per ray: cluster mean uniform in `zenithRangeRad` (default 80°…100°, El Ayach's 20°
 * elevation sector), Laplacian spread of the same σ, wrapped into [0, π].
 *
 * OFDM (eq. (35)): cluster delays τ_i ~ U[0, maxDelayS) (paper 000 does not give their law; default max delay K/(4 f_s),
 * a quarter-symbol cyclic prefix: 160 ns at f_s = 100 MHz, K = 64). Pulse shaping: eq. (35) applies τ_i as a pure
 * phase ramp (no pulse filter) and that is the default, `pulse: 'none'`. `pulse: { rolloff, taps }` instead samples a
 * raised-cosine pulse p(dT_s − τ_i) on D = `taps` delay taps (d = 0..D−1, T_s = 1/f_s) and sets
 * H[k] = Σ_d H_d e^{−j2π k d/K} with each cluster's tap weights normalized to unit energy, so the subcarrier-average of
 * E‖H[k]‖_F² stays N_t N_r (the pulse tails outside the D taps are dropped).
 */
import type { ArrayGeometry } from '../array/geometry.js';
import type { Rng } from '../random/rng.js';
import { wrapZenithRad, writeWrappedResponse } from './tr38901/angles.js';
import { writeArrayResponse, writeLatticeResponse } from '../array/geometry.js';
import { rayProduct, rayWorkspace, scaleRayColumn, writeOfdm, type RayWorkspace } from './tr38901/ray-sum.js';
import {
  channelBatch,
  channelRng,
  ofdmChannelBatch,
  type ChannelBatch,
  type NarrowbandChannelModel,
  type OfdmChannelBatch,
  type OfdmChannelModel,
} from './types.js';

export interface RaisedCosinePulse {
  /** roll-off factor β ∈ [0, 1] */
  rolloff: number;
  /** number of delay taps D (≤ K) */
  taps: number;
}

export interface SalehValenzuelaOptions {
  /** transmitter array (N_t) */
  tx: ArrayGeometry;
  /** receiver array (N_r) */
  rx: ArrayGeometry;
  /** N_cl; default 8 (El Ayach) */
  numClusters?: number;
  /** N_ray; default 10 (El Ayach) */
  raysPerCluster?: number;
  /** Laplacian intra-cluster angle standard deviation [deg]; default 7.5 */
  angleSpreadDeg?: number;
  /** range of the cluster mean azimuths [rad]; default [0, 2π) */
  azimuthRangeRad?: readonly [number, number];
  /** range of the cluster mean zenith angles [rad] for non-ULA ends; default [80°, 100°] */
  zenithRangeRad?: readonly [number, number];
  /** OFDM subcarriers K; default 64 (paper 000) */
  numSubcarriers?: number;
  /** sampling rate f_s [Hz]; default 100 MHz (paper 000) */
  samplingRateHz?: number;
  /** cluster delays τ ~ U[0, maxDelayS); default K/(4 f_s) */
  maxDelayS?: number;
  /** 'none' (default, eq. (35)) or a raised-cosine pulse */
  pulse?: 'none' | RaisedCosinePulse;
}

export class SalehValenzuelaChannel implements NarrowbandChannelModel, OfdmChannelModel {
  readonly nr: number;
  readonly nt: number;
  readonly numClusters: number;
  readonly raysPerCluster: number;
  readonly numSubcarriers: number;
  readonly samplingRateHz: number;
  readonly maxDelayS: number;
  private readonly tx: ArrayGeometry;
  private readonly rx: ArrayGeometry;
  private readonly spread: number;
  private readonly az: readonly [number, number];
  private readonly ze: readonly [number, number];
  private readonly pulse: 'none' | RaisedCosinePulse;
  private readonly ws: RayWorkspace;
  private readonly tau: Float64Array;
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  private readonly dRe: Float64Array;
  private readonly dIm: Float64Array;
  private readonly tapDelay: Float64Array;
  private readonly phRe: Float64Array;
  private readonly phIm: Float64Array;
  private readonly weights: Float64Array;

  constructor(options: SalehValenzuelaOptions) {
    this.tx = options.tx;
    this.rx = options.rx;
    this.nt = options.tx.numElements;
    this.nr = options.rx.numElements;
    this.numClusters = positiveInt('numClusters', options.numClusters ?? 8);
    this.raysPerCluster = positiveInt('raysPerCluster', options.raysPerCluster ?? 10);
    const spreadDeg = options.angleSpreadDeg ?? 7.5;
    if (!(spreadDeg >= 0)) throw new RangeError(`SalehValenzuelaChannel: angleSpreadDeg must be ≥ 0; got ${spreadDeg}`);
    this.spread = (spreadDeg * Math.PI) / 180;
    this.az = options.azimuthRangeRad ?? [0, 2 * Math.PI];
    this.ze = options.zenithRangeRad ?? [(80 * Math.PI) / 180, (100 * Math.PI) / 180];
    for (const [name, r] of [
      ['azimuthRangeRad', this.az],
      ['zenithRangeRad', this.ze],
    ] as const) {
      if (!(r[1] >= r[0])) throw new RangeError(`SalehValenzuelaChannel: ${name} must be [min, max]; got [${r.join(', ')}]`);
    }
    this.numSubcarriers = positiveInt('numSubcarriers', options.numSubcarriers ?? 64);
    this.samplingRateHz = options.samplingRateHz ?? 100e6;
    if (!(this.samplingRateHz > 0)) {
      throw new RangeError(`SalehValenzuelaChannel: samplingRateHz must be > 0; got ${this.samplingRateHz}`);
    }
    this.maxDelayS = options.maxDelayS ?? this.numSubcarriers / (4 * this.samplingRateHz);
    if (!(this.maxDelayS >= 0)) throw new RangeError(`SalehValenzuelaChannel: maxDelayS must be ≥ 0; got ${this.maxDelayS}`);
    this.pulse = options.pulse ?? 'none';
    if (this.pulse !== 'none') {
      const { rolloff, taps } = this.pulse;
      if (!(rolloff >= 0 && rolloff <= 1)) {
        throw new RangeError(`SalehValenzuelaChannel: pulse.rolloff must be in [0, 1]; got ${rolloff}`);
      }
      if (!Number.isInteger(taps) || taps < 1 || taps > this.numSubcarriers) {
        throw new RangeError(`SalehValenzuelaChannel: pulse.taps must be an integer in [1, K = ${this.numSubcarriers}]; got ${taps}`);
      }
    }
    const L = this.numClusters;
    const R = L * this.raysPerCluster;
    const size = this.nr * this.nt;
    const D = this.pulse === 'none' ? 0 : this.pulse.taps;
    this.ws = rayWorkspace(R, this.nr, this.nt);
    this.tau = new Float64Array(L);
    this.hRe = new Float64Array(L * size);
    this.hIm = new Float64Array(L * size);
    this.dRe = new Float64Array(D * size);
    this.dIm = new Float64Array(D * size);
    this.tapDelay = Float64Array.from({ length: D }, (_, d) => d / this.samplingRateHz);
    this.phRe = new Float64Array(Math.max(L, D));
    this.phIm = new Float64Array(Math.max(L, D));
    this.weights = new Float64Array(D);
  }

  /** Narrowband channels, eq. (1): [batch, N_r, N_t] c64. */
  generate(batch: number, seed: number, firstIndex = 0): ChannelBatch {
    const out = channelBatch(batch, this.nr, this.nt);
    const size = this.nr * this.nt;
    const R = this.ws.capacity;
    for (let b = 0; b < batch; b++) {
      this.drawRays(channelRng(seed, firstIndex + b));
      rayProduct(this.ws, 0, R, this.nr, this.nt, this.hRe, this.hIm, 0);
      const o = 2 * b * size;
      for (let i = 0; i < size; i++) {
        out.data[o + 2 * i] = this.hRe[i];
        out.data[o + 2 * i + 1] = this.hIm[i];
      }
    }
    return out;
  }

  /** OFDM channels, eq. (35): [batch, K, N_r, N_t] c64. */
  generateOfdm(batch: number, seed: number, firstIndex = 0): OfdmChannelBatch {
    const K = this.numSubcarriers;
    const out = ofdmChannelBatch(batch, K, this.nr, this.nt);
    const size = this.nr * this.nt;
    const L = this.numClusters;
    const nRay = this.raysPerCluster;
    const spacing = this.samplingRateHz / K;
    for (let b = 0; b < batch; b++) {
      const rng = channelRng(seed, firstIndex + b);
      this.drawRays(rng);
      for (let i = 0; i < L; i++) this.tau[i] = this.maxDelayS * rng.uniform();
      for (let i = 0; i < L; i++) rayProduct(this.ws, i * nRay, (i + 1) * nRay, this.nr, this.nt, this.hRe, this.hIm, i * size);
      const o = 2 * b * K * size;
      if (this.pulse === 'none') {
        writeOfdm(this.hRe, this.hIm, L, this.tau, K, spacing, size, 1, out.data, o, this.phRe, this.phIm);
      } else {
        this.delayTaps(this.pulse);
        writeOfdm(this.dRe, this.dIm, this.pulse.taps, this.tapDelay, K, spacing, size, 1, out.data, o, this.phRe, this.phIm);
      }
    }
    return out;
  }

  /** H_d = Σ_i w_i[d] H_i with w_i[d] = p(d T_s − τ_i) / √(Σ_d' p(d' T_s − τ_i)²). */
  private delayTaps(pulse: RaisedCosinePulse): void {
    const size = this.nr * this.nt;
    const D = pulse.taps;
    this.dRe.fill(0);
    this.dIm.fill(0);
    for (let i = 0; i < this.numClusters; i++) {
      let energy = 0;
      for (let d = 0; d < D; d++) {
        const w = raisedCosine(d - this.tau[i] * this.samplingRateHz, pulse.rolloff);
        this.weights[d] = w;
        energy += w * w;
      }
      const norm = energy > 0 ? 1 / Math.sqrt(energy) : 0;
      for (let d = 0; d < D; d++) {
        const w = this.weights[d] * norm;
        if (w === 0) continue;
        for (let e = 0; e < size; e++) {
          this.dRe[d * size + e] += w * this.hRe[i * size + e];
          this.dIm[d * size + e] += w * this.hIm[i * size + e];
        }
      }
    }
  }

  /** Angles, gains and responses of all N_cl·N_ray rays (ray i·N_ray + l); tables hold g·a_r and conj(a_t). */
  private drawRays(rng: Rng): void {
    const { ws, tx, rx } = this;
    const R = ws.capacity;
    const nRay = this.raysPerCluster;
    const gain = 1 / Math.sqrt(this.numClusters * nRay); // √(N_t N_r/(N_cl N_ray)) with unnormalized responses
    const txPlanar = tx.kind !== 'ula';
    const rxPlanar = rx.kind !== 'ula';
    for (let i = 0; i < this.numClusters; i++) {
      const muT = rng.uniformIn(this.az[0], this.az[1]);
      const muR = rng.uniformIn(this.az[0], this.az[1]);
      const zeT = txPlanar ? rng.uniformIn(this.ze[0], this.ze[1]) : Math.PI / 2;
      const zeR = rxPlanar ? rng.uniformIn(this.ze[0], this.ze[1]) : Math.PI / 2;
      for (let l = 0; l < nRay; l++) {
        const k = i * nRay + l;
        const phiT = muT + rng.laplacian(this.spread);
        const phiR = muR + rng.laplacian(this.spread);
        const thT = txPlanar ? zeT + rng.laplacian(this.spread) : Math.PI / 2;
        const thR = rxPlanar ? zeR + rng.laplacian(this.spread) : Math.PI / 2;
        writeConjResponse(tx, phiT, thT, ws, k, R);
        writeWrappedResponse(rx, phiR, thR, ws.cRe, ws.cIm, k, R);
        // α ~ CN(0, 1): real and imaginary parts N(0, 1/2) (same draws as rng.complexNormal(1), no array allocation).
        const ar = Math.SQRT1_2 * rng.normal();
        const ai = Math.SQRT1_2 * rng.normal();
        scaleRayColumn(ws, k, this.nr, gain * ar, gain * ai);
      }
    }
  }
}

/** Raised-cosine pulse at x = t/T_s: sinc(x) cos(πβx)/(1 − (2βx)²), with its limit π/4·sinc(1/(2β)) at |x| = 1/(2β). */
export function raisedCosine(x: number, rolloff: number): number {
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  const d = 2 * rolloff * x;
  if (Math.abs(1 - d * d) < 1e-10) {
    const h = 1 / (2 * rolloff);
    return (Math.PI / 4) * (Math.sin(Math.PI * h) / (Math.PI * h));
  }
  return (sinc * Math.cos(Math.PI * rolloff * x)) / (1 - d * d);
}

/** conj(a_t): for a lattice, the response at the negated direction cosines; otherwise negate the imaginary parts. */
function writeConjResponse(g: ArrayGeometry, phi: number, theta: number, ws: RayWorkspace, k: number, R: number): void {
  const lat = g.lattice;
  if (lat) {
    writeLatticeResponse(lat, -Math.abs(Math.sin(theta)) * Math.sin(phi), -Math.cos(theta), ws.bRe, ws.bIm, k, R);
  } else {
    writeArrayResponse(g, phi, wrapZenithRad(theta), ws.bRe, ws.bIm, k, R);
    for (let e = 0; e < g.numElements; e++) ws.bIm[k + e * R] = -ws.bIm[k + e * R];
  }
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`SalehValenzuelaChannel: ${name} must be a positive integer; got ${v}`);
  return v;
}
