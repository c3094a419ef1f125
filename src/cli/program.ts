// The `herald` command line. Every command takes its streams and environment as arguments so
// tests can run it in-process; src/cli.ts binds them to the real process.
import { Command, CommanderError } from 'commander';
import { readEnvironment } from '../config/env.ts';
import { describeError } from '../domain/errors.ts';
import { redactText } from '../domain/redact.ts';
import { createLogger } from '../observability/logger.ts';
import type { CliContext, CliIo } from './context.ts';
import { registerInspectCommands } from './inspect-commands.ts';
import { DEFAULT_WAIT_SECONDS, parseWaitSeconds, pollOnce, type PollOnceOptions } from './poll-once.ts';
import { runBot } from './run-bot.ts';
import { runDemo } from '../demo/demo.ts';

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('herald')
    .description('News alerts for team chat: polls feeds, posts one clean alert per story.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();

  const context = (): CliContext => {
    const env = readEnvironment(io.env);
    return {
      io,
      env,
      log: createLogger({ level: env.logLevel, destination: io.stderr }),
      write: (text) => io.stdout.write(text),
    };
  };
  const configOption = (command: Command) =>
    command.option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)');

  configOption(program.command('run'))
    .description('run the bot: poll feeds on their schedules and deliver alerts until stopped')
    .action(async (options: { config?: string }) => {
      const ctx = context();
      await runBot(ctx, options.config ?? ctx.env.configPath);
    });

  configOption(program.command('poll'))
    .description('poll the due feeds once, deliver what is due (alerts, digests, notices), then exit')
    .requiredOption('--once', 'poll once and exit (the only mode; the long-running bot is `herald run`)')
    .option('--json', 'print each delivered alert (and notice) as one JSON object per line')
    .option('--all', 'poll every feed now, even one not due yet or being polled by another process')
    .option('--wait <seconds>', 'wait up to this long for alerts whose retry comes due (e.g. after a rate limit) before exiting', parseWaitSeconds, DEFAULT_WAIT_SECONDS)
    .action(async (options: PollOnceOptions) => {
      exitCode = await pollOnce(context(), options);
    });

  registerInspectCommands(program, context, configOption, (code) => {
    exitCode = code;
  });

  program
    .command('demo')
    .description('serve bundled example feeds on 127.0.0.1 and run the bot against them')
    .option('--cycles <n>', 'stop after this many poll cycles (default: run until Ctrl-C)', (value) => Number.parseInt(value, 10))
    .action(async (options: { cycles?: number }) => {
      await runDemo(context(), { cycles: options.cycles });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`herald: ${redactText(describeError(error))}\n`);
    return 1;
  }
  return exitCode;
}
