/**
 * `phasor data`: make and inspect dataset files (wireless/dataset).
 *   phasor data list                                   specs with their defaults
 *   phasor data make <spec> [--count N] [--seed S] [--out path] [--config FILE|JSON] [--chunk N] [--dry-run]
 *   phasor data info <file> [--verify]
 * `make` generates in chunks behind a progress bar and streams each chunk into the file (atomic: temp file + rename);
 * the result depends only on (spec, config, seed, count), not on the chunk size. `--config` takes a JSON file, like
 * `train --config`, or (when the value starts with '{') the JSON object itself.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { DatasetError } from '../../wireless/dataset/dataset-error.js';
import { readDataset, readDatasetHeader } from '../../wireless/dataset/reader.js';
import { datasetSpecs, getDatasetSpec, resolveConfig } from '../../wireless/dataset/registry.js';
import { DatasetWriter } from '../../wireless/dataset/writer.js';
import { layoutTensors, type DatasetHeader } from '../../wireless/dataset/format.js';

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
    .option('--config <file|json>', "a JSON file of config overrides merged into the spec defaults (or, starting with '{', the JSON itself)")
    .option('--chunk <n>', 'samples generated per chunk (does not change the data)', parseCount, 256)
    .option('--dry-run', 'check the spec, config and count, print the resolved config and the tensors, and write nothing')
    .action(async (specName: string, opts: { count?: number; seed: number; out?: string; config?: string; chunk: number; dryRun?: boolean }) => {
      const spec = getDatasetSpec(specName);
      const overrides = opts.config === undefined ? {} : await readOverrides(opts.config);
      const config = resolveConfig(spec, overrides);
      const count = opts.count ?? spec.defaultCount;
      const out = opts.out ?? `data/${spec.name}-seed${opts.seed}-n${count}.pds`;
      // what the config makes of the tensors and the generator: an error there is the config's, so it names --config
      const fromConfig = <T>(fn: () => T): T => {
        try {
          return fn();
        } catch (err) {
          if (opts.config !== undefined && (err instanceof DatasetError || err instanceof RangeError)) {
            throw new DatasetError('usage', `--config ${opts.config}: ${err.message}`);
          }
          throw err;
        }
      };
      const tensors = fromConfig(() => spec.tensors(config, count));
      const payloadBytes = fromConfig(() => layoutTensors(tensors, count).payloadBytes); // the writer's checks of the shapes
      if (opts.dryRun) {
        console.log(`${spec.name}: would write ${count} samples (seed ${opts.seed}, ${formatBytes(payloadBytes)}) to ${out}`);
        console.log(`config: ${JSON.stringify(config)}`);
        for (const t of tensors) console.log(`  ${t.name.padEnd(16)} ${t.dtype.padEnd(9)} [${t.shape.join(', ')}]`);
        return;
      }
      await mkdir(dirname(out), { recursive: true });
      const writer = await DatasetWriter.create(out, { generator: spec.name, config, seed: opts.seed, count }, tensors);
      const bar = new SingleBar({ format: `${spec.name} [{bar}] {percentage}% | {value}/{total} samples | ETA {eta_formatted}` }, Presets.shades_classic);
      bar.start(count, 0);
      try {
        for (let first = 0; first < count; first += opts.chunk) {
          const n = Math.min(opts.chunk, count - first);
          const chunk = fromConfig(() => spec.generate(config, opts.seed, first, n));
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

/** `--config`: inline JSON when it starts with '{', else a JSON file; either must hold an object. */
async function readOverrides(value: string): Promise<unknown> {
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = await readFile(value, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DatasetError(
        'usage',
        `--config ${value}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (err as Error).message})`,
      );
    }
  }
  const where = inline ? '--config' : `--config ${value}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new DatasetError('usage', `${where}: not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DatasetError('usage', `${where}: expected a JSON object; got ${JSON.stringify(parsed)?.slice(0, 80)}`);
  }
  return parsed;
}

function printHeader(h: DatasetHeader): void {
  console.log(`generator: ${h.generator}   format v${h.formatVersion}   seed: ${h.seed}   samples: ${h.count}   payload: ${formatBytes(h.payloadBytes)}`);
  console.log(`config: ${JSON.stringify(h.config)}`);
  for (const t of h.tensors) {
    console.log(
      `  ${t.name.padEnd(16)} ${t.dtype.padEnd(9)} [${t.shape.join(', ')}]`.padEnd(60) + ` ${formatBytes(t.byteLength).padStart(10)}  crc32 ${t.crc32}`,
    );
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
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer; got "${value}"`);
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError(`seed must be an integer in [0, 2^32); got "${value}"`);
  return n;
}
