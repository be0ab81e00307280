/**
 * engine/ has no import cycles, type-only imports included (as `npx madge --circular --extensions ts engine` counts
 * them): the op families reach each other's ops in VJP rules through the registry (engine/ops/op.ts `ops`), and
 * autodiff/graph.ts gets the tensor type by a declaration in backward.ts instead of importing tensor.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = resolve(__dirname, '../../../engine');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    if (statSync(full).isDirectory()) return sources(full);
    return e.endsWith('.ts') && !e.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports and re-exports of a file (type-only ones too), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]/gms)) {
    out.push(resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')));
  }
  return out;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('engine imports', () => {
  it('have no cycles (type-only imports included)', () => {
    const graph = new Map(sources(ENGINE).map((f) => [f, importsOf(f)]));
    const found = cycles(graph).map((c) =>
      c
        .map((f) => relative(ENGINE, f))
        .sort()
        .join(' ↔ '),
    );
    expect(found, 'import cycles in engine/').toEqual([]);
  });

  it('the cycle finder finds a cycle (self-check on a two-file graph)', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
          ['c', ['a']],
        ]),
      ),
    ).toHaveLength(1);
  });
});
