/**
 * `phasor data`: make and inspect dataset files (wireless/dataset).
 *   phasor data list                                   specs with their defaults
 *   phasor data make <spec> [--count N] [--seed S] [--out path] [--config JSON] [--chunk N]
 *   phasor data info <file> [--verify]
 * `make` generates in chunks behind a progress bar and streams each chunk into the file (atomic: temp file + rename);
 * the result depends only on (spec, config, seed, count), not on the chunk size.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { DatasetError } from '../../wireless/dataset/dataset-error.js';
import { readDataset, readDatasetHeader } from '../../wireless/dataset/reader.js';
import { datasetSpecs, getDatasetSpec, resolveConfig } from '../../wireless/dataset/registry.js';
import { DatasetWriter } from '../../wireless/dataset/writer.js';
import type { DatasetHeader } from '../../wireless/dataset/format.js';

export function register(program: Command): void {
  const data = program.command('data').description('generate and inspect channel dataset files');

  data
    .command('list')
    .description('list the dataset specs and their default configurations')
    .action(() => {
      for (const spec of datasetSpecs()) {
        console.log(`${spec.name}  (default count ${spec.defaultCount})`);
        console.log(`  ${spec.description}`);
        console.log(`  source: ${spec.source}`);
        console.log(`  defaults: ${JSON.stringify(spec.defaults)}`);
      }
    });

  data
    .command('make <spec>')
    .description('generate a dataset file from a registered spec')
    .option('--count <n>', 'number of samples (default: the spec default)', parseCount)
    .option('--seed <s>', 'random seed (integer)', parseSeed, 1)
    .option('--out <path>', 'output file (default: data/<spec>-seed<S>-n<N>.pds)')
    .option('--config <json>', 'JSON object of config overrides, merged into the spec defaults')
    .option('--chunk <n>', 'samples generated per chunk (does not change the data)', parseCount, 256)
    .action(async (specName: string, opts: { count?: number; seed: number; out?: string; config?: string; chunk: number }) => {
      const spec = getDatasetSpec(specName);
      let overrides: unknown = {};
      if (opts.config !== undefined) {
        try {
          overrides = JSON.parse(opts.config);
        } catch (err) {
          throw new DatasetError('usage', `data make: --config must be a JSON object; ${(err as Error).message}`);
        }
      }
      const config = resolveConfig(spec, overrides);
      const count = opts.count ?? spec.defaultCount;
      const out = opts.out ?? `data/${spec.name}-seed${opts.seed}-n${count}.pds`;
      await mkdir(dirname(out), { recursive: true });
      const tensors = spec.tensors(config, count);
      const writer = await DatasetWriter.create(out, { generator: spec.name, config, seed: opts.seed, count }, tensors);
      const bar = new SingleBar({ format: `${spec.name} [{bar}] {percentage}% | {value}/{total} samples | ETA {eta_formatted}` }, Presets.shades_classic);
      bar.start(count, 0);
      try {
        for (let first = 0; first < count; first += opts.chunk) {
          const n = Math.min(opts.chunk, count - first);
          const chunk = spec.generate(config, opts.seed, first, n);
          for (const t of tensors) await writer.append(t.name, chunk[t.name]);
          bar.update(first + n);
        }
        bar.stop();
      } catch (err) {
        bar.stop();
        await writer.abort();
        throw err;
      }
      const header = await writer.close();
      console.log(`wrote ${out}`);
      printHeader(header);
    });

  data
    .command('info <file>')
    .description('print and validate a dataset header (--verify also checks every checksum)')
    .option('--verify', 'read the whole payload and verify the CRC-32 of every tensor')
    .action(async (file: string, opts: { verify?: boolean }) => {
      const header = opts.verify ? (await readDataset(file)).header : await readDatasetHeader(file);
      printHeader(header);
      if (opts.verify) console.log('checksums: ok');
    });
}

function printHeader(h: DatasetHeader): void {
  console.log(`generator: ${h.generator}   format v${h.formatVersion}   seed: ${h.seed}   samples: ${h.count}   payload: ${formatBytes(h.payloadBytes)}`);
  console.log(`config: ${JSON.stringify(h.config)}`);
  for (const t of h.tensors) {
    console.log(`  ${t.name.padEnd(16)} ${t.dtype.padEnd(9)} [${t.shape.join(', ')}]`.padEnd(60) + ` ${formatBytes(t.byteLength).padStart(10)}  crc32 ${t.crc32}`);
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer; got "${value}"`);
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError(`seed must be an integer in [0, 2^32); got "${value}"`);
  return n;
}
