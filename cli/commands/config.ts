/**
 * `phasor config <model|all> [--preset quick|paper] [--keys]`: a model's config keys with the preset's values, as the
 * JSON object a `--config` file overrides (copy it, keep the keys you change), or with `--keys` one `path = value`
 * line per key. For `all`, the object is keyed by model, the form `--config` takes for `train all`.
 */
import type { Command } from 'commander';
import { PRESETS, type PresetName } from '../../models/run/types.js';
import { modelsHelp, selectModels } from '../run-setup.js';
import { InvalidArgumentError } from 'commander';

export function register(program: Command): void {
  program
    .command('config')
    .argument('<model>', "a model name, or 'all'")
    .description("print a model's config keys and the preset's values (the keys a --config file may override)")
    .option('--preset <name>', PRESETS.join(' | '), parsePreset, 'quick')
    .option('--keys', 'one line per key, `path = value`, instead of a JSON object')
    .addHelpText('after', modelsHelp())
    .action((name: string, opts: { preset: PresetName; keys?: boolean }) => {
      const models = selectModels(name);
      const values = name === 'all' ? Object.fromEntries(models.map((m) => [m.name, m.presets[opts.preset]])) : models[0].presets[opts.preset];
      if (!opts.keys) {
        console.log(JSON.stringify(values, null, 2));
        return;
      }
      for (const [path, value] of flatten(values, '')) console.log(`${path} = ${JSON.stringify(value)}`);
    });
}

/** [path, value] of every leaf; arrays are leaves (a --config file replaces an array whole). */
function flatten(value: unknown, prefix: string): [string, unknown][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, `${prefix}${k}.`));
  }
  return [[prefix.slice(0, -1), value]];
}

function parsePreset(value: string): PresetName {
  if (!(PRESETS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${PRESETS.join(', ')}; got '${value}'`);
  return value as PresetName;
}
