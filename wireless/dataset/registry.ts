/**
 * Registry of dataset specs: a spec name ('upganet-miso', 'beam-site', …) maps to a channel generator, its default
 * configuration (JSON, stored whole in every file header) and the tensors it writes.
 *
 * Determinism: every generator draws sample i from its own stream channelRng(seed, i) (wireless/channel/types.ts),
 * so `generate(config, seed, first, count)` returns the same samples however a run is split into chunks, and the same
 * (spec, config, seed, count) always gives byte-identical files.
 *
 * Config overrides (`resolveConfig`) are merged into the defaults key by key; unknown keys and type changes are
 * refused, arrays replace, and an object with a different `kind` replaces the default object (tagged unions such as
 * the FDD correlation model).
 */
import { ulaGeometry } from '../array/geometry.js';
import { BEAM_SITE_DEFAULTS, BeamPredictionSite, type BeamSiteConfig } from '../channel/beam-prediction-site.js';
import { FDD_PAIR_DEFAULTS, FddPairChannel, type FddPairConfig } from '../channel/fdd-pair.js';
import { estimateChannel, type CsiEstimator } from '../channel/imperfect-csi.js';
import { MULTIUSER_MISO_DEFAULTS, MultiuserMisoChannel } from '../channel/multiuser-miso.js';
import { Tr38901Channel } from '../channel/tr38901/stochastic-channel.js';
import { CDL_TABLES, type CdlModel } from '../channel/cdl-tables.js';
import { CdlChannel } from '../channel/cdl.js';
import { FixedGeometryChannel } from '../channel/fixed-geometry.js';
import { SalehValenzuelaChannel } from '../channel/saleh-valenzuela.js';
import { channelRng, type AnyChannelBatch, type NarrowbandChannelModel, type OfdmChannelModel } from '../channel/types.js';
import { Rng } from '../random/rng.js';
import { DatasetError } from './dataset-error.js';
import { canonicalJson, type JsonObject, type JsonValue, type TensorArray, type TensorSpec } from './format.js';

export interface DatasetSpec {
  readonly name: string;
  /** one line: what the samples are */
  readonly description: string;
  /** the paper / equations the generator follows */
  readonly source: string;
  readonly defaults: JsonObject;
  /** samples made when no count is given (the paper's set size) */
  readonly defaultCount: number;
  /** the tensors written for `count` samples */
  tensors(config: JsonObject, count: number): TensorSpec[];
  /** samples first … first + count − 1 of stream `seed`, one typed array per tensor (same order as `tensors`) */
  generate(config: JsonObject, seed: number, first: number, count: number): Record<string, TensorArray>;
}

/** A channel-estimate tensor request: `Hest_<method>_<snr>dB` holds estimateChannel(H) at that pilot SNR. */
interface CsiRequest {
  method: CsiEstimator;
  pilotSnrDb: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Caches one generator object per (spec, canonical config): constructing a site or codebook once per run. */
function cached<T>(build: (config: JsonObject) => T): (config: JsonObject) => T {
  const cache = new Map<string, T>();
  return (config) => {
    const key = canonicalJson(config);
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = build(config);
      cache.set(key, hit);
    }
    return hit;
  };
}

function csiRequests(config: JsonObject, spec: string): CsiRequest[] {
  const raw = config.csiEstimates;
  if (!Array.isArray(raw)) throw new DatasetError('usage', `${spec}: csiEstimates must be an array of {method, pilotSnrDb}; got ${JSON.stringify(raw)}`);
  return raw.map((r, i) => {
    const o = r as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || (o.method !== 'ls' && o.method !== 'lmmse') || typeof o.pilotSnrDb !== 'number') {
      throw new DatasetError('usage', `${spec}: csiEstimates[${i}] must be {method: 'ls' | 'lmmse', pilotSnrDb: number}; got ${JSON.stringify(r)}`);
    }
    const extra = Object.keys(o).filter((k) => k !== 'method' && k !== 'pilotSnrDb');
    if (extra.length > 0) throw new DatasetError('usage', `${spec}: csiEstimates[${i}] has unknown keys ${extra.join(', ')}; expected method, pilotSnrDb`);
    return { method: o.method, pilotSnrDb: o.pilotSnrDb };
  });
}

function csiTensorName(r: CsiRequest): string {
  return `Hest_${r.method}_${r.pilotSnrDb}dB`;
}

/**
 * Estimates for samples first … first + count − 1: sample i's estimation noise comes from channelRng(s, i) with s
 * derived from (seed, method, SNR), so the estimates are chunking-independent and differ between requests.
 */
function estimateSamples(H: AnyChannelBatch, request: CsiRequest, seed: number, first: number): Float32Array {
  const streamSeed = new Rng(seed).fork(`csi:${request.method}:${request.pilotSnrDb}`).nextUint32();
  const count = H.shape[0];
  const per = H.data.length / count;
  const out = new Float32Array(H.data.length);
  for (let b = 0; b < count; b++) {
    const one = { shape: [1, ...H.shape.slice(1)], data: H.data.subarray(b * per, (b + 1) * per) } as unknown as AnyChannelBatch;
    out.set(estimateChannel(one, { method: request.method, pilotSnrDb: request.pilotSnrDb }, channelRng(streamSeed, first + b)).data, b * per);
  }
  return out;
}

function num(config: JsonObject, key: string): number {
  const v = config[key];
  if (typeof v !== 'number') throw new DatasetError('usage', `dataset config: ${key} must be a number; got ${JSON.stringify(v)}`);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Specs

const upganetMiso: DatasetSpec = (() => {
  const model = cached((c) => new MultiuserMisoChannel({ numAntennas: num(c, 'numAntennas'), numUsers: num(c, 'numUsers'), numPaths: num(c, 'numPaths') }));
  return {
    name: 'upganet-miso',
    description: 'UPGANet multi-user MISO channels H [n, K, N] c64 (row k = h_kᴴ)',
    source: 'paper 002 (UPGANet), its multi-user MISO channel: h_k = √(N/L) Σ α a(φ), α ~ CN(0,1), φ ~ U[0, 2π)',
    defaults: { ...MULTIUSER_MISO_DEFAULTS },
    defaultCount: 600, // 500 training + 100 test channels
    tensors: (c, n) => [{ name: 'H', dtype: 'complex64', shape: [n, num(c, 'numUsers'), num(c, 'numAntennas')] }],
    generate: (c, seed, first, count) => ({ H: model(c).generate(count, seed, first).data }),
  };
})();

const hyperrnnFdd: DatasetSpec = (() => {
  const model = cached((c) => new FddPairChannel(c as unknown as FddPairConfig));
  return {
    name: 'hyperrnn-fdd',
    description: 'HyperRNN FDD pairs: UL and DL channel sequences [n, T, M] c64 (vectors h_t), shared AoDs [n, P]',
    source: 'paper 003 (HyperRNN) eq. (3), Table I; AR(1) fading with ρ = J0(2π f_d τ)',
    defaults: { ...FDD_PAIR_DEFAULTS, correlation: { ...FDD_PAIR_DEFAULTS.correlation } } as unknown as JsonObject,
    defaultCount: 10_240, // ten batches of 1024 (training draws fresh channels every step)
    tensors: (c, n) => {
      const m = model(c).config;
      return [
        { name: 'ul', dtype: 'complex64', shape: [n, m.numSlots, m.numAntennas] },
        { name: 'dl', dtype: 'complex64', shape: [n, m.numSlots, m.numAntennas] },
        { name: 'aod', dtype: 'float32', shape: [n, m.numPaths] },
      ];
    },
    generate: (c, seed, first, count) => {
      const out = model(c).generate(count, seed, first);
      return { ul: out.ul.data, dl: out.dl.data, aod: Float32Array.from(out.aodRad) };
    },
  };
})();

const beamSite: DatasetSpec = (() => {
  const model = cached((c) => new BeamPredictionSite(c as unknown as BeamSiteConfig));
  return {
    name: 'beam-site',
    description: 'site-specific 16×8 UPA MISO channels at 30 GHz: H [n, 1, 128] c64 (row hᴴ), positions, DFT beam powers, best-beam labels',
    source: 'paper 001 eqs. (1)–(5), Table I; TR 38.901 §8 hybrid map-based model (own site generator)',
    defaults: { ...BEAM_SITE_DEFAULTS, region: { ...BEAM_SITE_DEFAULTS.region } } as unknown as JsonObject,
    defaultCount: 20_000,
    tensors: (c, n) => {
      const site = model(c);
      return [
        { name: 'H', dtype: 'complex64', shape: [n, 1, site.numAntennas] },
        { name: 'positions', dtype: 'float32', shape: [n, 3] },
        { name: 'beamPower', dtype: 'float32', shape: [n, site.numBeams] },
        { name: 'bestBeam', dtype: 'int32', shape: [n] },
        { name: 'los', dtype: 'int32', shape: [n] },
        { name: 'pathGainDb', dtype: 'float32', shape: [n] },
      ];
    },
    generate: (c, seed, first, count) => {
      const out = model(c).generate(count, seed, first);
      return {
        H: out.H.data,
        positions: Float32Array.from(out.positions),
        beamPower: out.beamPower,
        bestBeam: out.bestBeam,
        los: Int32Array.from(out.los),
        pathGainDb: Float32Array.from(out.pathGainDb),
      };
    },
  };
})();

/** A point-to-point MIMO model that makes narrowband and OFDM batches (TR 38.901, SV, CDL). */
type MimoModel = NarrowbandChannelModel & OfdmChannelModel;

/**
 * A spec around a point-to-point MIMO generator: H `[n, N_r, N_t]` (narrowband) or `[n, K, N_r, N_t]` (OFDM) c64,
 * plus the imperfect-CSI estimates requested in `csiEstimates` (DL-JHPF mismatch tests, Figs. 6–7).
 */
function mimoSpec(
  name: string,
  description: string,
  source: string,
  defaults: JsonObject,
  defaultCount: number,
  ofdm: boolean,
  build: (config: JsonObject) => MimoModel,
): DatasetSpec {
  const model = cached(build);
  const shape = (c: JsonObject, n: number): number[] => {
    const m = model(c);
    return ofdm ? [n, m.numSubcarriers, m.nr, m.nt] : [n, m.nr, m.nt];
  };
  return {
    name,
    description: `${description}: H ${ofdm ? '[n, K, N_r, N_t]' : '[n, N_r, N_t]'} c64 (+ optional CSI estimates Hest_<method>_<snr>dB)`,
    source,
    defaults: { ...defaults, csiEstimates: [] },
    defaultCount,
    tensors: (c, n) => [
      { name: 'H', dtype: 'complex64', shape: shape(c, n) },
      ...csiRequests(c, name).map((r): TensorSpec => ({ name: csiTensorName(r), dtype: 'complex64', shape: shape(c, n) })),
    ],
    generate: (c, seed, first, count) => {
      const m = model(c);
      const H = ofdm ? m.generateOfdm(count, seed, first) : m.generate(count, seed, first);
      const out: Record<string, TensorArray> = { H: H.data };
      for (const r of csiRequests(c, name)) out[csiTensorName(r)] = estimateSamples(H, r, seed, first);
      return out;
    },
  };
}

/**
 * DL-JHPF TR 38.901 datasets (paper 000 §IV-A): N_t = 32, N_r = 16 half-wavelength ULAs (paper 000 eq. (2), e^{−j…}),
 * 28 GHz, N_cl = 3 clusters × 20 rays, E‖H‖_F² = N_t N_r; OFDM with f_s = 100 MHz, K = 64.
 */
function jhpfTr38901(name: string, scenario: 'umi-nlos' | 'uma-nlos', ofdm: boolean): DatasetSpec {
  const defaults: JsonObject = { numTx: 32, numRx: 16, fcGHz: 28, numClusters: 3 };
  if (ofdm) defaults.numSubcarriers = 64;
  return mimoSpec(
    name,
    `DL-JHPF ${scenario === 'umi-nlos' ? 'UMi-Street-Canyon' : 'UMa'} NLOS ${ofdm ? 'OFDM' : 'narrowband'} channels`,
    'paper 000 §IV-A (TR 38.901 stochastic NLOS model, N_cl = 3, N_ray = 20, 28 GHz; TR 38.901 §7.5)',
    defaults,
    10_000, // the paper's test set (training 261 000, validation 29 000)
    ofdm,
    (c) =>
      new Tr38901Channel({
        scenario,
        tx: ulaGeometry(num(c, 'numTx')),
        rx: ulaGeometry(num(c, 'numRx')),
        fcGHz: num(c, 'fcGHz'),
        numClusters: num(c, 'numClusters'),
        ...(ofdm ? { numSubcarriers: num(c, 'numSubcarriers') } : {}),
      }),
  );
}

/**
 * DL-JHPF CDL-style datasets with one fixed cluster geometry per scenario (paper 000 §IV-A, footnote 1: angles are slow
 * fading, only the path gains fade; wireless/channel/fixed-geometry.ts): UMi or UMa NLOS parameters at their median
 * spreads, N_cl = 3 × N_ray = 20, the geometry drawn once from `geometrySeed`, the ray phases per channel. The same
 * arrays as `jhpf-umi`; E‖H‖_F² = N_t N_r.
 */
function jhpfFixed(name: string, scenario: 'umi-nlos' | 'uma-nlos', ofdm: boolean): DatasetSpec {
  const defaults: JsonObject = { numTx: 32, numRx: 16, fcGHz: 28, numClusters: 3, geometrySeed: 1 };
  if (ofdm) defaults.numSubcarriers = 64;
  return mimoSpec(
    name,
    `DL-JHPF fixed-geometry CDL-style ${scenario === 'umi-nlos' ? 'UMi-Street-Canyon' : 'UMa'} NLOS ${ofdm ? 'OFDM' : 'narrowband'} channels`,
    'paper 000 §IV-A and footnote 1 (CDL, N_cl = 3, N_ray = 20, 28 GHz, geometry fixed, gains fading); TR 38.901 §7.5 steps 5–8 at median LSPs, §7.7.1',
    defaults,
    10_000,
    ofdm,
    (c) =>
      new FixedGeometryChannel({
        scenario,
        tx: ulaGeometry(num(c, 'numTx')),
        rx: ulaGeometry(num(c, 'numRx')),
        fcGHz: num(c, 'fcGHz'),
        numClusters: num(c, 'numClusters'),
        geometrySeed: num(c, 'geometrySeed'),
        ...(ofdm ? { numSubcarriers: num(c, 'numSubcarriers') } : {}),
      }),
  );
}

/**
 * DL-JHPF Saleh–Valenzuela datasets (paper 000 eqs. (1)–(2), (35); channel-models.md §4): the same arrays and the
 * paper's N_cl = 3 clusters × N_ray = 20 rays, Laplacian 7.5° spread, α ~ CN(0, 1).
 */
function jhpfSv(name: string, ofdm: boolean): DatasetSpec {
  const defaults: JsonObject = { numTx: 32, numRx: 16, numClusters: 3, raysPerCluster: 20, angleSpreadDeg: 7.5 };
  if (ofdm) Object.assign(defaults, { numSubcarriers: 64, samplingRateHz: 100e6 });
  return mimoSpec(
    name,
    `DL-JHPF Saleh–Valenzuela ${ofdm ? 'OFDM' : 'narrowband'} channels`,
    'paper 000 eqs. (1)–(2) and (35); El Ayach et al. 2014',
    defaults,
    10_000,
    ofdm,
    (c) =>
      new SalehValenzuelaChannel({
        tx: ulaGeometry(num(c, 'numTx')),
        rx: ulaGeometry(num(c, 'numRx')),
        numClusters: num(c, 'numClusters'),
        raysPerCluster: num(c, 'raysPerCluster'),
        angleSpreadDeg: num(c, 'angleSpreadDeg'),
        ...(ofdm ? { numSubcarriers: num(c, 'numSubcarriers'), samplingRateHz: num(c, 'samplingRateHz') } : {}),
      }),
  );
}

/** TR 38.901 CDL-A … E datasets (§7.7.1) with paper 000's arrays; delay spread 100 ns (Table 7.7.3-1 'Nominal'). */
function cdl(name: string, ofdm: boolean): DatasetSpec {
  const defaults: JsonObject = { model: 'A', numTx: 32, numRx: 16, delaySpreadS: 100e-9 };
  if (ofdm) defaults.numSubcarriers = 64;
  return mimoSpec(
    name,
    `TR 38.901 CDL ${ofdm ? 'OFDM' : 'narrowband'} channels (model A–E)`,
    'TR 38.901 §7.7.1 (Tables 7.7.1-1 … 7.7.1-5), §7.7.3',
    defaults,
    10_000,
    ofdm,
    (c) => {
      const model = c.model;
      if (typeof model !== 'string' || !(model in CDL_TABLES)) {
        throw new DatasetError('usage', `${name}: model must be one of ${Object.keys(CDL_TABLES).join(', ')}; got ${JSON.stringify(model)}`);
      }
      return new CdlChannel({
        model: model as CdlModel,
        tx: ulaGeometry(num(c, 'numTx')),
        rx: ulaGeometry(num(c, 'numRx')),
        delaySpreadS: num(c, 'delaySpreadS'),
        ...(ofdm ? { numSubcarriers: num(c, 'numSubcarriers') } : {}),
      });
    },
  );
}

const SPECS: readonly DatasetSpec[] = [
  upganetMiso,
  hyperrnnFdd,
  beamSite,
  jhpfTr38901('jhpf-umi', 'umi-nlos', false),
  jhpfTr38901('jhpf-uma', 'uma-nlos', false),
  jhpfTr38901('jhpf-umi-ofdm', 'umi-nlos', true),
  jhpfTr38901('jhpf-uma-ofdm', 'uma-nlos', true),
  jhpfFixed('jhpf-cdl-umi', 'umi-nlos', false),
  jhpfFixed('jhpf-cdl-uma', 'uma-nlos', false),
  jhpfFixed('jhpf-cdl-umi-ofdm', 'umi-nlos', true),
  jhpfFixed('jhpf-cdl-uma-ofdm', 'uma-nlos', true),
  jhpfSv('jhpf-sv', false),
  jhpfSv('jhpf-sv-ofdm', true),
  cdl('cdl', false),
  cdl('cdl-ofdm', true),
];

export function datasetSpecs(): readonly DatasetSpec[] {
  return SPECS;
}

export function getDatasetSpec(name: string): DatasetSpec {
  const spec = SPECS.find((s) => s.name === name);
  if (spec) return spec;
  throw new DatasetError('usage', `unknown dataset spec "${name}"; expected one of ${SPECS.map((s) => s.name).join(', ')}`);
}

/** Defaults overlaid with `overrides` (see the module doc); throws DatasetError('usage') on unknown keys or types. */
export function resolveConfig(spec: DatasetSpec, overrides: unknown = {}): JsonObject {
  return merge(spec.defaults, overrides, spec.name) as JsonObject;
}

function merge(base: JsonValue, over: unknown, path: string): JsonValue {
  if (over === undefined) return structuredClone(base);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(base)) {
    if (!isObject(over)) throw new DatasetError('usage', `${path}: expected an object; got ${JSON.stringify(over)}`);
    if ('kind' in base && 'kind' in over && over.kind !== base.kind) return structuredClone(over as JsonValue);
    const out: JsonObject = {};
    for (const key of Object.keys(over)) {
      if (!(key in base)) throw new DatasetError('usage', `${path}: unknown config key "${key}"; expected one of ${Object.keys(base).join(', ')}`);
    }
    for (const [key, value] of Object.entries(base)) out[key] = merge(value, over[key], `${path}.${key}`);
    return out;
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(over)) throw new DatasetError('usage', `${path}: expected an array; got ${JSON.stringify(over)}`);
    return structuredClone(over as JsonValue);
  }
  if (typeof over !== typeof base) {
    throw new DatasetError('usage', `${path}: expected a ${typeof base}; got ${JSON.stringify(over)}`);
  }
  return over as JsonValue;
}
