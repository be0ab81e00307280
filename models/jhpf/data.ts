/**
 * DL-JHPF datasets (paper 000 §IV-A): TR 38.901 UMi NLOS for training and validation, UMi NLOS and UMa NLOS (scenario
 * mismatch, Figs. 7, 9) for testing, narrowband and OFDM (K subcarriers, f_s = 100 MHz); test sets carry channel
 * estimates at the configured pilot SNRs (CSI mismatch, Figs. 6, 7, 9).
 *
 * Each set is made once by the registry spec (jhpf-umi, jhpf-uma, jhpf-umi-ofdm, jhpf-uma-ofdm) and written under
 * `<cacheDir>/jhpf/` as a dataset file named by spec, split, seed, count and the hash of the generator config; later runs
 * read it back (header and checksums verified). Split seeds are derived from the run seed and the split's name, so
 * training, validation and test channels are independent streams.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelBatch, OfdmChannelBatch } from '../../wireless/channel/types.js';
import { crc32, crc32Hex } from '../../wireless/dataset/crc32.js';
import { canonicalJson, type JsonObject } from '../../wireless/dataset/format.js';
import { readDataset } from '../../wireless/dataset/reader.js';
import { getDatasetSpec, resolveConfig } from '../../wireless/dataset/registry.js';
import { DatasetWriter } from '../../wireless/dataset/writer.js';
import { Rng } from '../../wireless/random/rng.js';
import type { RunContext } from '../run/types.js';
import type { JhpfConfig } from './config.js';

export type Scenario = 'umi' | 'uma';
export type Split = 'train' | 'validation' | 'test';

export interface JhpfSet<B extends ChannelBatch | OfdmChannelBatch> {
  /** the true channels [n, N_r, N_t] or [n, K, N_r, N_t] c64 */
  H: B;
  /** channel estimates of the same channels at each pilot SNR (test splits only) */
  estimates: { pilotSnrDb: number; H: B }[];
}

/** Chunk of samples generated and appended at a time (does not change the data). */
const CHUNK = 256;

/** Samples of a split under a config. */
export function splitCount(c: JhpfConfig, ofdm: boolean, split: Split): number {
  if (ofdm) return split === 'train' ? c.data.ofdmTrain : split === 'validation' ? c.data.ofdmValidation : c.data.ofdmTest;
  return c.data[split];
}

/** The seed of a split's channel stream: the run seed forked by spec and split. */
export function splitSeed(runSeed: number, spec: string, split: Split): number {
  return new Rng(runSeed).fork(`${spec}:${split}`).nextUint32();
}

/** The registry spec name for a scenario and band: jhpf-cdl-* (fixed geometry, the default) or jhpf-* (drop-varying). */
export function specName(scenario: Scenario, ofdm: boolean, channels = 'fixed-geometry'): string {
  return `jhpf-${channels === 'fixed-geometry' ? 'cdl-' : ''}${scenario}${ofdm ? '-ofdm' : ''}`;
}

/** The generator config of a set: the spec defaults with the run's arrays, K and CSI requests. */
export function setConfig(c: JhpfConfig, scenario: Scenario, ofdm: boolean, split: Split): JsonObject {
  const overrides: JsonObject = { numTx: c.dims.Nt, numRx: c.dims.Nr };
  if (c.data.channels === 'fixed-geometry') overrides.geometrySeed = c.data.geometrySeed;
  if (ofdm) overrides.numSubcarriers = c.ofdm.subcarriers;
  if (split === 'test') overrides.csiEstimates = c.data.csiPilotSnrDb.map((pilotSnrDb) => ({ method: c.data.csiEstimator, pilotSnrDb }));
  return resolveConfig(getDatasetSpec(specName(scenario, ofdm, c.data.channels)), overrides);
}

/** Narrowband set; written under ctx.cacheDir on first use, read back afterwards. */
export function loadNarrowband(ctx: RunContext<JhpfConfig>, scenario: Scenario, split: Split): Promise<JhpfSet<ChannelBatch>> {
  return loadSet(ctx, scenario, false, split) as Promise<JhpfSet<ChannelBatch>>;
}

/** OFDM set [n, K, N_r, N_t]; written under ctx.cacheDir on first use, read back afterwards. */
export function loadOfdm(ctx: RunContext<JhpfConfig>, scenario: Scenario, split: Split): Promise<JhpfSet<OfdmChannelBatch>> {
  return loadSet(ctx, scenario, true, split) as Promise<JhpfSet<OfdmChannelBatch>>;
}

async function loadSet(ctx: RunContext<JhpfConfig>, scenario: Scenario, ofdm: boolean, split: Split): Promise<JhpfSet<ChannelBatch | OfdmChannelBatch>> {
  const name = specName(scenario, ofdm, ctx.config.data.channels);
  const spec = getDatasetSpec(name);
  const config = setConfig(ctx.config, scenario, ofdm, split);
  const count = splitCount(ctx.config, ofdm, split);
  const seed = splitSeed(ctx.seed, name, split);
  const hash = crc32Hex(crc32(new TextEncoder().encode(canonicalJson(config))));
  const dir = join(ctx.cacheDir, 'jhpf');
  const path = join(dir, `${name}-${split}-seed${seed}-n${count}-${hash}.pds`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const tensors = spec.tensors(config, count);
    const writer = await DatasetWriter.create(path, { generator: name, config, seed, count }, tensors);
    const bar = ctx.progress.start(`data ${name} ${split}`, count, 'channel');
    try {
      for (let first = 0; first < count; first += CHUNK) {
        const n = Math.min(CHUNK, count - first);
        const chunk = spec.generate(config, seed, first, n);
        for (const t of tensors) await writer.append(t.name, chunk[t.name]);
        bar.tick(n);
      }
    } catch (err) {
      await writer.abort();
      throw err;
    } finally {
      bar.done();
    }
    await writer.close();
  }
  const ds = await readDataset(path, name);
  if (ds.header.seed !== seed || ds.header.count !== count || canonicalJson(ds.header.config) !== canonicalJson(config)) {
    throw new Error(
      `loadJhpfSet: ${path} holds another set; expected seed ${seed}, ${count} samples and config ${canonicalJson(config)}. Delete it to regenerate`,
    );
  }
  const batch = (tensor: string) => {
    const t = ds.tensors[tensor];
    return { shape: t.shape, data: t.data as Float32Array } as unknown as ChannelBatch | OfdmChannelBatch;
  };
  const estimates =
    split === 'test'
      ? ctx.config.data.csiPilotSnrDb.map((pilotSnrDb) => ({ pilotSnrDb, H: batch(`Hest_${ctx.config.data.csiEstimator}_${pilotSnrDb}dB`) }))
      : [];
  return { H: batch('H'), estimates };
}

/** The estimate at `pilotSnrDb` of a test set; throws naming the SNRs it has. */
export function estimateAt<B extends ChannelBatch | OfdmChannelBatch>(set: JhpfSet<B>, pilotSnrDb: number): B {
  const hit = set.estimates.find((e) => e.pilotSnrDb === pilotSnrDb);
  if (!hit) throw new RangeError(`estimateAt: no channel estimate at ${pilotSnrDb} dB; have ${set.estimates.map((e) => e.pilotSnrDb).join(', ') || 'none'}`);
  return hit.H;
}

/** An OFDM batch [n, K, N_r, N_t] viewed as n·K narrowband channels [n·K, N_r, N_t] (same buffer). */
export function flattenSubcarriers(H: OfdmChannelBatch): ChannelBatch {
  const [n, k, nr, nt] = H.shape;
  return { shape: [n * k, nr, nt], data: H.data };
}

/** The first `count` samples of a batch (a view). */
export function headOf<B extends ChannelBatch | OfdmChannelBatch>(H: B, count: number): B {
  const per = H.data.length / H.shape[0];
  const n = Math.min(count, H.shape[0]);
  return { shape: [n, ...H.shape.slice(1)], data: H.data.subarray(0, n * per) } as unknown as B;
}
