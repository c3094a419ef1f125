// When to poll a feed next. A healthy feed keeps its own interval; a failing one backs off on
// delivery's backoff curve, from its own interval, so a feed that is down for a week costs a
// handful of requests a day, not hundreds, and comes back on its own once it recovers. It is not
// delivery's failure policy: a poll is a schedule, never dead-lettered, and needs no jitter (each
// feed keeps its own interval and phase), so only the curve is shared.
import { backoffDelay } from '../deliver/backoff.ts';

const MAX_BACKOFF_MS = 6 * 3_600_000;

export function nextPollDelay(intervalMs: number, consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return intervalMs;
  return backoffDelay(consecutiveFailures - 1, { baseMs: intervalMs, maxMs: Math.max(intervalMs, MAX_BACKOFF_MS) });
}
