// One pino logger factory. Logs go to stderr so stdout stays clean for alerts and --json.
// Secrets are redacted by path wherever they might ride along in a logged object, and every
// string logged (message, fields, child bindings) has its URLs redacted (domain/redact.ts): feed
// URLs and fetch errors may carry a key.
import { pino, type Logger } from 'pino';
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

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
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
    // pino.destination(2) is a synchronous fd writer: log lines are not lost on process.exit.
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for tests and pure callers that require one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
