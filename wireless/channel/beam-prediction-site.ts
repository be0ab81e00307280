/**
 * Site-specific mmWave MISO channel for probe-beam training and beam prediction (paper 001 §II-A, §IV-A, Table I).
 *
 * Paper 001 builds "a map-based deterministic model according to 3GPP 38.901 … and stochastic clusters are also
 * introduced" (TR 38.901 §8, hybrid map-based model) but publishes no map. This generator makes one: a FIXED site
 * (buildings and street furniture placed once from `siteSeed`) and random user drops in a region, so every path's
 * angle and large-scale gain is a deterministic function of the user position — the site-specific structure a beam
 * predictor is meant to learn — while ray phases, intra-cluster coupling and a few stochastic clusters vary per drop.
 *
 * Geometry (metres): BS at (0, 0, h_BS) with a 16 × 8 UPA in the y–z plane, broadside +x; users at height h_UT
 * dropped uniformly in `region` (outside buildings). Buildings are axis-aligned boxes taller than the BS, so blocking
 * is a 2-D test on the footprints. Paths, all departing from the BS:
 * - LOS: one specular ray when the BS–UE segment misses every building; free-space gain (λ/(4πd))².
 * - Wall reflections: first-order specular reflections on building walls (image method), when both legs are clear;
 *   free-space gain over the unfolded length times the building's reflection loss (site-fixed, 4–9 dB).
 * - Scatterers (lamp posts, trees, signs: points 3–8 m high): when both legs are clear; free-space gain over
 *   d1 + d2 times a site-fixed excess loss (10–20 dB).
 * - Diffraction: when LOS is blocked, a cluster in the direct direction attenuated by `blockageLossDb` (TR 38.901
 *   §7.6.4 puts blockage at 15–30 dB), so no drop is left without a path.
 * - Stochastic clusters (per drop): `numStochasticClusters` clusters around the user direction (azimuth spread 25°,
 *   zenith 3°), `stochasticPowerDb` below the strongest deterministic path with 3 dB log-normal shadowing (ζ).
 * Every path except LOS is a cluster of M rays: ray m of a cluster centred at (φ_n, θ_n) departs at
 * φ_n + c_ASD·α_m, θ_n + c_ZSD·α_{π(m)} with α_m the TR 38.901 Table 7.5-3 offsets, π a random coupling (step 8), a
 * random phase U(0, 2π) (step 10) and power P_n/M. Rays leaving behind the panel (cos φ sin θ ≤ 0) are dropped
 * (the panel is assumed not to radiate backwards; elements are otherwise isotropic). Second-order reflections,
 * ground reflection and polarization are not modelled.
 *
 * Channel (paper 001 eqs. (1)–(4)): h = Σ_rays g_r ψ̃(u_r, v_r) with (u, v) = (sin φ sin θ, cos θ) and ψ̃ the
 * UNNORMALIZED UPA response (element m·N_θ + n = e^{jπ(m u + n v)}, paper 001 eq. (2) times √N). With
 * `normalization: 'absolute'` (default) g_r carries the path gain, so |h_n|² is the per-element power gain
 * (received / transmitted power) and P·|wᴴ h|² is the received power of a unit-norm beam w — the RSRP of eq. (5) in
 * the units of P (e.g. mW for P in mW; Table I noise: −174 dBm/Hz × 100 MHz = −94 dBm). With 'per-drop' every h is
 * scaled to ‖h‖² = N (the large-scale gain is still reported in `pathGainDb`).
 *
 * Output: `H` ChannelBatch `[batch, 1, N]` c64 whose single row is hᴴ, so that H·w = hᴴ w is eq. (5)'s z/√P;
 * `positions` `[batch, 3]` (x, y, z) m; `beamPower` `[batch, 128]` = |a_iᴴ h|² over paper 001's DFT codebook
 * (wireless/codebook/dft.ts `upaDftCodebook(16, 8)`, beam index i·N_θ + j at (u, v) = (−1 + 2i/N_φ, −1 + 2j/N_θ));
 * `bestBeam` `[batch]` = argmax (the classification label); `los` `[batch]` 0/1; `pathGainDb` `[batch]`
 * = 10·log10(‖h‖²/N) before any per-drop scaling.
 * Randomness: the site from `siteSeed` only; drop i of a call from channelRng(seed, firstIndex + i) (types.ts).
 */
import { upaGeometry, writeLatticeResponse, type ArrayLattice } from '../array/geometry.js';
import { upaDftCodebook } from '../codebook/dft.js';
import { Rng } from '../random/rng.js';
import { SPEED_OF_LIGHT } from '../special/bessel-j0.js';
import { RAY_OFFSETS } from './tr38901/ray-offsets.js';
import { channelBatch, channelRng, type ChannelBatch } from './types.js';

export interface DropRegion {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

export interface BeamSiteConfig {
  /** seed of the fixed site geometry (buildings, scatterers, losses); default 1 */
  readonly siteSeed?: number;
  /** N_φ: horizontal elements (along y); default 16 */
  readonly numHorizontal?: number;
  /** N_θ: vertical elements (along z); default 8 */
  readonly numVertical?: number;
  /** carrier frequency, Hz; default 30e9 (Table I) */
  readonly carrierHz?: number;
  /** BS array height, m; default 10 (TR 38.901 UMi) */
  readonly bsHeightM?: number;
  /** user antenna height, m; default 1.5 */
  readonly utHeightM?: number;
  /** user drop rectangle, m; default x ∈ [20, 150], y ∈ [−75, 75] */
  readonly region?: DropRegion;
  /** buildings placed in the site; default 6 */
  readonly numBuildings?: number;
  /** point scatterers placed in the site; default 8 */
  readonly numScatterers?: number;
  /** M: rays per cluster, 1 … 20 (Table 7.5-3 offsets, taken in table order); default 20 */
  readonly raysPerCluster?: number;
  /** c_ASD: cluster-wise azimuth spread of departure, degrees; default 5 */
  readonly clusterAsdDeg?: number;
  /** c_ZSD: cluster-wise zenith spread of departure, degrees; default 2 */
  readonly clusterZsdDeg?: number;
  /** extra loss of the diffracted path when LOS is blocked, dB; default 25 */
  readonly blockageLossDb?: number;
  /** stochastic clusters per drop; default 2 */
  readonly numStochasticClusters?: number;
  /** mean power of each stochastic cluster relative to the strongest deterministic path, dB; default −15 */
  readonly stochasticPowerDb?: number;
  /** 'absolute' (path gains, default) or 'per-drop' (‖h‖² = N) */
  readonly normalization?: 'absolute' | 'per-drop';
}

export const BEAM_SITE_DEFAULTS: Required<BeamSiteConfig> = {
  siteSeed: 1,
  numHorizontal: 16,
  numVertical: 8,
  carrierHz: 30e9,
  bsHeightM: 10,
  utHeightM: 1.5,
  region: { xMin: 20, xMax: 150, yMin: -75, yMax: 75 },
  numBuildings: 6,
  numScatterers: 8,
  raysPerCluster: 20,
  clusterAsdDeg: 5,
  clusterZsdDeg: 2,
  blockageLossDb: 25,
  numStochasticClusters: 2,
  stochasticPowerDb: -15,
  normalization: 'absolute',
};

/** An axis-aligned building footprint [x0, x1] × [y0, y1] of height h (m) and its wall reflection loss (dB). */
export interface Building {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly heightM: number;
  readonly reflectionLossDb: number;
}

/** A point scatterer at (x, y, z) m with its excess scattering loss (dB). */
export interface Scatterer {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly lossDb: number;
}

/** One deterministic (position-dependent, drop-independent) propagation path. */
export interface SitePath {
  readonly kind: 'los' | 'reflection' | 'scatterer' | 'diffraction';
  /** departure azimuth φ from the array broadside (+x), rad */
  readonly azimuthRad: number;
  /** departure zenith θ from +z, rad */
  readonly zenithRad: number;
  /** power gain (received / transmitted, per element), dB */
  readonly gainDb: number;
  /** propagation length, m */
  readonly lengthM: number;
  /** carrier phase of the path, rad (−2π·length/λ, plus π for a reflection) */
  readonly phaseRad: number;
}

export interface BeamSiteBatch {
  /** `[batch, 1, N]` c64, row = hᴴ */
  readonly H: ChannelBatch;
  /** `[batch, 3]` user positions (x, y, z), m */
  readonly positions: Float64Array;
  /** `[batch, N_beams]` |a_iᴴ h|² over the DFT codebook (same scale as H) */
  readonly beamPower: Float32Array;
  /** `[batch]` index of the strongest DFT beam */
  readonly bestBeam: Int32Array;
  /** `[batch]` 1 when the LOS path is clear */
  readonly los: Uint8Array;
  /** `[batch]` 10·log10(‖h‖²/N) of the unscaled channel, dB */
  readonly pathGainDb: Float64Array;
}

const DEG = Math.PI / 180;
const MAX_DROP_ATTEMPTS = 10_000;

export class BeamPredictionSite {
  readonly config: Required<BeamSiteConfig>;
  readonly buildings: readonly Building[];
  readonly scatterers: readonly Scatterer[];
  /** N = N_φ N_θ */
  readonly numAntennas: number;
  /** number of DFT beams (= N) */
  readonly numBeams: number;
  readonly wavelengthM: number;
  private readonly lattice: ArrayLattice;
  /** DFT codebook [N, N_beams] interleaved, float64 */
  private readonly beams: Float64Array;

  constructor(config: BeamSiteConfig = {}) {
    const c: Required<BeamSiteConfig> = { ...BEAM_SITE_DEFAULTS, ...config, region: { ...BEAM_SITE_DEFAULTS.region, ...config.region } };
    validate(c);
    this.config = c;
    this.numAntennas = c.numHorizontal * c.numVertical;
    this.wavelengthM = SPEED_OF_LIGHT / c.carrierHz;
    const lattice = upaGeometry(c.numHorizontal, c.numVertical).lattice;
    if (!lattice) throw new Error('BeamPredictionSite: upaGeometry returned no lattice');
    this.lattice = lattice;
    const codebook = upaDftCodebook(c.numHorizontal, c.numVertical);
    this.beams = codebook.beams.data;
    this.numBeams = codebook.beams.cols;
    const siteRng = new Rng(c.siteSeed);
    this.buildings = placeBuildings(c, siteRng.fork('buildings'));
    this.scatterers = placeScatterers(c, this.buildings, siteRng.fork('scatterers'));
  }

  /** Whether the 2-D segment between two points crosses any building footprint. */
  blocked(ax: number, ay: number, bx: number, by: number): boolean {
    for (const b of this.buildings) if (segmentCrossesBox(ax, ay, bx, by, b)) return true;
    return false;
  }

  /** Whether a ground point lies inside a building footprint. */
  insideBuilding(x: number, y: number): boolean {
    return this.buildings.some((b) => x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1);
  }

  /** The deterministic paths to a user at (x, y) (height h_UT): a pure function of the site and the position. */
  paths(x: number, y: number): SitePath[] {
    const c = this.config;
    const hb = c.bsHeightM;
    const hu = c.utHeightM;
    const lambda = this.wavelengthM;
    const out: SitePath[] = [];
    const fspl = (d: number): number => 20 * Math.log10(lambda / (4 * Math.PI * d));
    const direct2d = Math.hypot(x, y);
    const direct = Math.hypot(direct2d, hu - hb);
    const directAz = Math.atan2(y, x);
    const directZen = Math.atan2(direct2d, hu - hb);
    const los = !this.blocked(0, 0, x, y);
    if (los) {
      out.push({ kind: 'los', azimuthRad: directAz, zenithRad: directZen, gainDb: fspl(direct), lengthM: direct, phaseRad: phaseOf(direct, lambda) });
    } else {
      out.push({
        kind: 'diffraction',
        azimuthRad: directAz,
        zenithRad: directZen,
        gainDb: fspl(direct) - c.blockageLossDb,
        lengthM: direct,
        phaseRad: phaseOf(direct, lambda),
      });
    }
    // First-order wall reflections by the image method.
    for (const b of this.buildings) {
      for (const wall of wallsOf(b)) {
        const r = reflectionPoint(wall, x, y);
        if (!r) continue;
        const d1 = Math.hypot(r.x, r.y);
        const d2 = Math.hypot(x - r.x, y - r.y);
        if (d1 < 1e-6 || d2 < 1e-6) continue;
        if (this.blocked(0, 0, r.x, r.y) || this.blocked(r.x, r.y, x, y)) continue;
        const zR = hb + ((hu - hb) * d1) / (d1 + d2);
        const length = Math.hypot(d1 + d2, hu - hb);
        out.push({
          kind: 'reflection',
          azimuthRad: Math.atan2(r.y, r.x),
          zenithRad: Math.atan2(d1, zR - hb),
          gainDb: fspl(length) - b.reflectionLossDb,
          lengthM: length,
          phaseRad: phaseOf(length, lambda) + Math.PI,
        });
      }
    }
    for (const s of this.scatterers) {
      if (this.blocked(0, 0, s.x, s.y) || this.blocked(s.x, s.y, x, y)) continue;
      const s2d = Math.hypot(s.x, s.y);
      const d1 = Math.hypot(s2d, s.z - hb);
      const d2 = Math.hypot(x - s.x, y - s.y, hu - s.z);
      out.push({
        kind: 'scatterer',
        azimuthRad: Math.atan2(s.y, s.x),
        zenithRad: Math.atan2(s2d, s.z - hb),
        gainDb: fspl(d1 + d2) - s.lossDb,
        lengthM: d1 + d2,
        phaseRad: phaseOf(d1 + d2, lambda),
      });
    }
    return out;
  }

  /** Drops `batch` users uniformly in the region (outside buildings); drop i uses channelRng(seed, firstIndex + i). */
  generate(batch: number, seed: number, firstIndex = 0): BeamSiteBatch {
    if (!Number.isInteger(batch) || batch < 0) throw new RangeError(`BeamPredictionSite.generate: batch must be a non-negative integer; got ${batch}`);
    const positions = new Float64Array(3 * batch);
    const rngs: Rng[] = [];
    for (let b = 0; b < batch; b++) {
      const rng = channelRng(seed, firstIndex + b);
      const [x, y] = this.dropUser(rng);
      positions[3 * b] = x;
      positions[3 * b + 1] = y;
      positions[3 * b + 2] = this.config.utHeightM;
      rngs.push(rng);
    }
    return this.synthesize(positions, rngs);
  }

  /**
   * Channels at given user positions `[batch, 2 or 3]` (x, y[, z]; z must equal h_UT when given); the small-scale
   * randomness of position i comes from channelRng(seed, firstIndex + i).
   */
  channelsAt(positions: ArrayLike<number>, columns: 2 | 3, seed: number, firstIndex = 0): BeamSiteBatch {
    if (positions.length % columns !== 0) {
      throw new RangeError(`BeamPredictionSite.channelsAt: positions must be [batch, ${columns}]; got length ${positions.length}`);
    }
    const batch = positions.length / columns;
    const pos = new Float64Array(3 * batch);
    const rngs: Rng[] = [];
    for (let b = 0; b < batch; b++) {
      const x = positions[columns * b];
      const y = positions[columns * b + 1];
      if (columns === 3 && Math.abs(positions[3 * b + 2] - this.config.utHeightM) > 1e-9) {
        throw new RangeError(`BeamPredictionSite.channelsAt: user height must be h_UT = ${this.config.utHeightM} m; got ${positions[3 * b + 2]} at row ${b}`);
      }
      if (!(x > 0) || this.insideBuilding(x, y)) {
        throw new RangeError(`BeamPredictionSite.channelsAt: position ${b} (${x}, ${y}) must lie in front of the array (x > 0) and outside buildings`);
      }
      pos[3 * b] = x;
      pos[3 * b + 1] = y;
      pos[3 * b + 2] = this.config.utHeightM;
      const rng = channelRng(seed, firstIndex + b);
      this.dropUser(rng); // consume the same draws as `generate`, so a drop's small-scale part matches either way
      rngs.push(rng);
    }
    return this.synthesize(pos, rngs);
  }

  private dropUser(rng: Rng): [number, number] {
    const { xMin, xMax, yMin, yMax } = this.config.region;
    for (let attempt = 0; attempt < MAX_DROP_ATTEMPTS; attempt++) {
      const x = rng.uniformIn(xMin, xMax);
      const y = rng.uniformIn(yMin, yMax);
      if (!this.insideBuilding(x, y)) return [x, y];
    }
    throw new RangeError(
      `BeamPredictionSite: no free drop position in ${MAX_DROP_ATTEMPTS} tries; the buildings cover the region. Use fewer buildings or a larger region`,
    );
  }

  private synthesize(positions: Float64Array, rngs: Rng[]): BeamSiteBatch {
    const c = this.config;
    const N = this.numAntennas;
    const NB = this.numBeams;
    const batch = rngs.length;
    const H = channelBatch(batch, 1, N);
    const beamPower = new Float32Array(batch * NB);
    const bestBeam = new Int32Array(batch);
    const los = new Uint8Array(batch);
    const pathGainDb = new Float64Array(batch);
    const hr = new Float64Array(N);
    const hi = new Float64Array(N);
    const ar = new Float64Array(N);
    const ai = new Float64Array(N);
    const M = c.raysPerCluster;
    const addRay = (amp: number, phase: number, az: number, zen: number): void => {
      const st = Math.sin(zen);
      if (Math.cos(az) * st <= 0) return; // behind the panel
      writeLatticeResponse(this.lattice, st * Math.sin(az), Math.cos(zen), ar, ai, 0);
      const gr = amp * Math.cos(phase);
      const gi = amp * Math.sin(phase);
      for (let n = 0; n < N; n++) {
        hr[n] += gr * ar[n] - gi * ai[n];
        hi[n] += gr * ai[n] + gi * ar[n];
      }
    };
    const addCluster = (gainDb: number, phase: number, az: number, zen: number, rng: Rng): void => {
      const amp = Math.sqrt(10 ** (gainDb / 10) / M);
      const coupling = rng.permutation(M);
      for (let m = 0; m < M; m++) {
        const rayAz = az + c.clusterAsdDeg * DEG * RAY_OFFSETS[m];
        const rayZen = zen + c.clusterZsdDeg * DEG * RAY_OFFSETS[coupling[m]];
        addRay(amp, phase + rng.uniformIn(0, 2 * Math.PI), rayAz, rayZen);
      }
    };
    for (let b = 0; b < batch; b++) {
      const rng = rngs[b];
      const x = positions[3 * b];
      const y = positions[3 * b + 1];
      hr.fill(0);
      hi.fill(0);
      const paths = this.paths(x, y);
      let strongest = Number.NEGATIVE_INFINITY;
      for (const p of paths) {
        strongest = Math.max(strongest, p.gainDb);
        if (p.kind === 'los') {
          los[b] = 1;
          addRay(Math.sqrt(10 ** (p.gainDb / 10)), p.phaseRad, p.azimuthRad, p.zenithRad);
        } else {
          addCluster(p.gainDb, p.phaseRad, p.azimuthRad, p.zenithRad, rng);
        }
      }
      // Stochastic clusters around the user direction (TR 38.901 §8 hybrid model), ζ = 3 dB shadowing.
      const directAz = Math.atan2(y, x);
      const directZen = Math.atan2(Math.hypot(x, y), c.utHeightM - c.bsHeightM);
      for (let s = 0; s < c.numStochasticClusters; s++) {
        const az = directAz + 25 * DEG * rng.normal();
        const zen = directZen + 3 * DEG * rng.normal();
        const gainDb = strongest + c.stochasticPowerDb + 3 * rng.normal();
        addCluster(gainDb, rng.uniformIn(0, 2 * Math.PI), az, zen, rng);
      }
      let norm2 = 0;
      for (let n = 0; n < N; n++) norm2 += hr[n] * hr[n] + hi[n] * hi[n];
      pathGainDb[b] = 10 * Math.log10(norm2 / N);
      const scale = c.normalization === 'per-drop' ? Math.sqrt(N / norm2) : 1;
      const base = 2 * b * N;
      for (let n = 0; n < N; n++) {
        H.data[base + 2 * n] = scale * hr[n];
        H.data[base + 2 * n + 1] = -scale * hi[n]; // row stores hᴴ
      }
      // Beam powers |a_iᴴ h|² (float64 accumulation, before float32 rounding of H).
      let best = 0;
      let bestP = -1;
      for (let i = 0; i < NB; i++) {
        let re = 0;
        let im = 0;
        for (let n = 0; n < N; n++) {
          const wr = this.beams[2 * (n * NB + i)];
          const wi = this.beams[2 * (n * NB + i) + 1];
          re += wr * hr[n] + wi * hi[n];
          im += wr * hi[n] - wi * hr[n];
        }
        const p = (re * re + im * im) * scale * scale;
        beamPower[b * NB + i] = p;
        if (p > bestP) {
          bestP = p;
          best = i;
        }
      }
      bestBeam[b] = best;
    }
    return { H, positions, beamPower, bestBeam, los, pathGainDb };
  }
}

function phaseOf(length: number, lambda: number): number {
  return -2 * Math.PI * ((length / lambda) % 1);
}

function validate(c: Required<BeamSiteConfig>): void {
  const positiveInts = ['numHorizontal', 'numVertical'] as const;
  for (const k of positiveInts) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new RangeError(`BeamPredictionSite: ${k} must be a positive integer; got ${c[k]}`);
  }
  for (const k of ['numBuildings', 'numScatterers', 'numStochasticClusters'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) throw new RangeError(`BeamPredictionSite: ${k} must be a non-negative integer; got ${c[k]}`);
  }
  if (!Number.isInteger(c.raysPerCluster) || c.raysPerCluster < 1 || c.raysPerCluster > RAY_OFFSETS.length) {
    throw new RangeError(`BeamPredictionSite: raysPerCluster must be an integer in [1, ${RAY_OFFSETS.length}]; got ${c.raysPerCluster}`);
  }
  if (!Number.isInteger(c.siteSeed)) throw new RangeError(`BeamPredictionSite: siteSeed must be an integer; got ${c.siteSeed}`);
  for (const k of ['carrierHz', 'bsHeightM', 'utHeightM'] as const) {
    if (!(c[k] > 0)) throw new RangeError(`BeamPredictionSite: ${k} must be > 0; got ${c[k]}`);
  }
  for (const k of ['clusterAsdDeg', 'clusterZsdDeg', 'blockageLossDb'] as const) {
    if (!(c[k] >= 0)) throw new RangeError(`BeamPredictionSite: ${k} must be ≥ 0; got ${c[k]}`);
  }
  if (!Number.isFinite(c.stochasticPowerDb)) throw new RangeError(`BeamPredictionSite: stochasticPowerDb must be finite; got ${c.stochasticPowerDb}`);
  const r = c.region;
  if (!(r.xMin > 0 && r.xMax > r.xMin && r.yMax > r.yMin)) {
    throw new RangeError(`BeamPredictionSite: region must satisfy 0 < xMin < xMax and yMin < yMax (users in front of the array); got ${JSON.stringify(r)}`);
  }
  if (c.normalization !== 'absolute' && c.normalization !== 'per-drop') {
    throw new RangeError(`BeamPredictionSite: normalization must be 'absolute' or 'per-drop'; got ${String(c.normalization)}`);
  }
}

/**
 * Buildings: footprints 10–30 m (x) × 10–40 m (y), heights from 1.5·h_BS to 4·h_BS (so always above the BS), inside
 * the region widened by 20 m, at least 15 m from the BS and 6 m apart (streets). Rejection sampling.
 */
function placeBuildings(c: Required<BeamSiteConfig>, rng: Rng): Building[] {
  const out: Building[] = [];
  const r = c.region;
  const gap = 6;
  for (let attempt = 0; out.length < c.numBuildings && attempt < 5000; attempt++) {
    const w = rng.uniformIn(10, 30);
    const d = rng.uniformIn(10, 40);
    const cx = rng.uniformIn(r.xMin, r.xMax + 20);
    const cy = rng.uniformIn(r.yMin - 20, r.yMax + 20);
    const heightM = rng.uniformIn(1.5 * c.bsHeightM, 4 * c.bsHeightM);
    const reflectionLossDb = rng.uniformIn(4, 9);
    const b: Building = { x0: cx - w / 2, x1: cx + w / 2, y0: cy - d / 2, y1: cy + d / 2, heightM, reflectionLossDb };
    if (b.x0 < 15) continue;
    if (out.some((o) => b.x0 < o.x1 + gap && b.x1 > o.x0 - gap && b.y0 < o.y1 + gap && b.y1 > o.y0 - gap)) continue;
    out.push(b);
  }
  if (out.length < c.numBuildings) {
    throw new RangeError(
      `BeamPredictionSite: could place only ${out.length} of ${c.numBuildings} buildings without overlap; use fewer buildings or a larger region`,
    );
  }
  return out;
}

/** Scatterers: points in the region outside buildings, 3–8 m high, excess loss 10–20 dB. */
function placeScatterers(c: Required<BeamSiteConfig>, buildings: readonly Building[], rng: Rng): Scatterer[] {
  const out: Scatterer[] = [];
  const r = c.region;
  for (let attempt = 0; out.length < c.numScatterers && attempt < 5000; attempt++) {
    const x = rng.uniformIn(r.xMin, r.xMax);
    const y = rng.uniformIn(r.yMin, r.yMax);
    const z = rng.uniformIn(3, 8);
    const lossDb = rng.uniformIn(10, 20);
    if (buildings.some((b) => x > b.x0 - 1 && x < b.x1 + 1 && y > b.y0 - 1 && y < b.y1 + 1)) continue;
    out.push({ x, y, z, lossDb });
  }
  if (out.length < c.numScatterers) {
    throw new RangeError(`BeamPredictionSite: could place only ${out.length} of ${c.numScatterers} scatterers outside buildings`);
  }
  return out;
}

interface Wall {
  /** 'x': the wall lies on x = at, spanning y ∈ [from, to]; 'y': on y = at, spanning x ∈ [from, to] */
  readonly axis: 'x' | 'y';
  readonly at: number;
  readonly from: number;
  readonly to: number;
  /** the outward normal's sign along the wall's axis */
  readonly outward: 1 | -1;
}

function wallsOf(b: Building): Wall[] {
  return [
    { axis: 'x', at: b.x0, from: b.y0, to: b.y1, outward: -1 },
    { axis: 'x', at: b.x1, from: b.y0, to: b.y1, outward: 1 },
    { axis: 'y', at: b.y0, from: b.x0, to: b.x1, outward: -1 },
    { axis: 'y', at: b.y1, from: b.x0, to: b.x1, outward: 1 },
  ];
}

/** Specular point on a wall for the BS at the origin and a user at (x, y), or null (image method, 2-D). */
function reflectionPoint(wall: Wall, x: number, y: number): { x: number; y: number } | null {
  // Rotate coordinates so the wall is at p = at, the tangential coordinate is q.
  const pb = 0;
  const qb = 0;
  const pu = wall.axis === 'x' ? x : y;
  const qu = wall.axis === 'x' ? y : x;
  // Both ends must be on the wall's outer side.
  if ((pb - wall.at) * wall.outward <= 0 || (pu - wall.at) * wall.outward <= 0) return null;
  const pImage = 2 * wall.at - pb;
  const t = (wall.at - pImage) / (pu - pImage);
  if (!(t > 0 && t < 1)) return null;
  const q = qb + t * (qu - qb);
  if (q <= wall.from || q >= wall.to) return null;
  return wall.axis === 'x' ? { x: wall.at, y: q } : { x: q, y: wall.at };
}

/** Whether segment a→b passes through the open interior of a footprint (Liang–Barsky, shrunk by 1 mm). */
function segmentCrossesBox(ax: number, ay: number, bx: number, by: number, box: Building): boolean {
  const eps = 1e-3;
  const x0 = box.x0 + eps;
  const x1 = box.x1 - eps;
  const y0 = box.y0 + eps;
  const y1 = box.y1 - eps;
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, ax - x0) && clip(dx, x1 - ax) && clip(-dy, ay - y0) && clip(dy, y1 - ay) && t1 > t0;
}
