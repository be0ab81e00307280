/**
 * The layering rule: cli → models → wireless | engine → shaders, never backwards, and engine/ knows nothing about
 * radio. Checked on the import statements of every source file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const ALLOWED: Record<string, string[]> = {
  engine: ['engine'],
  wireless: ['wireless'],
  models: ['models', 'engine', 'wireless'],
  cli: ['cli', 'models', 'engine', 'wireless'],
  bench: ['bench', 'engine', 'wireless', 'models'],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) out.push(...sources(full));
    else if (/\.ts$/.test(e) && !e.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

describe('architecture', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only from ${allowed.join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of sources(join(ROOT, layer))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
          const target = relative(ROOT, resolve(join(file, '..'), m[1])).split(sep)[0];
          if (target in ALLOWED && !allowed.includes(target)) violations.push(`${relative(ROOT, file)} → ${m[1]}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('models/ and cli/ use only the engine\'s public API (engine/index.ts)', () => {
    const internal: string[] = [];
    for (const layer of ['models', 'cli']) {
      for (const file of sources(join(ROOT, layer))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
          const target = relative(ROOT, resolve(join(file, '..'), m[1])).split(sep).join('/');
          if (target.startsWith('engine/') && target !== 'engine/index.js') internal.push(`${relative(ROOT, file)} → ${m[1]}`);
        }
      }
    }
    expect(internal).toEqual([]);
  });
});
