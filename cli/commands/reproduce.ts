/** `phasor reproduce <model|all>`: trains, evaluates and writes the report, one model after the other. */
import type { Command } from 'commander';
import { addRunOptions, modelsHelp, planRun, selectModels, type RunFlags } from '../run-setup.js';
import { evaluateModel, printPlans, trainModel, withEngine } from '../run-model.js';

export function register(program: Command): void {
  addRunOptions(
    program
      .command('reproduce')
      .argument('<model>', "a model name, or 'all'")
      .description("train a model and run the paper's experiments: reports/<model>/<run>/report.md with SVG figures"),
    { resume: true },
  )
    .addHelpText('after', modelsHelp())
    .action(async (name: string, flags: RunFlags) => {
      const models = selectModels(name);
      // every model's config and run directory are checked before the engine starts (printPlans does nothing else)
      for (const m of models) planRun(m, flags, { purpose: 'train' });
      if (flags.dryRun) return printPlans(models, flags, 'train');
      await withEngine(
        async (rt) => {
          const written: string[] = [];
          for (const m of models) {
            const trained = await trainModel(m, flags);
            const path = await evaluateModel(m, flags, rt, trained);
            console.log(`${m.name}: report written to ${path}`);
            written.push(path);
          }
          if (written.length > 1) console.log(`reports:\n${written.map((p) => `  ${p}`).join('\n')}`);
        },
        { resumable: true },
      );
    });
}
