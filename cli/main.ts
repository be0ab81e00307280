/** The `phasor` command line (cli/program.ts); `npx phasor …` runs it through bin/phasor.js. */
import { runCli } from './program.js';

// output piped into a command that stops reading (`| head`) ends the program quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
