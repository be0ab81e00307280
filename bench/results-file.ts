/** Writes a benchmark's results as JSON and a Markdown table under bench/results/, named with the date. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

export interface BenchRecord {
  name: string;
  device: string;
  date: string;
  node: string;
  cpu: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}

/** The adapter as results name it: description, backend, and whether it is a software (CPU) adapter. */
export function deviceLabel(info: { description: string; backend: string; software: boolean }): string {
  return `${info.description} (${info.backend}${info.software ? ', software adapter' : ''})`;
}

export function machine(): { date: string; node: string; cpu: string } {
  const cpu = cpus();
  return { date: new Date().toISOString(), node: process.version, cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}` };
}

export function writeResults(record: BenchRecord): { json: string; md: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = record.date.slice(0, 10);
  const json = join(RESULTS_DIR, `${record.name}-${stamp}.json`);
  const md = join(RESULTS_DIR, `${record.name}-${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(record, null, 2)}\n`);
  const cols = Object.keys(record.rows[0] ?? {});
  const lines = [
    `# ${record.name}`,
    '',
    `device: ${record.device}  `,
    `date: ${record.date}, Node ${record.node}, ${record.cpu}`,
    '',
    `| ${cols.join(' | ')} |`,
    `| ${cols.map(() => '---').join(' | ')} |`,
    ...record.rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`),
    ...(record.notes?.length ? ['', ...record.notes.map((n) => `- ${n}`)] : []),
    '',
  ];
  writeFileSync(md, lines.join('\n'));
  return { json, md };
}
