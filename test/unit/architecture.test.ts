/**
 * The layering rule, cli → models → wireless | engine → shaders, is the ESLint rule `phasor/layers` (eslint.config.js),
 * run over the tree by `npm run lint` (part of `npm test`). This checks that the rule fires: each snippet below is
 * linted as if it were a file at the given path, with the repository's own config. If the rule is removed, weakened or
 * switched off, the violating rows fail; if it over-reaches, the allowed rows fail. no-explicit-any is checked the same
 * way.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** [importing file, import specifier, allowed] */
const ROWS: Array<[string, string, boolean]> = [
  // engine/ knows nothing about radio, models or the CLI
  ['engine/ops/x.ts', '../tensor/tensor.js', true],
  ['engine/ops/x.ts', '../index.js', true],
  ['engine/ops/x.ts', 'node:fs', true],
  ['engine/ops/x.ts', '../../wireless/channel/x.js', false],
  ['engine/ops/x.ts', '../../models/run/index.js', false],
  ['engine/ops/x.ts', '../../models/jhpf/x.js', false],
  ['engine/ops/x.ts', '../../cli/main.js', false],
  ['engine/ops/x.ts', '../../bench/x.js', false],
  ['engine/index.ts', '../test/helpers/gpu.js', false],
  // wireless/: no neural nets, no engine
  ['wireless/channel/x.ts', '../array/x.js', true],
  ['wireless/channel/x.ts', '../../engine/index.js', false],
  ['wireless/channel/x.ts', '../../models/jhpf/x.js', false],
  ['wireless/channel/x.ts', '../../cli/main.js', false],
  // models/<paper>/: itself, models/run/, wireless/, engine/index.ts
  ['models/jhpf/network/x.ts', '../train.js', true],
  ['models/jhpf/x.ts', './network/x.js', true],
  ['models/jhpf/x.ts', '../run/index.js', true],
  ['models/jhpf/x.ts', '../../engine/index.js', true],
  ['models/jhpf/x.ts', '../../wireless/channel/x.js', true],
  ['models/jhpf/x.ts', '../upganet/x.js', false],
  ['models/jhpf/network/x.ts', '../../probe/model.js', false],
  ['models/jhpf/x.ts', '../registry.js', false],
  ['models/jhpf/x.ts', '../../engine/tensor/tensor.js', false],
  ['models/jhpf/x.ts', '../../engine/ops/gemm.js', false],
  ['models/jhpf/x.ts', '../../cli/main.js', false],
  ['models/jhpf/x.ts', '../../bench/x.js', false],
  // models/run/: shared machinery, no paper's code
  ['models/run/x.ts', './types.js', true],
  ['models/run/x.ts', '../../engine/index.js', true],
  ['models/run/x.ts', '../jhpf/x.js', false],
  ['models/run/x.ts', '../registry.js', false],
  // models/*.ts: the registry gathers every paper's entry
  ['models/registry.ts', './jhpf/entry.js', true],
  ['models/registry.ts', './run/index.js', true],
  ['models/registry.ts', '../engine/device/kernel.js', false],
  // cli/: models/, wireless/, the engine's public API
  ['cli/commands/x.ts', '../../models/registry.js', true],
  ['cli/x.ts', '../engine/index.js', true],
  ['cli/x.ts', '../wireless/channel/x.js', true],
  ['cli/x.ts', '../engine/tensor/tensor.js', false],
  ['cli/x.ts', '../bench/x.js', false],
  // bench/ may time engine internals, never the CLI
  ['bench/x.ts', '../engine/device/kernel.js', true],
  ['bench/x.ts', '../models/jhpf/x.js', true],
  ['bench/x.ts', '../cli/main.js', false],
  // test/ and scripts/ are not layers
  ['test/unit/engine/x.test.ts', '../../../engine/ops/gemm.js', true],
  ['scripts/x.ts', '../models/jhpf/x.js', true],
];

/** Every form of import the rule has to see, each with the same specifier. */
const FORMS: Array<[string, (spec: string) => string]> = [
  ['import', (s) => `import * as m from '${s}';\nexport { m };\n`],
  ['import type', (s) => `import type * as m from '${s}';\nexport type { m };\n`],
  ['export from', (s) => `export * from '${s}';\n`],
  ['export named from', (s) => `export { a } from '${s}';\n`],
  ['dynamic import', (s) => `export const m = () => import('${s}');\n`],
  ['type import()', (s) => `export type M = import('${s}').T;\n`],
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result.messages;
}

describe('architecture: the phasor/layers lint rule', () => {
  for (const [file, spec, allowed] of ROWS) {
    it(`${file} ${allowed ? 'may' : 'may not'} import ${spec}`, async () => {
      const messages = await lint(FORMS[0][1](spec), file);
      if (allowed) {
        expect(messages).toEqual([]);
      } else {
        expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['phasor/layers', 2]]);
        expect(messages[0].message).toContain(spec);
      }
    });
  }

  for (const [form, code] of FORMS) {
    it(`sees ${form}`, async () => {
      const bad = await lint(code('../../wireless/channel/x.js'), 'engine/ops/x.ts');
      expect(bad.filter((m) => m.ruleId === 'phasor/layers')).toHaveLength(1);
      const good = await lint(code('../tensor/tensor.js'), 'engine/ops/x.ts');
      expect(good.filter((m) => m.ruleId === 'phasor/layers')).toEqual([]);
    });
  }
});

describe('lint: no explicit any', () => {
  it('is an error everywhere, tests included', async () => {
    for (const file of ['engine/x.ts', 'models/jhpf/x.ts', 'test/unit/x.test.ts']) {
      const messages = await lint('export const f = (x: any): unknown => x;\n', file);
      expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['@typescript-eslint/no-explicit-any', 2]]);
    }
  });
});
