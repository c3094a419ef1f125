// Exponential backoff with full jitter: many alerts failing together (a platform outage)
// spread their retries out instead of returning as one burst.
export function retryDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
  return Math.max(baseMs, Math.round(ceiling * random()));
}

/**
 * No retry is ever due sooner than this: a `Retry-After: 0` or a missing header must not turn
 * into a claim-fail-claim loop that keeps the process busy and the platform hammered.
 */
export const MIN_RETRY_MS = 1_000;

/** The delay before the next attempt: the platform's Retry-After when it gave one, else backoff; at least MIN_RETRY_MS. */
export function nextRetryDelay(retryAfterMs: number | null, attempts: number, baseMs: number, maxMs: number): number {
  return Math.max(MIN_RETRY_MS, retryAfterMs ?? retryDelay(attempts, baseMs, maxMs));
}
