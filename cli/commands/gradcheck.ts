/**
 * `phasor gradcheck`: checks fused closed-form gradients (engine/autodiff/gradcheck-registry.ts).
 *   phasor gradcheck --list
 *   phasor gradcheck <name|group|all> [--seed N] [--repeats N]    (a group, e.g. `upganet`, runs every `upganet-…` check)
 * For each check: the max abs / rel error of fused vs autodiff, fused vs finite differences and autodiff vs finite
 * differences, pass/fail against the check's tolerances, and the median forward + backward time of the fused op
 * against autodiff of the composite. Exits with code 1 when any check fails.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { getGradcheck, init, listGradchecks, runGradcheck, shutdown, type GradcheckResult, type InputSummary } from '../../engine/index.js';
import '../../models/gradchecks.js';

export function register(program: Command): void {
  program
    .command('gradcheck [name]')
    .description('compare fused closed-form gradients with autodiff and finite differences ("all" runs every check)')
    .option('--list', 'list the registered checks')
    .option('--seed <n>', 'seed of the inputs (integer)', parseInteger(0), 1)
    .option('--repeats <n>', 'timed runs of each of fused and autodiff (0: no timing)', parseInteger(0), 20)
    .action(async (name: string | undefined, opts: { list?: boolean; seed: number; repeats: number }) => {
      if (opts.list) {
        for (const spec of listGradchecks()) console.log(`${spec.name.padEnd(28)} ${spec.description}`);
        return;
      }
      if (!name) {
        throw new InvalidArgumentError(
          `gradcheck: expected a check name or 'all'; registered: ${listGradchecks()
            .map((s) => s.name)
            .join(', ')}`,
        );
      }
      const names = selectChecks(name);
      await init();
      let failed = 0;
      try {
        for (const n of names) {
          try {
            const result = await runGradcheck(n, { seed: opts.seed, repeats: opts.repeats });
            print(result);
            if (!result.ok) failed++;
          } catch (err) {
            // one broken check (a missing gradient rule, a shape error) does not hide the others' results
            console.log(`\n${n}: ERROR ${err instanceof Error ? err.message : String(err)}\n  FAIL`);
            failed++;
          }
        }
      } finally {
        await shutdown();
      }
      console.log(failed ? `${failed} of ${names.length} checks FAILED` : `all ${names.length} checks passed`);
      if (failed) process.exitCode = 1;
    });
}

function print(r: GradcheckResult): void {
  console.log(`\n${r.name} (seed ${r.seed}): ${r.description}`);
  console.log(`  inputs: ${inputs(r.inputs)}`);
  const rows: string[][] = [['pair', 'max abs err', 'max rel err', 'tolerance', 'result']];
  for (const p of r.pairs) rows.push([p.label, exp(p.maxAbsError), exp(p.maxRelError), exp(p.tolerance), p.ok ? 'pass' : 'FAIL']);
  rows.push([
    'loss: fused vs composite',
    exp(Math.abs(r.loss.fused - r.loss.composite)),
    exp(r.loss.relError),
    exp(r.pairs[0].tolerance),
    r.loss.ok ? 'pass' : 'FAIL',
  ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(`  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}`);
  for (const p of r.pairs.filter((x) => !x.ok)) {
    for (const x of p.inputs) console.log(`    ${p.label}, ${x.name}: max abs ${exp(x.maxAbsError)}, max rel ${exp(x.maxRelError)}`);
  }
  if (r.timing) {
    const t = r.timing;
    console.log(`  timing, forward + backward, median of ${t.repeats} (inputs ${inputs(t.inputs)}):`);
    console.log(`    fused ${t.fusedMs.toFixed(3)} ms   autodiff ${t.autodiffMs.toFixed(3)} ms   autodiff/fused ${t.ratio.toFixed(2)}×`);
  }
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}`);
}

function inputs(xs: InputSummary[]): string {
  return xs.map((x) => `${x.name} [${x.shape.join(', ')}] ${x.dtype}${x.constant ? ' (constant)' : ''}`).join(', ');
}

function exp(v: number): string {
  return Number.isFinite(v) ? v.toExponential(2) : String(v);
}

function parseInteger(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}; got '${value}'`);
    return n;
  };
}

/** 'all', one check's name, or a model's group: every check named `<group>-…`. */
function selectChecks(name: string): string[] {
  const all = listGradchecks().map((s) => s.name);
  if (name === 'all') return all;
  const group = all.filter((n) => n.startsWith(`${name}-`));
  if (!all.includes(name) && group.length) return group;
  return [getGradcheck(name).name];
}
