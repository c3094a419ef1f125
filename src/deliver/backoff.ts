// The one backoff: how long to wait before the next try of something that failed (an alert,
// a digest, a notice, Slack's socket, a feed's poll). Pure, imports nothing, so platforms and
// the pipeline may use it too (eslint.config.js: element 'backoff').

export interface Backoff {
  /** The wait before the first retry, doubled for each retry after it. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/** The wait before retry `retry` (0 the first): baseMs, doubled per retry, at most maxMs. */
export function backoffDelay(retry: number, backoff: Backoff): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(retry, 0), 30));
}

/**
 * backoffDelay with full jitter, never under baseMs: many deliveries failing together (a platform
 * outage) spread their retries out instead of returning as one burst.
 */
export function jitteredBackoffDelay(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  return Math.max(backoff.baseMs, Math.round(backoffDelay(retry, backoff) * random()));
}
