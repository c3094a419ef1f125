// One pino logger factory. Logs go to stderr so stdout stays clean for alerts and --json.
// Secrets are redacted by path wherever they might ride along in a logged object.
// A person at a terminal reads one line per event with a local time (pino-pretty); a pipe, a
// file or a log collector gets pino's JSON. LOG_FORMAT chooses when the guess is wrong.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFormat } from '../config/env.ts';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  '*.token',
  'headers.authorization',
  '*.headers.authorization',
  'config.headers.authorization',
  'botToken',
  'appToken',
  'signingSecret',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'databaseUrl',
];

export interface LoggerOptions {
  level?: string;
  /** Default: stderr. */
  destination?: NodeJS.WritableStream;
  format?: LogFormat;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  // pino.destination(2) is a synchronous fd writer: log lines are not lost on process.exit.
  const destination: DestinationStream = options.destination ?? pino.destination({ fd: 2, sync: true });
  const terminal = isTerminal(options.destination ?? process.stderr);
  const pretty = options.format === 'pretty' || ((options.format ?? 'auto') === 'auto' && terminal);
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'herald' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pretty ? prettyLines(destination, terminal) : destination,
  );
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/**
 * Turns each JSON line into a readable one as it is written, synchronously (pino-pretty's own
 * stream is asynchronous and would lose the last lines on process.exit). pino-pretty is loaded
 * here, only when chosen, so JSON logging never pays for it.
 */
function prettyLines(destination: DestinationStream, colors: boolean): DestinationStream {
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const format = prettyFactory({
    colorize: colors,
    // The machine's own clock, as the person reading it sees it.
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    singleLine: true,
  });
  return { write: (line: string) => destination.write(format(line)) };
}

/** A logger that drops everything, for tests and pure callers that require one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
