/**
 * Writes a run's report under reports/<model>/<run>/: results.json (every number), figures/<id>.svg, report.md (each
 * figure next to the paper's claims with the difference stated). config.json is written when the run starts
 * (run-setup.ts), so an interrupted run still says how it was configured.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Claim, Figure, Report, Table, TrainOutcome } from '../../models/run/types.js';
import { VERDICT_RULE } from '../../models/run/verdict.js';
import { renderFigureSvg } from './plot.js';

export interface RunInfo {
  model: string;
  title: string;
  paper: string;
  preset: string;
  seed: number;
  /** the adapter the run used, e.g. 'llvmpipe (LLVM 15.0.6), software' */
  device: string;
  /** the command line that produced the run */
  command: string;
  startedAt: string;
  /** wall seconds of training (undefined when this run only evaluated) and of evaluation */
  trainSeconds?: number;
  evalSeconds: number;
}

/** Writes results.json, the SVG figures and report.md; returns report.md's path. */
export async function writeReport(runDir: string, info: RunInfo, report: Report, training?: TrainOutcome): Promise<string> {
  const figuresDir = join(runDir, 'figures');
  mkdirSync(figuresDir, { recursive: true });
  for (const figure of report.figures) writeAtomic(join(figuresDir, `${figure.id}.svg`), await renderFigureSvg(figure));
  const results = {
    ...info,
    training: training ? { seconds: training.seconds, checkpoints: training.checkpoints, history: training.history } : null,
    figures: report.figures,
    tables: report.tables,
    claims: allClaims(report),
    results: report.results,
  };
  writeAtomic(join(runDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const path = join(runDir, 'report.md');
  writeAtomic(path, renderMarkdown(info, report, training));
  return path;
}

export function allClaims(report: Report): Claim[] {
  return [...(report.claims ?? []), ...report.figures.flatMap((f) => f.claims ?? []), ...report.tables.flatMap((t) => t.claims ?? [])];
}

export function renderMarkdown(info: RunInfo, report: Report, training?: TrainOutcome): string {
  const lines: string[] = [`# ${report.title}`, ''];
  lines.push(
    `Model \`${info.model}\` (paper ${info.paper}), preset \`${info.preset}\`, seed ${info.seed}, on ${info.device}. ` +
      `${info.trainSeconds !== undefined ? `Training ${seconds(info.trainSeconds)}, ` : ''}evaluation ${seconds(info.evalSeconds)}; ` +
      `started ${info.startedAt}. Reproduce with \`${info.command}\`.`,
    '',
  );
  for (const p of report.summary) lines.push(p, '');

  const claims = allClaims(report);
  if (claims.length) {
    const agree = claims.filter((c) => verdict(c) === 'yes').length;
    const differ = claims.filter((c) => verdict(c) !== 'yes' && verdict(c) !== 'n/a').length;
    lines.push(
      '## Claims at a glance',
      '',
      `${agree} agree, ${differ} differ, ${claims.length - agree - differ} not decidable on this preset.`,
      '',
      VERDICT_RULE,
      '',
    );
    lines.push(...claimTable(claims), '');
  }
  if (training && Object.keys(training.history).length) {
    lines.push('## Training', '', '| network | epochs | first loss | last loss | checkpoint |', '|---|---|---|---|---|');
    for (const [name, history] of Object.entries(training.history)) {
      const first = history[0];
      const last = history.at(-1);
      lines.push(`| ${name} | ${history.length} | ${num(first?.loss)} | ${num(last?.loss)} | \`${training.checkpoints[name] ?? '-'}\` |`);
    }
    lines.push('');
  }
  for (const figure of report.figures) lines.push(...figureSection(figure), '');
  for (const table of report.tables) lines.push(...tableSection(table), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function figureSection(f: Figure): string[] {
  const out = [`## ${f.title}`, '', `![${f.title}](figures/${f.id}.svg)`, ''];
  if (f.caption) out.push(f.caption, '');
  if (f.claims?.length) out.push(...claimTable(f.claims));
  return out;
}

function tableSection(t: Table): string[] {
  const out = [`## ${t.title}`, '', `| ${t.columns.join(' | ')} |`, `|${t.columns.map(() => '---').join('|')}|`];
  for (const row of t.rows) out.push(`| ${row.map((c) => (typeof c === 'number' ? num(c) : c)).join(' | ')} |`);
  out.push('');
  if (t.caption) out.push(t.caption, '');
  if (t.claims?.length) out.push(...claimTable(t.claims));
  return out;
}

function claimTable(claims: Claim[]): string[] {
  const out = ['| claim | paper | ours | difference | agrees |', '|---|---|---|---|---|'];
  for (const c of claims) {
    out.push(`| ${c.what} | ${c.paper} | ${c.ours} | ${c.difference} | ${verdict(c)} |`);
  }
  return out;
}

/** The verdict column: a claim whose own value reads NaN or ∞ never agrees, whatever the experiment decided. */
export function verdict(c: Claim): 'yes' | '**no**' | '**no** (not finite)' | 'n/a' {
  if (/NaN|Infinity|∞/.test(c.ours)) return '**no** (not finite)';
  if (c.agrees === undefined) return 'n/a';
  return c.agrees ? 'yes' : '**no**';
}

function num(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

function seconds(s: number): string {
  return s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`;
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
