// One pino logger factory. Logs go to stderr so stdout stays clean for alerts and --json.
// Secrets are redacted by path wherever they might ride along in a logged object.
import { pino, type Logger } from 'pino';

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

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'herald' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    // pino.destination(2) is a synchronous fd writer: log lines are not lost on process.exit.
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for tests and pure callers that require one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
