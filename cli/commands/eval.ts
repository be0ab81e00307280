/** `phasor eval <model|all>`: runs the experiments on a trained run's checkpoints and writes its report. */
import type { Command } from 'commander';
import { addRunOptions, modelsHelp, planRun, selectModels, type RunFlags } from '../run-setup.js';
import { evaluateModel, printPlans, withEngine } from '../run-model.js';

export function register(program: Command): void {
  addRunOptions(
    program
      .command('eval')
      .argument('<model>', "a model name, or 'all'")
      .description("run a trained model's experiments (same --preset/--seed/--run as its training) and write the report"),
    { resume: false },
  )
    .addHelpText('after', modelsHelp())
    .action(async (name: string, flags: RunFlags) => {
      const models = selectModels(name);
      // every model's config and run directory are checked before the engine starts (printPlans does nothing else)
      for (const m of models) planRun(m, flags, { purpose: 'eval' });
      if (flags.dryRun) return printPlans(models, flags, 'eval');
      await withEngine(async (rt) => {
        for (const m of models) console.log(`${m.name}: report written to ${await evaluateModel(m, flags, rt)}`);
      });
    });
}
