/**
 * The `phasor` command line. Each command lives in cli/commands/<name>.ts and exports `register(program)`.
 */
import { Command } from 'commander';
import { register as registerDoctor } from './commands/doctor.js';
import { register as registerReproduce } from './commands/reproduce.js';
import { register as registerData } from './commands/data.js';
import { register as registerGradcheck } from './commands/gradcheck.js';
import { register as registerTrain } from './commands/train.js';
import { register as registerEval } from './commands/eval.js';

const program = new Command('phasor')
  .description('WebGPU complex autodiff engine and deep learning for mmWave massive MIMO')
  .showHelpAfterError();

registerDoctor(program);
registerTrain(program);
registerEval(program);
registerReproduce(program);
registerData(program);
registerGradcheck(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`phasor: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
