// ESLint (flat config): typescript-eslint's recommended rules without type information (the whole tree lints in
// seconds), `any` forbidden, and the layering rule as a local rule, `phasor/layers`, which resolves every relative
// import against the importing file and checks it against LAYERS below. test/unit/architecture.test.ts shows it firing.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The layering: cli → models → wireless | engine → shaders, one way. For each layer, what its files may import
 * (by relative path; packages are not restricted). A layer not listed here (test/, scripts/, root files) may import
 * anything.
 *   engine/            engine/, shaders/: it knows nothing about radio, models or the CLI
 *   wireless/          wireless/ only: no neural nets, no engine
 *   models/<paper>/    itself, models/run/, wireless/, and the engine only through engine/index.ts
 *   models/run/        itself, wireless/, engine/index.ts: shared run machinery, no paper's code
 *   models/*.ts        (registry, gradchecks) every models/ folder, wireless/, engine/index.ts
 *   cli/               cli/, models/, wireless/, engine/index.ts
 *   bench/             bench/, models/, wireless/, engine/ (benchmarks may time engine internals)
 */
const ENGINE_API = 'engine/index';

/** Where a repository path sits: its layer, and for models/ the folder (null for a file directly in models/). */
function place(segments) {
  const [top] = segments;
  if (top === 'models') return { layer: 'models', folder: segments.length > 2 ? segments[1] : null };
  return { layer: top, folder: null };
}

/** Why `from` may not import `to` (repository paths as segments, extension dropped), or null when it may. */
export function layerViolation(from, to) {
  const src = place(from);
  const dst = place(to);
  const target = to.join('/');
  const engineApiOnly = () => (dst.layer === 'engine' && target !== ENGINE_API ? 'the engine is used only through engine/index.ts' : null);
  const only = (allowed, why) => (allowed.includes(dst.layer) ? null : why);
  switch (src.layer) {
    case 'engine':
      return only(['engine', 'shaders'], 'engine/ imports only engine/ (it knows nothing about radio, models or the CLI)');
    case 'wireless':
      return only(['wireless'], 'wireless/ imports only wireless/ (no neural nets, no engine)');
    case 'models': {
      const layer = only(['models', 'wireless', 'engine'], 'models/ imports only models/, wireless/ and engine/index.ts');
      if (layer) return layer;
      if (dst.layer === 'engine') return engineApiOnly();
      if (dst.layer !== 'models' || src.folder === null) return null;
      if (dst.folder === src.folder || dst.folder === 'run') return null;
      return src.folder === 'run'
        ? 'models/run/ is shared run machinery: it imports no paper folder and no models/*.ts'
        : `models/${src.folder}/ imports no other paper's folder and no models/*.ts, only itself and models/run/`;
    }
    case 'cli':
      return only(['cli', 'models', 'wireless', 'engine'], 'cli/ imports only cli/, models/, wireless/ and engine/index.ts') ?? engineApiOnly();
    case 'bench':
      return only(['bench', 'models', 'wireless', 'engine'], 'bench/ imports only bench/, models/, wireless/ and engine/');
    default:
      return null;
  }
}

const segmentsOf = (absolute) => relative(ROOT, absolute).split(sep);
const withoutExtension = (segments) => [...segments.slice(0, -1), segments.at(-1).replace(/\.(?:[cm]?[jt]s|d\.ts)$/, '')];

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'cli → models → wireless | engine → shaders, one way (see LAYERS in eslint.config.js)' },
    schema: [],
    messages: { layer: "{{from}} may not import '{{spec}}' ({{to}}): {{why}}." },
  },
  create(context) {
    const from = segmentsOf(context.filename);
    if (from[0] === '..' || from.length < 2) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = segmentsOf(resolve(dirname(context.filename), spec));
      if (to[0] === '..') return;
      const why = layerViolation(from, withoutExtension(to));
      if (why) context.report({ node, messageId: 'layer', data: { from: from.join('/'), spec, to: to.join('/'), why } });
    };
    const literal = (n) =>
      n?.type === 'Literal' ? n.value : n?.type === 'TemplateLiteral' && n.expressions.length === 0 ? n.quasis[0].value.cooked : undefined;
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ImportExpression: (n) => check(n.source, literal(n.source)),
      TSImportType: (n) => check(n.source, literal(n.source)),
      TSExternalModuleReference: (n) => check(n.expression, literal(n.expression)),
    };
  },
};

export default defineConfig(
  {
    ignores: ['node_modules/', 'reports/', 'runs/', 'data/', 'scratch/', 'gpu-kit/', '.gl/', '.whl/', 'docs/results/', 'bench/results/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { phasor: { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // a parameter named _x is unused on purpose (a signature kept for callers)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'phasor/layers': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
