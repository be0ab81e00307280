/** The `phasor` command line (cli/program.ts); `npx phasor …` runs it through bin/phasor.js. */
import { runCli } from './program.js';
import { engineLifetime } from './run-model.js';

// output piped into a command that stops reading (`| head`) ends the program quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

// On Linux the process ends with the command and the OS reclaims the device (see engineLifetime): exit hooks release
// run locks, and stdout/stderr are synchronous there (files, pipes, terminals), so nothing written is lost. Elsewhere
// pipes are asynchronous and an exit could cut output short: the device is shut down and Node ends on its own.
engineLifetime.endsWithProcess = process.platform === 'linux';
const status = await runCli(process.argv.slice(2));
if (engineLifetime.endsWithProcess) process.exit(status);
process.exitCode = status;
