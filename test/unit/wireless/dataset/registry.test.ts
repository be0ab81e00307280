import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../../../wireless/dataset/dataset-error.js';
import { scalarCount } from '../../../../wireless/dataset/format.js';
import { readDataset } from '../../../../wireless/dataset/reader.js';
import { datasetSpecs, getDatasetSpec, resolveConfig } from '../../../../wireless/dataset/registry.js';
import { writeDataset } from '../../../../wireless/dataset/writer.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'phasor-registry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Small configurations so every spec runs in milliseconds. */
const SMALL: Record<string, unknown> = {
  'upganet-miso': { numAntennas: 8 },
  'hyperrnn-fdd': { numAntennas: 8, numSlots: 3 },
  'beam-site': { raysPerCluster: 4 },
  'jhpf-umi': { numTx: 4, numRx: 2, csiEstimates: [{ method: 'ls', pilotSnrDb: 10 }] },
  'jhpf-uma': { numTx: 4, numRx: 2 },
  'jhpf-umi-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4 },
  'jhpf-uma-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4, csiEstimates: [{ method: 'lmmse', pilotSnrDb: 20 }] },
  'jhpf-sv': { numTx: 4, numRx: 2 },
  'jhpf-cdl-umi': { numTx: 4, numRx: 2, csiEstimates: [{ method: 'ls', pilotSnrDb: 10 }] },
  'jhpf-cdl-uma': { numTx: 4, numRx: 2 },
  'jhpf-cdl-umi-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4 },
  'jhpf-cdl-uma-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4 },
  'jhpf-sv-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4 },
  cdl: { numTx: 4, numRx: 2, model: 'D' },
  'cdl-ofdm': { numTx: 4, numRx: 2, numSubcarriers: 4 },
};

describe('dataset registry', () => {
  it('lists the paper datasets', () => {
    const names = datasetSpecs().map((s) => s.name);
    for (const n of ['upganet-miso', 'hyperrnn-fdd', 'beam-site', 'jhpf-umi', 'jhpf-uma', 'jhpf-sv', 'cdl']) expect(names).toContain(n);
  });

  it.each(datasetSpecs().map((s) => s.name))('%s: tensors match the declared shapes and chunks reassemble exactly', (name) => {
    const spec = getDatasetSpec(name);
    const config = resolveConfig(spec, SMALL[name] ?? {});
    const specs = spec.tensors(config, 5);
    const whole = spec.generate(config, 9, 0, 5);
    const head = spec.generate(config, 9, 0, 2);
    const tail = spec.generate(config, 9, 2, 3);
    expect(Object.keys(whole)).toEqual(specs.map((t) => t.name));
    for (const t of specs) {
      expect(whole[t.name].length).toBe(scalarCount(t));
      expect([...Array.from(head[t.name]), ...Array.from(tail[t.name])]).toEqual(Array.from(whole[t.name]));
    }
  });

  it('the same spec, config and seed give byte-identical files; another seed does not', async () => {
    const spec = getDatasetSpec('upganet-miso');
    const config = resolveConfig(spec, { numAntennas: 16 });
    const write = async (file: string, seed: number) => {
      const data = spec.generate(config, seed, 0, 20);
      const tensors = Object.fromEntries(spec.tensors(config, 20).map((t) => [t.name, { ...t, data: data[t.name] }]));
      await writeDataset(join(dir, file), { generator: spec.name, config, seed, count: 20 }, tensors);
      return readFile(join(dir, file));
    };
    const a = await write('a.pds', 5);
    const b = await write('b.pds', 5);
    const c = await write('c.pds', 6);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).not.toBe(0);
    const back = await readDataset(join(dir, 'a.pds'), 'upganet-miso');
    expect(back.header.config).toEqual(config);
    expect(back.tensors.H.shape).toEqual([20, 4, 16]);
  });

  it('CSI estimate tensors differ from H by the pilot noise', () => {
    const spec = getDatasetSpec('jhpf-umi');
    const config = resolveConfig(spec, SMALL['jhpf-umi']);
    const out = spec.generate(config, 1, 0, 200);
    const H = out.H;
    const E = out.Hest_ls_10dB;
    let err = 0;
    for (let i = 0; i < H.length; i++) err += (H[i] - E[i]) ** 2;
    // per complex entry: E|e|² = 0.1
    expect(err / (H.length / 2)).toBeGreaterThan(0.08);
    expect(err / (H.length / 2)).toBeLessThan(0.12);
  });

  it('resolveConfig merges and refuses unknown keys, wrong types and unknown specs', () => {
    const fdd = getDatasetSpec('hyperrnn-fdd');
    const c = resolveConfig(fdd, { numPaths: 8, correlation: { kind: 'rho', rhoDl: 0.9, rhoUl: 0.8 } });
    expect(c.numPaths).toBe(8);
    expect(c.correlation).toEqual({ kind: 'rho', rhoDl: 0.9, rhoUl: 0.8 });
    expect(c.numAntennas).toBe(64);
    expect(() => resolveConfig(fdd, { numPath: 8 })).toThrow(/unknown config key "numPath"/);
    expect(() => resolveConfig(fdd, { numPaths: '8' })).toThrow(/expected a number/);
    expect(() => getDatasetSpec('nope')).toThrow(DatasetError);
    expect(() => getDatasetSpec('nope')).toThrow(/expected one of upganet-miso/);
  });
});
