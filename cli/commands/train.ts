/** `phasor train <model|all>`: trains a model's networks with a preset, checkpointing every epoch (`--resume`). */
import type { Command } from 'commander';
import { addRunOptions, modelsHelp, planRun, selectModels, type RunFlags } from '../run-setup.js';
import { printPlans, trainModel, withEngine } from '../run-model.js';

export function register(program: Command): void {
  addRunOptions(program.command('train').argument('<model>', "a model name, or 'all'").description("train a model's networks; a checkpoint every epoch"), {
    resume: true,
  })
    .addHelpText('after', modelsHelp())
    .action(async (name: string, flags: RunFlags) => {
      const models = selectModels(name);
      // every model's config and run directory are checked before the engine starts (printPlans does nothing else)
      for (const m of models) planRun(m, flags, { purpose: 'train' });
      if (flags.dryRun) return printPlans(models, flags, 'train');
      await withEngine(
        async () => {
          for (const m of models) await trainModel(m, flags);
        },
        { resumable: true },
      );
    });
}
