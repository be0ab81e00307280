/**
 * Paper 001's data: drops of the site-specific channel of wireless/channel/beam-prediction-site.ts (the `beam-site`
 * dataset spec: a fixed map, random user positions, §IV-A's "map-based deterministic model … and stochastic
 * clusters"), with the 16 × 8 UPA at 30 GHz of Table I.
 *
 * Each split is made once and written under `<cacheDir>/probe/` as a dataset file named by split, seed, count and the
 * hash of the generator config; later runs read it back (header and checksums verified). Split seeds come from the run
 * seed and the split's name, so training, validation and test drops are independent.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, crc32Hex } from '../../wireless/dataset/crc32.js';
import { canonicalJson, type JsonObject } from '../../wireless/dataset/format.js';
import { readDataset } from '../../wireless/dataset/reader.js';
import { getDatasetSpec, resolveConfig } from '../../wireless/dataset/registry.js';
import { DatasetWriter } from '../../wireless/dataset/writer.js';
import { Rng } from '../../wireless/random/rng.js';
import type { RunContext } from '../run/types.js';
import type { ProbeConfig } from './config.js';
import { TABLE_I } from './system.js';

export type Split = 'train' | 'validation' | 'test';

export const SITE_SPEC = 'beam-site';

/** One split of drops. */
export interface BeamSet {
  count: number;
  /** N antennas = N beams */
  N: number;
  /** [count, N] interleaved c64: row b = h_bᴴ */
  h: Float32Array;
  /** [count, N]: |a_iᴴ h|² of every DFT beam (absolute power gain, no noise) */
  beamPower: Float32Array;
  /** [count]: the optimal DFT beam, argmax of beamPower (the label) */
  bestBeam: Int32Array;
}

const CHUNK = 512;

/** The generator config of the site: the spec's defaults with the run's array, carrier and site seed. */
export function siteConfig(c: ProbeConfig): JsonObject {
  return resolveConfig(getDatasetSpec(SITE_SPEC), {
    siteSeed: c.site.siteSeed,
    numHorizontal: c.system.horizontal,
    numVertical: c.system.vertical,
    carrierHz: TABLE_I.carrierHz,
  });
}

export function splitSeed(runSeed: number, split: Split): number {
  return new Rng(runSeed).fork(`${SITE_SPEC}:${split}`).nextUint32();
}

/** A split; generated into ctx.cacheDir on first use, read back afterwards. */
export async function loadSplit(ctx: RunContext<ProbeConfig>, split: Split): Promise<BeamSet> {
  const spec = getDatasetSpec(SITE_SPEC);
  const config = siteConfig(ctx.config);
  const count = ctx.config.data[split];
  const seed = splitSeed(ctx.seed, split);
  const hash = crc32Hex(crc32(new TextEncoder().encode(canonicalJson(config))));
  const dir = join(ctx.cacheDir, 'probe');
  const path = join(dir, `${SITE_SPEC}-${split}-seed${seed}-n${count}-${hash}.pds`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const tensors = spec.tensors(config, count);
    const writer = await DatasetWriter.create(path, { generator: SITE_SPEC, config, seed, count }, tensors);
    const bar = ctx.progress.start(`data ${SITE_SPEC} ${split}`, count, 'drop');
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
  const ds = await readDataset(path, SITE_SPEC);
  if (ds.header.seed !== seed || ds.header.count !== count || canonicalJson(ds.header.config) !== canonicalJson(config)) {
    throw new Error(
      `probe loadSplit: ${path} holds another set; expected seed ${seed}, ${count} drops and config ${canonicalJson(config)}. Delete it to regenerate`,
    );
  }
  const N = ctx.config.system.horizontal * ctx.config.system.vertical;
  return {
    count,
    N,
    h: ds.tensors.H.data as Float32Array,
    beamPower: ds.tensors.beamPower.data as Float32Array,
    bestBeam: ds.tensors.bestBeam.data as Int32Array,
  };
}

/** Rows `indices` of a set: h [n, N] interleaved and the labels as f32 class indices. */
export function gatherBatch(set: BeamSet, indices: readonly number[]): { h: Float32Array; labels: Float32Array } {
  const row = 2 * set.N;
  const h = new Float32Array(indices.length * row);
  const labels = new Float32Array(indices.length);
  indices.forEach((i, k) => {
    h.set(set.h.subarray(i * row, (i + 1) * row), k * row);
    labels[k] = set.bestBeam[i];
  });
  return { h, labels };
}
