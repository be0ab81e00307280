/**
 * The `phasor` program: its commands (each in cli/commands/<name>.ts, exporting `register(program)`), `--version`,
 * and how errors end. Every error is one line on stderr, `phasor <command>: <message>`, and exit status 1 (usage
 * errors name the option; config errors the key path); an unexpected error adds where to get its stack
 * (PHASOR_DEBUG=1 prints it). `runCli` returns the exit status instead of exiting, so that tests can drive it.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { PhasorError } from '../engine/index.js';
import { register as registerCache } from './commands/cache.js';
import { register as registerConfig } from './commands/config.js';
import { register as registerData } from './commands/data.js';
import { register as registerDoctor } from './commands/doctor.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerGradcheck } from './commands/gradcheck.js';
import { register as registerReproduce } from './commands/reproduce.js';
import { register as registerTrain } from './commands/train.js';
import { setCommandArgs } from './run-setup.js';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** The full command name, e.g. 'phasor data make'. */
function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function buildProgram(output: CliOutput = processOutput): Command {
  const program = new Command('phasor')
    .description('WebGPU complex autodiff engine and deep learning for mmWave massive MIMO')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride();
  registerDoctor(program);
  registerTrain(program);
  registerEval(program);
  registerReproduce(program);
  registerConfig(program);
  registerData(program);
  registerCache(program);
  registerGradcheck(program);
  // one line per error, naming the command and pointing at its help; configured on every command (set after
  // registration: commander copies its settings into subcommands when they are created)
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      writeOut: (t) => output.out(t),
      writeErr: (t) => output.err(t),
      outputError: (t, write) => write(`${pathOf(cmd)}: ${oneLine(t.replace(/^error: /, ''))} (see '${pathOf(cmd)} --help')\n`),
    });
    for (const sub of cmd.commands) configure(sub);
  };
  configure(program);
  return program;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** The command a failed action belongs to, from argv (for the message prefix). */
function commandOf(program: Command, args: readonly string[]): string {
  let cmd = program;
  for (const a of args) {
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!next) break;
    cmd = next;
  }
  return pathOf(cmd);
}

/**
 * Errors of bad input or state, reported by their message alone (PhasorError's subclasses are too); RangeError is
 * what the generators and training functions throw for an argument out of range, naming it.
 */
const EXPECTED_ERRORS = ['InvalidArgumentError', 'DatasetError', 'RangeError'];

/** Runs the CLI on `args` (without node and the script); returns the exit status. */
export async function runCli(args: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const program = buildProgram(output);
  const before = process.exitCode;
  process.exitCode = undefined;
  setCommandArgs(args);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    // commander's own errors are printed already (and help or --version end with status 0); an InvalidArgumentError
    // thrown by an action (an unknown model) is not
    if (err instanceof CommanderError && !(err instanceof InvalidArgumentError)) return err.exitCode;
    const where = commandOf(program, args);
    let message = err instanceof Error ? err.message : String(err);
    // 'phasor eval: eval: …' and 'phasor cache prune: cache prune: …' say the command once
    const words = where.split(' ');
    for (let k = 1; k < words.length; k++) {
      const prefix = `${words.slice(k).join(' ')}: `;
      if (message.startsWith(prefix)) {
        message = message.slice(prefix.length);
        break;
      }
    }
    const known = err instanceof PhasorError || (err instanceof Error && EXPECTED_ERRORS.includes(err.name));
    output.err(`${where}: ${oneLine(message)}${known ? '' : ` (${err instanceof Error ? err.name : typeof err}; PHASOR_DEBUG=1 prints the stack)`}\n`);
    if (process.env.PHASOR_DEBUG && err instanceof Error && err.stack) output.err(`${err.stack}\n`);
    return 1;
  } finally {
    process.exitCode = before;
    setCommandArgs(null);
  }
}
