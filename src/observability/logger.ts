// One pino logger factory. Logs go to stderr so stdout stays clean for alerts and --json.
// Secrets are redacted by path wherever they might ride along in a logged object, and every
// string logged (message, fields, child bindings) has its URLs redacted (domain/redact.ts): feed
// URLs and fetch errors may carry a key.
// A person at a terminal reads one line per event with a local time (pino-pretty); a pipe, a
// file or a log collector gets pino's JSON. LOG_FORMAT chooses when the guess is wrong.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFormat } from '../config/env.ts';
import { redactText } from '../domain/redact.ts';

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

// Logged objects are small (ids, a report, an error); the depth bound keeps a cyclic one finite.
const MAX_DEPTH = 6;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: redactText(value.stack ?? '') };
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactValue(entry, depth + 1)]));
}

function redactFields(object: Record<string, unknown>): Record<string, unknown> {
  return redactValue(object, 0) as Record<string, unknown>;
}

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
      formatters: { log: redactFields },
      // Child bindings skip formatters.log; pino runs serializers on them, and `url` is the binding
      // that carries a feed URL (poll-feed's child logger).
      serializers: { url: (value: unknown) => redactValue(value, 0) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
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
