/** `phasor reproduce <model|all>`: runs a model's experiments with a preset and writes its report. */
import type { Command } from 'commander';
import { MODELS } from '../../models/registry.js';

export function register(program: Command): void {
  program
    .command('reproduce')
    .argument('<model>', `a model name, or 'all'`)
    .description("run a model's experiments and write a report with figures")
    .option('--preset <name>', 'quick (CPU-friendly) or paper (GPU)', 'quick')
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 1)
    .option('--out <dir>', 'report directory', 'reports')
    .action(async (model: string, opts: { preset: string; seed: number; out: string }) => {
      const chosen = model === 'all' ? MODELS : MODELS.filter((m) => m.name === model);
      if (model !== 'all' && chosen.length === 0) {
        throw new Error(`reproduce: unknown model '${model}'; available: ${MODELS.map((m) => m.name).join(', ') || 'none yet'}`);
      }
      if (chosen.length === 0) {
        console.log(
          'reproduce: no model is implemented yet — DL-JHPF, UPGANet, probe beams and HyperRNN are open issues. ' +
            'Run `npx phasor doctor` to check the engine, `npm run bench` for its benchmarks.',
        );
        return;
      }
      for (const m of chosen) {
        const path = await m.reproduce(opts);
        console.log(`${m.name}: report written to ${path}`);
      }
    });
}
