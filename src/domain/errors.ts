// Coded errors: every failure Herald reports carries a stable code (for logs, metrics and
// tests), a message that names the thing and the fix, and structured context for the logger.

export type ErrorCode =
  | 'config_invalid'
  | 'config_unreadable'
  | 'fetch_failed'
  | 'fetch_http_status'
  | 'fetch_timeout'
  | 'fetch_too_large'
  | 'fetch_blocked'
  | 'fetch_too_many_redirects'
  | 'parse_failed'
  | 'parse_too_slow'
  | 'opml_invalid'
  | 'feed_not_found'
  | 'feed_choice_needed'
  | 'query_invalid'
  | 'store_failed'
  | 'platform_transient'
  | 'platform_rate_limited'
  | 'platform_permanent'
  | 'platform_rejected'
  | 'command_invalid'
  | 'command_forbidden';

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HeraldError';
    this.code = code;
    this.context = context;
  }
}

/**
 * A platform call failed. `permanent` errors (unknown channel, missing access, revoked token)
 * are about the channel or the app: never retried, and the subscription is paused.
 * `rejected` errors are about this one message (a payload the platform refuses, an edit of a
 * deleted message): never retried either, but the channel goes on getting alerts.
 * `rate_limited` carries how long the platform asked us to wait.
 */
export class PlatformError extends HeraldError {
  readonly retryAfterMs: number | null;

  constructor(
    code: 'platform_transient' | 'platform_rate_limited' | 'platform_permanent' | 'platform_rejected',
    message: string,
    context: Record<string, unknown> = {},
    options?: { cause?: unknown; retryAfterMs?: number | null },
  ) {
    super(code, message, context, options);
    this.name = 'PlatformError';
    this.retryAfterMs = options?.retryAfterMs ?? null;
  }

  get permanent(): boolean {
    return this.code === 'platform_permanent';
  }

  get rejected(): boolean {
    return this.code === 'platform_rejected';
  }
}

export function isHeraldError(error: unknown): error is HeraldError {
  return error instanceof HeraldError;
}

/** A one-line description of any thrown value, safe to log or show. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
