/**
 * Stochastic TR 38.901 channel (§7.5 steps 4–11) for UMi-Street-Canyon NLOS and UMa NLOS links between a BS array
 * (transmitter, N_t elements) and a UT array (receiver, N_r elements), narrowband or per OFDM subcarrier.
 *
 *   H = Σ_n Σ_m √(P_n/M) e^{jΦ_{n,m}} e^{−j2π f τ_{n(,sub)}} a_UT(φ_A, θ_A) a_BS(φ_D, θ_D)^T     eq. (7.5-22), (7.5-28)
 * narrowband: [batch, N_r, N_t] c64 at baseband frequency f = `frequencyHz` (default 0);
 * OFDM: [batch, K, N_r, N_t] c64 at f_k = k·Δf, k = 0..K−1 (paper 000 eq. (35) convention, Δf = f_s/K).
 *
 * Geometry and conventions (stated choices; the standard leaves them to the simulation):
 *  - BS array broadside along +x (φ = 0, θ = 90°), no downtilt; UT array rotated by a bearing Ω about z (default:
 *    uniform in [0°, 360°) per channel), so the UT sees azimuth φ − Ω. Array responses: `ArrayGeometry` (isotropic,
 *    single-polarized, unnormalized: ‖a‖² = N).
 *  - Each channel is its own drop: the UT lies at ground distance d_2D (fixed option) and azimuth φ_LOS,AOD uniform
 *    in `ueAzimuthRangeDeg` (default [−60°, 60°], a 120° sector); φ_LOS,AOA = φ_LOS,AOD + 180°,
 *    θ_LOS,ZOD = 90° + atan((h_BS − h_UT)/d_2D), θ_LOS,ZOA = 180° − θ_LOS,ZOD.
 *  - Normalization: path loss and shadow fading are removed (SF is drawn only to keep the LSP correlations); cluster
 *    powers sum to 1, so E‖H‖_F² = N_t·N_r over the random phases ('average', default). 'per-channel' instead scales
 *    every H (OFDM: every [K, N_r, N_t] block, averaged over k) to exactly N_t·N_r.
 *  - Single polarization, no XPR; no Doppler (static); no oxygen absorption, blockage or spatial consistency.
 *
 * Performance: channel i uses channelRng(seed, firstIndex + i); steering vectors come from separable lattice
 * recurrences and the ray sum runs over split re/im typed arrays (ray-sum.ts), with no per-channel allocation.
 */
import { resolveSampling, type SamplingOptions } from '../sampling-options.js';
import { writeLatticeResponse, type ArrayGeometry } from '../../array/geometry.js';
import {
  channelBatch,
  channelRng,
  ofdmChannelBatch,
  type ChannelBatch,
  type NarrowbandChannelModel,
  type OfdmChannelBatch,
  type OfdmChannelModel,
} from '../types.js';
import { DEG, writeWrappedResponse } from './angles.js';
import { clusterDraw, drawClusters, zodRayDeg, type ClusterDraw, type LosAngles } from './clusters.js';
import { drawLargeScaleParameters } from './large-scale.js';
import { rayProduct, rayWorkspace, scaleRayColumn, writeNarrowband, writeOfdm, type RayWorkspace } from './ray-sum.js';
import { RAYS_PER_CLUSTER, RAY_OFFSETS } from './ray-offsets.js';
import { scenarioParameters, type ScenarioParameters, type Tr38901Scenario } from './scenario.js';
import type { Rng } from '../../random/rng.js';

export interface Tr38901ChannelOptions extends SamplingOptions {
  scenario: Tr38901Scenario;
  /** BS (transmitter) array, N_t = tx.numElements */
  tx: ArrayGeometry;
  /** UT (receiver) array, N_r = rx.numElements */
  rx: ArrayGeometry;
  /** carrier frequency [GHz]; default 28 */
  fcGHz?: number;
  /** BS–UT ground distance d_2D [m]; default 100 (UMi) / 200 (UMa). Enters μ_lgZSD and the ZOD offset. */
  distance2DM?: number;
  /** UT height [m]; default 1.5 */
  ueHeightM?: number;
  /** BS height [m]; default 10 (UMi) / 25 (UMa) */
  bsHeightM?: number;
  /** range of the LOS azimuth seen from the BS [deg], uniform per channel; default [−60, 60] */
  ueAzimuthRangeDeg?: readonly [number, number];
  /** UT array bearing Ω [deg], or 'random' (uniform [0, 360) per channel, the default) */
  ueBearingDeg?: number | 'random';
  /** keep the strongest `numClusters` clusters; default the standard N (19 UMi, 20 UMa); paper 000 uses 3 */
  numClusters?: number;
  /** drop clusters 25 dB below the strongest (step 6); default true */
  dropWeakClusters?: boolean;
  /** wideband sub-clusters of the two strongest clusters (step 11); default true */
  subClusters?: boolean;
}

export class Tr38901Channel implements NarrowbandChannelModel, OfdmChannelModel {
  readonly nr: number;
  readonly nt: number;
  readonly numSubcarriers: number;
  readonly subcarrierSpacingHz: number;
  readonly params: ScenarioParameters;
  private readonly tx: ArrayGeometry;
  private readonly rx: ArrayGeometry;
  private readonly los: LosAngles = { aodDeg: 0, aoaDeg: 0, zodDeg: 0, zoaDeg: 0 };
  private readonly zodLos: number;
  private readonly azRange: readonly [number, number];
  private readonly bearing: number | 'random';
  private readonly maxClusters: number;
  private readonly dropWeak: boolean;
  private readonly subClusters: boolean;
  private readonly perChannel: boolean;
  private readonly frequencyHz: number;
  private readonly draw: ClusterDraw;
  private readonly ws: RayWorkspace;
  private readonly lsp = new Float64Array(6);
  private readonly z = new Float64Array(6);
  private readonly hRe: Float64Array;
  private readonly hIm: Float64Array;
  private readonly phRe: Float64Array;
  private readonly phIm: Float64Array;
  /** cos/sin of the ray offsets (fixed per instance) and of the current link's cluster angles */
  private readonly offsets: OffsetTrig;
  private readonly trig: OffsetTrig;

  constructor(options: Tr38901ChannelOptions) {
    const umi = options.scenario === 'umi-nlos';
    const link = {
      fcGHz: options.fcGHz ?? 28,
      distance2DM: options.distance2DM ?? (umi ? 100 : 200),
      ueHeightM: options.ueHeightM ?? 1.5,
      bsHeightM: options.bsHeightM ?? (umi ? 10 : 25),
    };
    this.params = scenarioParameters(options.scenario, link);
    this.zodLos = 90 + Math.atan((link.bsHeightM - link.ueHeightM) / link.distance2DM) / DEG;
    this.tx = options.tx;
    this.rx = options.rx;
    this.nt = options.tx.numElements;
    this.nr = options.rx.numElements;
    this.azRange = options.ueAzimuthRangeDeg ?? [-60, 60];
    if (!(this.azRange[1] >= this.azRange[0])) {
      throw new RangeError(`Tr38901Channel: ueAzimuthRangeDeg must be [min, max]; got [${this.azRange.join(', ')}]`);
    }
    this.bearing = options.ueBearingDeg ?? 'random';
    const N = this.params.numClusters;
    this.maxClusters = options.numClusters ?? N;
    if (!Number.isInteger(this.maxClusters) || this.maxClusters < 1 || this.maxClusters > N) {
      throw new RangeError(`Tr38901Channel: numClusters must be an integer in [1, ${N}]; got ${options.numClusters}`);
    }
    this.dropWeak = options.dropWeakClusters ?? true;
    this.subClusters = options.subClusters ?? true;
    ({
      perChannel: this.perChannel,
      frequencyHz: this.frequencyHz,
      numSubcarriers: this.numSubcarriers,
      subcarrierSpacingHz: this.subcarrierSpacingHz,
    } = resolveSampling('Tr38901Channel', options));
    this.draw = clusterDraw(N);
    this.ws = rayWorkspace(N * RAYS_PER_CLUSTER, this.nr, this.nt);
    const taps = N + 4;
    this.hRe = new Float64Array(taps * this.nr * this.nt);
    this.hIm = new Float64Array(taps * this.nr * this.nt);
    this.phRe = new Float64Array(taps);
    this.phIm = new Float64Array(taps);
    this.offsets = offsetTrig(this.params);
    this.trig = clusterTrig(N);
  }

  /** Narrowband channels: [batch, N_r, N_t] c64. */
  generate(batch: number, seed: number, firstIndex = 0): ChannelBatch {
    const out = channelBatch(batch, this.nr, this.nt);
    const size = this.nr * this.nt;
    const { hRe, hIm, ws, draw } = this;
    for (let b = 0; b < batch; b++) {
      this.drawLink(channelRng(seed, firstIndex + b), this.frequencyHz);
      rayProduct(ws, 0, draw.rays, this.nr, this.nt, hRe, hIm, 0);
      writeNarrowband(hRe, hIm, size, this.perChannel, out.data, 2 * b * size);
    }
    return out;
  }

  /** OFDM channels: [batch, K, N_r, N_t] c64, H[k] = Σ_taps H_p e^{−j2π kΔf τ_p}. */
  generateOfdm(batch: number, seed: number, firstIndex = 0): OfdmChannelBatch {
    const K = this.numSubcarriers;
    const out = ofdmChannelBatch(batch, K, this.nr, this.nt);
    const size = this.nr * this.nt;
    const { hRe, hIm, ws, draw } = this;
    for (let b = 0; b < batch; b++) {
      this.drawLink(channelRng(seed, firstIndex + b), 0);
      for (let p = 0; p < draw.taps; p++) {
        rayProduct(ws, draw.tapStart[p], draw.tapStart[p + 1], this.nr, this.nt, hRe, hIm, p * size);
      }
      const o = 2 * b * K * size;
      const e = writeOfdm(hRe, hIm, draw.taps, draw.tapDelay, K, this.subcarrierSpacingHz, size, 1, out.data, o, this.phRe, this.phIm);
      if (this.perChannel) {
        const s = Math.sqrt((K * size) / e);
        for (let i = o; i < o + 2 * K * size; i++) out.data[i] *= s;
      }
    }
    return out;
  }

  /**
   * Steps 4–10 for one link: LSPs, clusters, rays; fills the ray tables with a_BS (B) and g·a_UT (C). Ray gains are
   * √(P_n/M) e^{jΦ} e^{−j2π f τ_tap}. Ray directions use angle addition on per-cluster sines/cosines and the fixed
   * offset tables (sin(x + δ) = sin x cos δ + cos x sin δ), so a lattice ray costs two cos/sin pairs per end.
   */
  private drawLink(rng: Rng, frequencyHz: number): void {
    const p = this.params;
    drawLargeScaleParameters(p, rng, this.lsp, this.z);
    const los = this.los;
    los.aodDeg = rng.uniformIn(this.azRange[0], this.azRange[1]);
    los.aoaDeg = los.aodDeg + 180;
    los.zodDeg = this.zodLos;
    los.zoaDeg = 180 - this.zodLos;
    const bearing = this.bearing === 'random' ? rng.uniformIn(0, 360) : this.bearing;
    const draw = this.draw;
    drawClusters(p, this.lsp, los, rng, draw, {
      maxClusters: this.maxClusters,
      dropWeak: this.dropWeak,
      subClusters: this.subClusters,
    });
    const t = this.trig;
    for (let i = 0; i < draw.clusters; i++) {
      const aod = draw.aod[i] * DEG;
      const aoa = (draw.aoa[i] - bearing) * DEG;
      const zod = draw.zod[i] * DEG;
      const zoa = draw.zoa[i] * DEG;
      t.sAod[i] = Math.sin(aod);
      t.cAod[i] = Math.cos(aod);
      t.sAoa[i] = Math.sin(aoa);
      t.cAoa[i] = Math.cos(aoa);
      t.sZod[i] = Math.sin(zod);
      t.cZod[i] = Math.cos(zod);
      t.sZoa[i] = Math.sin(zoa);
      t.cZoa[i] = Math.cos(zoa);
    }
    const ws = this.ws;
    const R = ws.capacity;
    const txLat = this.tx.lattice;
    const rxLat = this.rx.lattice;
    const o = this.offsets;
    for (let tap = 0; tap < draw.taps; tap++) {
      const delayPhase = -2 * Math.PI * frequencyHz * draw.tapDelay[tap];
      for (let k = draw.tapStart[tap]; k < draw.tapStart[tap + 1]; k++) {
        const i = draw.rayCluster[k];
        // BS side: AOD, ZOD (global = BS-local coordinates).
        let m = draw.rayOffAod[k];
        const sinPhiD = t.sAod[i] * o.cAod[m] + t.cAod[i] * o.sAod[m];
        m = draw.rayOffZod[k];
        const sinThD = t.sZod[i] * o.cZod[m] + t.cZod[i] * o.sZod[m];
        const cosThD = t.cZod[i] * o.cZod[m] - t.sZod[i] * o.sZod[m];
        if (txLat) {
          writeLatticeResponse(txLat, Math.abs(sinThD) * sinPhiD, cosThD, ws.bRe, ws.bIm, k, R);
        } else {
          writeWrappedResponse(this.tx, draw.rayAod[k] * DEG, draw.rayZod[k] * DEG, ws.bRe, ws.bIm, k, R);
        }
        // UT side: AOA − Ω, ZOA.
        m = draw.rayOffAoa[k];
        const sinPhiA = t.sAoa[i] * o.cAoa[m] + t.cAoa[i] * o.sAoa[m];
        m = draw.rayOffZoa[k];
        const sinThA = t.sZoa[i] * o.cZoa[m] + t.cZoa[i] * o.sZoa[m];
        const cosThA = t.cZoa[i] * o.cZoa[m] - t.sZoa[i] * o.sZoa[m];
        if (rxLat) {
          writeLatticeResponse(rxLat, Math.abs(sinThA) * sinPhiA, cosThA, ws.cRe, ws.cIm, k, R);
        } else {
          writeWrappedResponse(this.rx, (draw.rayAoa[k] - bearing) * DEG, draw.rayZoa[k] * DEG, ws.cRe, ws.cIm, k, R);
        }
        const a = draw.rayAmp[k];
        const ph = draw.rayPhase[k] + delayPhase;
        scaleRayColumn(ws, k, this.nr, a * Math.cos(ph), a * Math.sin(ph));
      }
    }
  }
}

/** cos/sin of the fixed ray offsets c·α_m (radians) for the four angle types. */
interface OffsetTrig {
  sAod: Float64Array;
  cAod: Float64Array;
  sAoa: Float64Array;
  cAoa: Float64Array;
  sZod: Float64Array;
  cZod: Float64Array;
  sZoa: Float64Array;
  cZoa: Float64Array;
}

function offsetTrig(p: ScenarioParameters): OffsetTrig {
  const table = (c: number) => {
    const s = new Float64Array(RAYS_PER_CLUSTER);
    const co = new Float64Array(RAYS_PER_CLUSTER);
    for (let m = 0; m < RAYS_PER_CLUSTER; m++) {
      s[m] = Math.sin(c * RAY_OFFSETS[m] * DEG);
      co[m] = Math.cos(c * RAY_OFFSETS[m] * DEG);
    }
    return [s, co] as const;
  };
  const [sAod, cAod] = table(p.cASD);
  const [sAoa, cAoa] = table(p.cASA);
  const [sZod, cZod] = table(zodRayDeg(p));
  const [sZoa, cZoa] = table(p.cZSA);
  return { sAod, cAod, sAoa, cAoa, sZod, cZod, sZoa, cZoa };
}

function clusterTrig(n: number): OffsetTrig {
  const f = () => new Float64Array(n);
  return { sAod: f(), cAod: f(), sAoa: f(), cAoa: f(), sZod: f(), cZod: f(), sZoa: f(), cZoa: f() };
}
