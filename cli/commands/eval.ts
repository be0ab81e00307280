/** `phasor eval <model|all>`: runs the experiments on a trained run's checkpoints and writes its report. */
import type { Command } from 'commander';
import { addRunOptions, selectModels, type RunFlags } from '../run-setup.js';
import { evaluateModel, withEngine } from '../run-model.js';

export function register(program: Command): void {
  addRunOptions(
    program
      .command('eval')
      .argument('<model>', "a model name, or 'all'")
      .description("run a trained model's experiments (same --preset/--seed/--run as its training) and write the report"),
    { resume: false },
  ).action(async (name: string, flags: RunFlags) => {
    const models = selectModels(name);
    await withEngine(async (rt) => {
      for (const m of models) console.log(`${m.name}: report written to ${await evaluateModel(m, flags, rt)}`);
    });
  });
}
