// When to poll a feed next. A healthy feed keeps its own interval; a failing one backs off
// exponentially so a feed that is down for a week costs a handful of requests a day, not
// hundreds, and comes back on its own once it recovers.

const MAX_BACKOFF_MS = 6 * 3_600_000;

export function nextPollDelay(intervalMs: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return intervalMs;
  const cap = Math.max(intervalMs, MAX_BACKOFF_MS);
  const exponent = Math.min(consecutiveFailures - 1, 20);
  return Math.min(intervalMs * 2 ** exponent, cap);
}
