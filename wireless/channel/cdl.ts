/**
 * TR 38.901 clustered delay line models CDL-A … CDL-E (§7.7.1, delay scaling §7.7.3, angle scaling §7.7.5.1) between
 * a transmitter array (N_t elements) and a receiver array (N_r elements), narrowband or per OFDM subcarrier.
 *
 *   H(f) = Σ_n Σ_m √(P_n/M) e^{jΦ_{n,m}} e^{−j2π f τ_n} a_rx(φ_A, θ_A) a_tx(φ_D, θ_D)^T            eq. (7.5-22)
 * with, for CDL-D/E, the specular ray (entry 0) as a single ray of power P_0 and phase 0 (eq. (7.5-29) with the
 * unknown d_3D phase taken as 0). Output: narrowband [batch, N_r, N_t] c64 at f = `frequencyHz` (default 0, the sum of
 * rays); OFDM [batch, K, N_r, N_t] c64 at f_k = k·Δf, k = 0..K−1.
 *
 * Procedure (§7.7.1 steps 1–4, single polarization):
 *  1. τ_n = delayNorm_n · DS (§7.7.3); P_n = 10^{powerDb/10} normalized to Σ P_n = 1 (LOS ray included), so
 *     E‖H‖_F² = N_t N_r ('average' normalization; 'per-channel' rescales each channel to exactly N_t N_r).
 *  2. Ray angles φ_{n,m} = φ_n + c_ASD α_m (AOD; AOA with c_ASA, ZOD with c_ZSD, ZOA with c_ZSA), α_m of
 *     Table 7.5-3; optional angle scaling (§7.7.5.1) of each angle type over all rays, before coupling.
 *  3. Random coupling per channel: the AOA, ZOA and ZOD offsets of each cluster are permuted against the AOD offsets.
 *  4. Initial phases Φ_{n,m} ~ U(−π, π) per ray and channel (the single-polarized polarization matrix).
 * Zenith angles wrap into [0°, 180°] (θ > 180° → 360° − θ); isotropic elements; arrays rotated by a bearing about z
 * (default 0: broadside along +x). No Doppler and no K-factor re-scaling (§7.7.6 is outside this model).
 */
import { resolveSampling, type SamplingOptions } from './sampling-options.js';
import type { ArrayGeometry } from '../array/geometry.js';
import type { Rng } from '../random/rng.js';
import { CDL_TABLES, type CdlModel, type CdlTable } from './cdl-tables.js';
import { DEG, writeWrappedResponse } from './tr38901/angles.js';
import { RAYS_PER_CLUSTER, RAY_OFFSETS } from './tr38901/ray-offsets.js';
import { rayProduct, rayWorkspace, scaleRayColumn, writeNarrowband, writeOfdm, type RayWorkspace } from './tr38901/ray-sum.js';
import {
  channelBatch,
  channelRng,
  ofdmChannelBatch,
  type ChannelBatch,
  type NarrowbandChannelModel,
  type OfdmChannelBatch,
  type OfdmChannelModel,
} from './types.js';

/** Power-weighted RMS delay spread of a CDL table in normalized delay units (test values: 1 for A, B, C, E; 0.9937 D). */
export function cdlNormalizedDelaySpread(model: CdlModel): number {
  const t = cdlTable(model);
  const p = normalizedPowers(t);
  let m1 = 0;
  let m2 = 0;
  t.delayNorm.forEach((d, i) => {
    m1 += p[i] * d;
    m2 += p[i] * d * d;
  });
  return Math.sqrt(m2 - m1 * m1);
}

/** Ricean K-factor of CDL-D / CDL-E [dB]: specular power minus the Laplacian part of cluster 1 (13.3, 22.0). */
export function cdlKFactorDb(model: CdlModel): number {
  const t = cdlTable(model);
  if (!t.los) throw new RangeError(`cdlKFactorDb: CDL-${model} has no LOS ray; expected 'D' or 'E'`);
  return t.powerDb[0] - t.powerDb[1];
}

/** Desired spread (and optionally mean) of one angle type for §7.7.5.1 scaling [deg]. */
export interface CdlAngleScaling {
  spreadDeg: number;
  /** desired mean; default: the model's own mean (spread-only scaling) */
  meanDeg?: number;
}

export interface CdlChannelOptions extends SamplingOptions {
  model: CdlModel;
  tx: ArrayGeometry;
  rx: ArrayGeometry;
  /** desired RMS delay spread DS [s]; default 100 ns ('Nominal', Table 7.7.3-1) */
  delaySpreadS?: number;
  /** per-angle-type scaling (TR 38.901 §7.7.5.1); types left out are not scaled */
  angleScaling?: { aod?: CdlAngleScaling; aoa?: CdlAngleScaling; zod?: CdlAngleScaling; zoa?: CdlAngleScaling };
  /** array bearings about z [deg]; default 0 */
  txBearingDeg?: number;
  rxBearingDeg?: number;
}

/** Ray-level angles of a CDL model after optional scaling, before coupling. */
export interface CdlRays {
  /** per ray [deg] */
  readonly aod: Float64Array;
  readonly aoa: Float64Array;
  readonly zod: Float64Array;
  readonly zoa: Float64Array;
  /** per-ray power (sum 1) */
  readonly power: Float64Array;
  /** table entry of each ray */
  readonly entry: Int32Array;
  /** rays of entry n: [entryStart[n], entryStart[n+1]) */
  readonly entryStart: Int32Array;
}

/**
 * Ray angles of a CDL table (§7.7.1 step 1), with §7.7.5.1 scaling φ' = (AS_desired/AS_model)(φ − μ_model) + μ_desired
 * applied over all rays (AS, μ from `angularSpread`).
 */
export function cdlRays(model: CdlModel, scaling: CdlChannelOptions['angleScaling'] = {}): CdlRays {
  const t = cdlTable(model);
  const P = normalizedPowers(t);
  const M = RAYS_PER_CLUSTER;
  const entries = t.powerDb.length;
  const entryStart = new Int32Array(entries + 1);
  let count = 0;
  for (let n = 0; n < entries; n++) {
    entryStart[n] = count;
    count += t.los && n === 0 ? 1 : M;
  }
  entryStart[entries] = count;
  const out: CdlRays = {
    aod: new Float64Array(count),
    aoa: new Float64Array(count),
    zod: new Float64Array(count),
    zoa: new Float64Array(count),
    power: new Float64Array(count),
    entry: new Int32Array(count),
    entryStart,
  };
  for (let n = 0; n < entries; n++) {
    const specular = t.los && n === 0;
    for (let k = entryStart[n], m = 0; k < entryStart[n + 1]; k++, m++) {
      const a = specular ? 0 : RAY_OFFSETS[m];
      out.aod[k] = t.aodDeg[n] + t.cASD * a;
      out.aoa[k] = t.aoaDeg[n] + t.cASA * a;
      out.zod[k] = t.zodDeg[n] + t.cZSD * a;
      out.zoa[k] = t.zoaDeg[n] + t.cZSA * a;
      out.power[k] = specular ? P[n] : P[n] / M;
      out.entry[k] = n;
    }
  }
  const scale = (angles: Float64Array, s: CdlAngleScaling | undefined, label: string) => {
    if (!s) return;
    if (!(s.spreadDeg >= 0)) throw new RangeError(`cdlRays: ${label}.spreadDeg must be ≥ 0; got ${s.spreadDeg}`);
    const { spreadDeg, meanDeg } = angularSpread(angles, out.power);
    const ratio = s.spreadDeg / spreadDeg;
    const target = s.meanDeg ?? meanDeg;
    for (let k = 0; k < count; k++) angles[k] = ratio * wrap180(angles[k] - meanDeg) + target;
  };
  scale(out.aod, scaling.aod, 'aod');
  scale(out.aoa, scaling.aoa, 'aoa');
  scale(out.zod, scaling.zod, 'zod');
  scale(out.zoa, scaling.zoa, 'zoa');
  return out;
}

/**
 * Circular angular spread and mean [deg] of power-weighted angles (TR 38.901 Annex A, eq. simplified as in
 * channel-models.md): AS = √(−2 ln|Σ P e^{jφ} / Σ P|), μ = arg Σ P e^{jφ}.
 */
export function angularSpread(anglesDeg: ArrayLike<number>, power: ArrayLike<number>): { spreadDeg: number; meanDeg: number } {
  let re = 0;
  let im = 0;
  let total = 0;
  for (let k = 0; k < anglesDeg.length; k++) {
    re += power[k] * Math.cos(anglesDeg[k] * DEG);
    im += power[k] * Math.sin(anglesDeg[k] * DEG);
    total += power[k];
  }
  const r = Math.hypot(re, im) / total;
  return { spreadDeg: Math.sqrt(-2 * Math.log(Math.min(1, r))) / DEG, meanDeg: Math.atan2(im, re) / DEG };
}

export class CdlChannel implements NarrowbandChannelModel, OfdmChannelModel {
  readonly nr: number;
  readonly nt: number;
  readonly numSubcarriers: number;
  readonly subcarrierSpacingHz: number;
  readonly table: CdlTable;
  /** scaled ray angles (before coupling) */
  readonly rays: CdlRays;
  /** delay of each table entry [s] */
  readonly delays: Float64Array;
  private readonly tx: ArrayGeometry;
  private readonly rx: ArrayGeometry;
  private readonly txBearing: number;
  private readonly rxBearing: number;
  private readonly perChannel: boolean;
  private readonly frequencyHz: number;
  private readonly ws: RayWorkspace;
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  private readonly phRe: Float64Array;
  private readonly phIm: Float64Array;
  private readonly permA = new Int32Array(RAYS_PER_CLUSTER);
  private readonly permZA = new Int32Array(RAYS_PER_CLUSTER);
  private readonly permZD = new Int32Array(RAYS_PER_CLUSTER);

  constructor(options: CdlChannelOptions) {
    this.table = cdlTable(options.model);
    const ds = options.delaySpreadS ?? 100e-9;
    if (!(ds >= 0)) throw new RangeError(`CdlChannel: delaySpreadS must be ≥ 0 seconds; got ${ds}`);
    this.delays = Float64Array.from(this.table.delayNorm, (d) => d * ds); // §7.7.3: τ_n = delayNorm_n · DS
    this.rays = cdlRays(options.model, options.angleScaling);
    this.tx = options.tx;
    this.rx = options.rx;
    this.nt = options.tx.numElements;
    this.nr = options.rx.numElements;
    this.txBearing = options.txBearingDeg ?? 0;
    this.rxBearing = options.rxBearingDeg ?? 0;
    ({
      perChannel: this.perChannel,
      frequencyHz: this.frequencyHz,
      numSubcarriers: this.numSubcarriers,
      subcarrierSpacingHz: this.subcarrierSpacingHz,
    } = resolveSampling('CdlChannel', options));
    const R = this.rays.power.length;
    const entries = this.delays.length;
    this.ws = rayWorkspace(R, this.nr, this.nt);
    this.hRe = new Float64Array(entries * this.nr * this.nt);
    this.hIm = new Float64Array(entries * this.nr * this.nt);
    this.phRe = new Float64Array(entries);
    this.phIm = new Float64Array(entries);
  }

  /** Narrowband channels [batch, N_r, N_t] c64 at `frequencyHz`. */
  generate(batch: number, seed: number, firstIndex = 0): ChannelBatch {
    const out = channelBatch(batch, this.nr, this.nt);
    const size = this.nr * this.nt;
    for (let b = 0; b < batch; b++) {
      this.drawRays(channelRng(seed, firstIndex + b), this.frequencyHz);
      rayProduct(this.ws, 0, this.rays.power.length, this.nr, this.nt, this.hRe, this.hIm, 0);
      writeNarrowband(this.hRe, this.hIm, size, this.perChannel, out.data, 2 * b * size);
    }
    return out;
  }

  /** OFDM channels [batch, K, N_r, N_t] c64: H[k] = Σ_n H_n e^{−j2π kΔf τ_n} (§7.7.1 step 7 form). */
  generateOfdm(batch: number, seed: number, firstIndex = 0): OfdmChannelBatch {
    const K = this.numSubcarriers;
    const out = ofdmChannelBatch(batch, K, this.nr, this.nt);
    const size = this.nr * this.nt;
    const starts = this.rays.entryStart;
    const entries = this.delays.length;
    for (let b = 0; b < batch; b++) {
      this.drawRays(channelRng(seed, firstIndex + b), 0);
      for (let n = 0; n < entries; n++) {
        rayProduct(this.ws, starts[n], starts[n + 1], this.nr, this.nt, this.hRe, this.hIm, n * size);
      }
      const o = 2 * b * K * size;
      const e = writeOfdm(this.hRe, this.hIm, entries, this.delays, K, this.subcarrierSpacingHz, size, 1, out.data, o, this.phRe, this.phIm);
      if (this.perChannel) {
        const s = Math.sqrt((K * size) / e);
        for (let i = o; i < o + 2 * K * size; i++) out.data[i] *= s;
      }
    }
    return out;
  }

  /** Coupling, phases and responses for one channel; ray gains include e^{−j2π f τ_n}. */
  private drawRays(rng: Rng, frequencyHz: number): void {
    const { rays, ws } = this;
    const R = ws.capacity;
    const entries = this.delays.length;
    for (let n = 0; n < entries; n++) {
      const s = rays.entryStart[n];
      const count = rays.entryStart[n + 1] - s;
      const specular = count === 1;
      if (!specular) {
        shuffle(this.permA, rng);
        shuffle(this.permZA, rng);
        shuffle(this.permZD, rng);
      }
      const delayPhase = -2 * Math.PI * frequencyHz * this.delays[n];
      for (let m = 0; m < count; m++) {
        const k = s + m;
        const kA = specular ? k : s + this.permA[m];
        const kZA = specular ? k : s + this.permZA[m];
        const kZD = specular ? k : s + this.permZD[m];
        writeWrappedResponse(this.tx, (rays.aod[k] - this.txBearing) * DEG, rays.zod[kZD] * DEG, ws.bRe, ws.bIm, k, R);
        writeWrappedResponse(this.rx, (rays.aoa[kA] - this.rxBearing) * DEG, rays.zoa[kZA] * DEG, ws.cRe, ws.cIm, k, R);
        const phase = (specular ? 0 : Math.PI * (2 * rng.uniform() - 1)) + delayPhase;
        const amp = Math.sqrt(rays.power[k]);
        scaleRayColumn(ws, k, this.nr, amp * Math.cos(phase), amp * Math.sin(phase));
      }
    }
  }
}

function cdlTable(model: CdlModel): CdlTable {
  const t = CDL_TABLES[model];
  if (!t) throw new RangeError(`CDL: model must be one of A, B, C, D, E; got ${String(model)}`);
  return t;
}

function normalizedPowers(t: CdlTable): Float64Array {
  const p = Float64Array.from(t.powerDb, (db) => 10 ** (db / 10));
  const total = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / total);
}

/** Wraps an angle difference [deg] into (−180, 180]. */
function wrap180(x: number): number {
  let y = (x + 180) % 360;
  if (y <= 0) y += 360;
  return y - 180;
}

function shuffle(perm: Int32Array, rng: Rng): void {
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}
