// Process entry point: binds the CLI to the real streams, environment and signals.
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { runCli } from './cli/program.ts';

// A newcomer puts tokens in .env (see .env.example); variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');

// A promise some library forgot to handle must not take the bot down with every feed and
// channel it serves: say so on stderr (as a log line) and keep running.
process.on('unhandledRejection', (reason) => {
  const err = reason instanceof Error ? reason.message : String(reason);
  process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), app: 'herald', err, msg: 'unhandled promise rejection; Herald keeps running' })}\n`);
});

const stopSignal = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => undefined);

const code = await runCli(process.argv.slice(2), {
  // A getter: process.stdin is only set up for the command that reads it (`herald chat`).
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  stopSignal,
});
process.exit(code);
