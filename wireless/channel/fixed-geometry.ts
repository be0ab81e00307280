/**
 * CDL-style channels with one fixed cluster geometry per scenario (paper 000 §IV-A and its footnote 1): the cluster
 * delays, powers and ray angles are slow fading, "unchanged in a large time scale", and only the path gains α_{n,m}
 * fade from channel to channel — as MATLAB's CDL channel object makes them (TR 38.901 §7.7.1: profile fixed, ray
 * phases drawn per realization).
 *
 * The geometry is derived from the scenario's TR 38.901 parameters (UMi-Street-Canyon or UMa NLOS, Table 7.5-6), once,
 * from `geometrySeed`:
 *  - large-scale parameters at their medians (DS = 10^μ_lgDS, ASD, ASA, ZSD, ZSA likewise, clipped as in step 4),
 *    i.e. the CDL profile scaled to the scenario's median delay and angle spreads (§7.7.3, §7.7.5.1 in spirit);
 *  - LOS azimuth uniform in [−60°, 60°] and the UT bearing uniform in [0°, 360°), drawn from the geometry seed;
 *  - steps 5–8 (delays, powers, cluster angles, ray offsets α_m of Table 7.5-3 scaled by c_ASD/c_ASA/c_ZSA and the
 *    ZOD ray spread, random coupling) with the strongest `numClusters` (paper 000: N_cl = 3) of the standard's N kept
 *    and no sub-clusters (CDL has none, §7.7.1);
 * then per channel i (stream channelRng(seed, i)) only the initial phases Φ_{n,m} ~ U(−π, π) of the N_cl·20 rays are
 * drawn (single polarization: one phase per ray), so α_{n,m} = √(P_n/M) e^{jΦ_{n,m}}.
 *
 *   H(f) = Σ_n Σ_m √(P_n/M) e^{jΦ_{n,m}} e^{−j2π f τ_n} a_rx(φ_A, θ_A) a_tx(φ_D, θ_D)^T        TR 38.901 eq. (7.5-22)
 *
 * Powers sum to 1 and the responses have unit-modulus entries, so E‖H‖_F² = N_t N_r ('average'; 'per-channel'
 * rescales each channel). The same geometry seed gives UMi and UMa each their own geometry (drawn through each
 * scenario's parameters and standard cluster count N, so the layouts are not the same draws).
 */
import type { ArrayGeometry } from '../array/geometry.js';
import { Rng } from '../random/rng.js';
import { resolveSampling, type SamplingOptions } from './sampling-options.js';
import { DEG, writeWrappedResponse } from './tr38901/angles.js';
import { clusterDraw, drawClusters, type LosAngles } from './tr38901/clusters.js';
import { LSP } from './tr38901/large-scale.js';
import { rayProduct, rayWorkspace, writeNarrowband, writeOfdm, type RayWorkspace } from './tr38901/ray-sum.js';
import { scenarioParameters, type ScenarioParameters, type Tr38901Scenario } from './tr38901/scenario.js';
import {
  channelBatch,
  channelRng,
  ofdmChannelBatch,
  type ChannelBatch,
  type NarrowbandChannelModel,
  type OfdmChannelBatch,
  type OfdmChannelModel,
} from './types.js';

export interface FixedGeometryOptions extends SamplingOptions {
  scenario: Tr38901Scenario;
  tx: ArrayGeometry;
  rx: ArrayGeometry;
  /** seeds the one cluster geometry (LOS direction, UT bearing, delays, powers, angles, coupling) */
  geometrySeed: number;
  /** carrier [GHz]; default 28 */
  fcGHz?: number;
  /** clusters kept (the strongest); default 3 (paper 000: N_cl = 3) */
  numClusters?: number;
  /** BS–UT ground distance [m] (enters μ_lgZSD); default 100 (UMi) / 200 (UMa) */
  distance2DM?: number;
  /** BS height [m]; default 10 (UMi) / 25 (UMa) */
  bsHeightM?: number;
}

/** The fixed geometry, for reports and tests. */
export interface FixedGeometry {
  /** per cluster: delay [s], power (sum 1), mean angles [deg] */
  delayS: number[];
  power: number[];
  aodDeg: number[];
  aoaDeg: number[];
  zodDeg: number[];
  zoaDeg: number[];
  /** UT array bearing [deg] (AOA is measured from it) */
  ueBearingDeg: number;
  /** the median LSPs used: DS [s], ASD, ASA, ZSD, ZSA [deg] */
  lsp: { ds: number; asd: number; asa: number; zsd: number; zsa: number };
}

export class FixedGeometryChannel implements NarrowbandChannelModel, OfdmChannelModel {
  readonly nr: number;
  readonly nt: number;
  readonly numSubcarriers: number;
  readonly subcarrierSpacingHz: number;
  readonly params: ScenarioParameters;
  readonly geometry: FixedGeometry;
  private readonly rays: number;
  private readonly rayAmp: Float64Array;
  private readonly rayCluster: Int32Array;
  private readonly clusterDelay: Float64Array;
  /** the fixed receive responses [N_r, R] (the workspace's C is these times the ray gains) */
  private readonly c0Re: Float64Array;
  private readonly c0Im: Float64Array;
  private readonly clusterStart: Int32Array;
  private readonly ws: RayWorkspace;
  private readonly perChannel: boolean;
  private readonly frequencyHz: number;
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  private readonly phRe: Float64Array;
  private readonly phIm: Float64Array;

  constructor(options: FixedGeometryOptions) {
    const umi = options.scenario === 'umi-nlos';
    const distance2DM = options.distance2DM ?? (umi ? 100 : 200);
    const bsHeightM = options.bsHeightM ?? (umi ? 10 : 25);
    const ueHeightM = 1.5;
    const p = scenarioParameters(options.scenario, { fcGHz: options.fcGHz ?? 28, distance2DM, ueHeightM, bsHeightM });
    this.params = p;
    const kept = options.numClusters ?? 3;
    if (!Number.isInteger(kept) || kept < 1 || kept > p.numClusters) {
      throw new RangeError(`FixedGeometryChannel: numClusters must be an integer in [1, ${p.numClusters}]; got ${options.numClusters}`);
    }
    if (!Number.isInteger(options.geometrySeed) || options.geometrySeed < 0) {
      throw new RangeError(`FixedGeometryChannel: geometrySeed must be an integer ≥ 0; got ${options.geometrySeed}`);
    }
    this.tx = options.tx;
    this.rx = options.rx;
    this.nt = options.tx.numElements;
    this.nr = options.rx.numElements;
    ({
      perChannel: this.perChannel,
      frequencyHz: this.frequencyHz,
      numSubcarriers: this.numSubcarriers,
      subcarrierSpacingHz: this.subcarrierSpacingHz,
    } = resolveSampling('FixedGeometryChannel', options));

    // Median LSPs (step 4 without the log-normal draw), clipped as in step 4.
    const med = (i: number) => 10 ** p.mu[i];
    const lsp = new Float64Array(6);
    lsp[LSP.DS] = med(LSP.DS);
    lsp[LSP.ASD] = Math.min(med(LSP.ASD), 104);
    lsp[LSP.ASA] = Math.min(med(LSP.ASA), 104);
    lsp[LSP.ZSD] = Math.min(med(LSP.ZSD), 52);
    lsp[LSP.ZSA] = Math.min(med(LSP.ZSA), 52);
    const rng = new Rng(options.geometrySeed).fork('fixed-geometry');
    const zodLos = 90 + Math.atan((bsHeightM - ueHeightM) / distance2DM) / DEG;
    const aodLos = rng.uniformIn(-60, 60);
    const los: LosAngles = { aodDeg: aodLos, aoaDeg: aodLos + 180, zodDeg: zodLos, zoaDeg: 180 - zodLos };
    const bearing = rng.uniformIn(0, 360);
    const draw = clusterDraw(p.numClusters);
    drawClusters(p, lsp, los, rng, draw, { maxClusters: kept, dropWeak: true, subClusters: false });

    const R = draw.rays;
    this.rays = R;
    this.ws = rayWorkspace(R, this.nr, this.nt);
    this.rayAmp = Float64Array.from(draw.rayAmp.subarray(0, R));
    this.rayCluster = Int32Array.from(draw.rayCluster.subarray(0, R));
    this.clusterDelay = Float64Array.from(draw.tau.subarray(0, draw.clusters));
    this.clusterStart = Int32Array.from(draw.tapStart.subarray(0, draw.taps + 1));
    for (let k = 0; k < R; k++) {
      writeWrappedResponse(this.tx, draw.rayAod[k] * DEG, draw.rayZod[k] * DEG, this.ws.bRe, this.ws.bIm, k, R);
      writeWrappedResponse(this.rx, (draw.rayAoa[k] - bearing) * DEG, draw.rayZoa[k] * DEG, this.ws.cRe, this.ws.cIm, k, R);
    }
    this.c0Re = Float64Array.from(this.ws.cRe);
    this.c0Im = Float64Array.from(this.ws.cIm);
    const size = this.nr * this.nt;
    this.hRe = new Float64Array(draw.clusters * size);
    this.hIm = new Float64Array(draw.clusters * size);
    this.phRe = new Float64Array(draw.clusters);
    this.phIm = new Float64Array(draw.clusters);
    const n = draw.clusters;
    const list = (a: Float64Array) => Array.from(a.subarray(0, n));
    this.geometry = {
      delayS: list(draw.tau),
      power: list(draw.power),
      aodDeg: list(draw.aod),
      aoaDeg: list(draw.aoa),
      zodDeg: list(draw.zod),
      zoaDeg: list(draw.zoa),
      ueBearingDeg: bearing,
      lsp: { ds: lsp[LSP.DS], asd: lsp[LSP.ASD], asa: lsp[LSP.ASA], zsd: lsp[LSP.ZSD], zsa: lsp[LSP.ZSA] },
    };
  }

  private readonly tx: ArrayGeometry;
  private readonly rx: ArrayGeometry;

  /** Narrowband channels [batch, N_r, N_t] c64 at `frequencyHz`. */
  generate(batch: number, seed: number, firstIndex = 0): ChannelBatch {
    const out = channelBatch(batch, this.nr, this.nt);
    const size = this.nr * this.nt;
    for (let b = 0; b < batch; b++) {
      this.drawGains(channelRng(seed, firstIndex + b), this.frequencyHz);
      rayProduct(this.ws, 0, this.rays, this.nr, this.nt, this.hRe, this.hIm, 0);
      writeNarrowband(this.hRe, this.hIm, size, this.perChannel, out.data, 2 * b * size);
    }
    return out;
  }

  /** OFDM channels [batch, K, N_r, N_t] c64: H[k] = Σ_n H_n e^{−j2π kΔf τ_n}. */
  generateOfdm(batch: number, seed: number, firstIndex = 0): OfdmChannelBatch {
    const K = this.numSubcarriers;
    const out = ofdmChannelBatch(batch, K, this.nr, this.nt);
    const size = this.nr * this.nt;
    const clusters = this.clusterDelay.length;
    for (let b = 0; b < batch; b++) {
      this.drawGains(channelRng(seed, firstIndex + b), 0);
      for (let n = 0; n < clusters; n++) {
        rayProduct(this.ws, this.clusterStart[n], this.clusterStart[n + 1], this.nr, this.nt, this.hRe, this.hIm, n * size);
      }
      const o = 2 * b * K * size;
      const e = writeOfdm(this.hRe, this.hIm, clusters, this.clusterDelay, K, this.subcarrierSpacingHz, size, 1, out.data, o, this.phRe, this.phIm);
      if (this.perChannel) {
        const s = Math.sqrt((K * size) / e);
        for (let i = o; i < o + 2 * K * size; i++) out.data[i] *= s;
      }
    }
    return out;
  }

  /** The fast fading: C[:, k] = √(P_n/M) e^{j(Φ_k − 2π f τ_n)} a_rx,k with Φ_k ~ U(−π, π) per ray. */
  private drawGains(rng: Rng, frequencyHz: number): void {
    const R = this.rays;
    const { cRe, cIm } = this.ws;
    for (let k = 0; k < R; k++) {
      const phase = Math.PI * (2 * rng.uniform() - 1) - 2 * Math.PI * frequencyHz * this.clusterDelay[this.rayCluster[k]];
      const gr = this.rayAmp[k] * Math.cos(phase);
      const gi = this.rayAmp[k] * Math.sin(phase);
      for (let r = 0, i = k; r < this.nr; r++, i += R) {
        cRe[i] = gr * this.c0Re[i] - gi * this.c0Im[i];
        cIm[i] = gr * this.c0Im[i] + gi * this.c0Re[i];
      }
    }
  }
}
