/**
 * What the CLI prints and the reports say cites nothing outside the repository: no `paper-details §…`,
 * `channel-models.md` or `shared/…` in the string literals of cli/, models/, wireless/ and engine/ (the text of
 * messages, reports and `data list`), nor in the models' READMEs. Comments are not scanned.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../..', import.meta.url).pathname;
const OUTSIDE = /paper-details|channel-models(\.md)?|shared\/(reference|papers)/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(name) ? [p] : [];
  });
}

/** The string and template literals of a TypeScript source, with their line numbers (comments skipped). */
function literals(source: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let i = 0;
  let line = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') line++;
    if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      line += source.slice(i, stop).split('\n').length - 1;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const start = line;
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') j++;
        else if (source[j] === '\n') line++;
        j++;
      }
      out.push({ line: start, text: source.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

describe('citations', () => {
  it('messages, reports and data specs cite no file outside the repository', () => {
    const found: string[] = [];
    for (const dir of ['cli', 'models', 'wireless', 'engine']) {
      for (const file of files(join(ROOT, dir), /\.ts$/)) {
        for (const { line, text } of literals(readFileSync(file, 'utf8'))) {
          if (OUTSIDE.test(text)) found.push(`${relative(ROOT, file)}:${line}: ${text.slice(0, 100)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("the models' READMEs cite no file outside the repository", () => {
    const found = files(join(ROOT, 'models'), /^README\.md$/).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l, i) => [i + 1, l] as const)
        .filter(([, l]) => OUTSIDE.test(l))
        .map(([n, l]) => `${relative(ROOT, file)}:${n}: ${l.slice(0, 100)}`),
    );
    expect(found).toEqual([]);
  });
});
