/**
 * UPGANet's training and test channels as dataset files (wireless/dataset, spec 'upganet-miso') under the run's
 * cache directory: written once per (role, seed, count, N, K, L), then read back with full validation. A file whose
 * header disagrees with the request (another config or count) is regenerated.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelBatch } from '../../wireless/channel/types.js';
import { readDataset } from '../../wireless/dataset/reader.js';
import { getDatasetSpec, resolveConfig } from '../../wireless/dataset/registry.js';
import { canonicalJson } from '../../wireless/dataset/format.js';
import { writeDataset } from '../../wireless/dataset/writer.js';

export interface ChannelSetRequest {
  /** 'train' | 'test': only names the file; the seed separates the streams */
  role: string;
  count: number;
  seed: number;
  numAntennas: number;
  numUsers: number;
  numPaths: number;
}

const SPEC = 'upganet-miso';

/** Test channels come from stream seed + 10⁶, training channels from stream seed: the sets never share channels. */
export const TEST_SEED_OFFSET = 1_000_000;

/** The channels H [count, K, N] c64 (rows h_kᴴ), from `cacheDir` or generated and written there first. */
export async function channelSet(cacheDir: string, r: ChannelSetRequest): Promise<ChannelBatch> {
  const spec = getDatasetSpec(SPEC);
  const config = resolveConfig(spec, { numAntennas: r.numAntennas, numUsers: r.numUsers, numPaths: r.numPaths });
  const path = join(cacheDir, `${SPEC}-${r.role}-seed${r.seed}-n${r.count}-N${r.numAntennas}K${r.numUsers}L${r.numPaths}.pds`);
  if (existsSync(path)) {
    const ds = await readDataset(path, SPEC);
    const h = ds.header;
    if (h.seed === r.seed && h.count === r.count && canonicalJson(h.config) === canonicalJson(config)) return asBatch(ds.tensors.H.shape, ds.tensors.H.data);
  }
  const data = spec.generate(config, r.seed, 0, r.count).H as Float32Array;
  const shape = [r.count, r.numUsers, r.numAntennas];
  await writeDataset(path, { generator: SPEC, config, seed: r.seed, count: r.count }, { H: { dtype: 'complex64', shape, data } });
  return asBatch(shape, data);
}

function asBatch(shape: readonly number[], data: Float32Array | Int32Array): ChannelBatch {
  if (!(data instanceof Float32Array) || shape.length !== 3) throw new TypeError(`channelSet: expected H as complex64 [n, K, N]; got [${shape.join(', ')}]`);
  return { shape: [shape[0], shape[1], shape[2]], data };
}

/** Channels first … first + count − 1 of a batch (a view, no copy). */
export function channelRange(H: ChannelBatch, first: number, count: number): ChannelBatch {
  const [n, K, N] = H.shape;
  if (first < 0 || count < 1 || first + count > n) throw new RangeError(`channelRange: [${first}, ${first + count}) is outside the ${n} channels`);
  const per = 2 * K * N;
  return { shape: [count, K, N], data: H.data.subarray(first * per, (first + count) * per) };
}

/** Channels at the given indices, copied into one batch. */
export function channelSubset(H: ChannelBatch, indices: readonly number[]): ChannelBatch {
  const [, K, N] = H.shape;
  const per = 2 * K * N;
  const data = new Float32Array(indices.length * per);
  indices.forEach((i, b) => data.set(H.data.subarray(i * per, (i + 1) * per), b * per));
  return { shape: [indices.length, K, N], data };
}
