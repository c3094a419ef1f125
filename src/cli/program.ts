// The `herald` command line. Every command takes its streams and environment as arguments so
// tests can run it in-process; src/cli.ts binds them to the real process.
// Only commander is imported here; each action imports its own modules (the environment and
// logger too), so `herald --help` and `--version` load no store, SDK, parser, zod or pino.
import { Command, CommanderError } from 'commander';
import { describeError } from '../domain/errors.ts';
import { redactText } from '../domain/redact.ts';
import type { CliContext, CliIo } from './context.ts';
import { registerInspectCommands } from './inspect-commands.ts';
import { DEFAULT_WAIT_SECONDS, parseWaitSeconds, type PollOnceOptions } from './poll-once-options.ts';
import { parsePort } from './operator-endpoints.ts';
import { heraldVersion } from './version.ts';

/** Runs the CLI and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('herald')
    .description('News alerts for team chat: polls feeds, posts one clean alert per story.')
    .version(heraldVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError();

  const context = async (): Promise<CliContext> => {
    const [{ readEnvironment }, { createLogger }] = await Promise.all([import('../config/env.ts'), import('../observability/logger.ts')]);
    const env = readEnvironment(io.env);
    return {
      io,
      env,
      log: createLogger({ level: env.logLevel, destination: io.stderr, format: env.logFormat }),
      write: (text) => io.stdout.write(text),
    };
  };
  const configOption = (command: Command) =>
    command.option('-c, --config <file>', 'config file (default: $HERALD_CONFIG or config/herald.yaml)');

  configOption(program.command('run'))
    .description('run the bot: poll feeds on their schedules and deliver alerts until stopped')
    .option('--http-port <port>', 'serve /metrics, /healthz and /readyz on this port (default: $HERALD_HTTP_PORT or http.port, 9464)', parsePort)
    .action(async (options: { config?: string; httpPort?: number }) => {
      const ctx = await context();
      const { runBot } = await import('./run-bot.ts');
      await runBot(ctx, options.config ?? ctx.env.configPath, { httpPort: options.httpPort });
    });

  configOption(program.command('poll'))
    .description('poll the due feeds once, deliver what is due (alerts, digests, notices), then exit')
    .requiredOption('--once', 'poll once and exit (the only mode; the long-running bot is `herald run`)')
    .option('--json', 'print each delivered alert (and notice) as one JSON object per line')
    .option('--all', 'poll every feed now, even one not due yet or being polled by another process')
    .option('--wait <seconds>', 'wait up to this long for alerts whose retry comes due (e.g. after a rate limit) before exiting', parseWaitSeconds, DEFAULT_WAIT_SECONDS)
    .action(async (options: PollOnceOptions) => {
      const { pollOnce } = await import('./poll-once.ts');
      exitCode = await pollOnce(await context(), options);
    });

  registerInspectCommands(program, context, configOption, (code) => {
    exitCode = code;
  });

  configOption(program.command('chat'))
    .description('type /news commands for a console channel, as in Slack or Discord (subscribe, list, test, ...)')
    .option('--channel <name>', "the console channel to act on (default: the config's first console channel)")
    .action(async (options: { config?: string; channel?: string }) => {
      const ctx = await context();
      const { runChat } = await import('./chat.ts');
      await runChat(ctx, options.config ?? ctx.env.configPath, { channel: options.channel });
    });

  program
    .command('demo')
    .description('serve bundled example feeds on 127.0.0.1 and run the bot against them')
    .option('--cycles <n>', 'stop after this many poll cycles (default: run until Ctrl-C)', (value) => Number.parseInt(value, 10))
    .action(async (options: { cycles?: number }) => {
      const { runDemo } = await import('../demo/demo.ts');
      await runDemo(await context(), { cycles: options.cycles });
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
