// Process entry point: binds the CLI to the real streams, environment and signals.
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { runCli } from './cli/program.ts';

// A newcomer puts tokens in .env (see .env.example); variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');

const stopSignal = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => undefined);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stopSignal,
});
process.exit(code);
