// Process entry point: binds the CLI to the real streams, environment and signals.
import { once } from 'node:events';
import { runCli } from './cli/program.ts';

const stopSignal = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => undefined);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stopSignal,
});
process.exit(code);
