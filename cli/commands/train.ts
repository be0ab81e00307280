/** `phasor train <model|all>`: trains a model's networks with a preset, checkpointing every epoch (`--resume`). */
import type { Command } from 'commander';
import { addRunOptions, selectModels, type RunFlags } from '../run-setup.js';
import { trainModel, withEngine } from '../run-model.js';

export function register(program: Command): void {
  addRunOptions(
    program.command('train').argument('<model>', "a model name, or 'all'").description("train a model's networks; a checkpoint every epoch"),
    { resume: true },
  ).action(async (name: string, flags: RunFlags) => {
    const models = selectModels(name);
    await withEngine(async () => {
      for (const m of models) await trainModel(m, flags);
    });
  });
}
