// The one failure policy of delivery: what a failed send of an alert, a digest or a notice
// becomes. A permanent platform error (the channel is gone, the bot was removed) dead-letters
// it and pauses the subscriptions behind it; a rejected message (too long, malformed) dead-
// letters only it; anything else is retried with backoff, honouring the platform's
// Retry-After, until the retry window is over.
import { PlatformError, describeError } from '../domain/errors.ts';
import { backoffDelay, jitteredBackoffDelay, type Backoff } from './backoff.ts';

export interface RetryPolicy extends Backoff {
  /** How long something is retried before it is dead-lettered with its last error. */
  maxAgeMs: number;
}

/**
 * No retry is ever due sooner than this: a `Retry-After: 0` or a missing header must not turn
 * into a claim-fail-claim loop that keeps the process busy and the platform hammered.
 */
export const MIN_RETRY_MS = 1_000;

/** What was tried: attempts before this one, and since when it has been tried. */
export interface Attempts {
  attempts: number;
  /**
   * When the first attempt was made, or null when that is unknown: a digest's alerts were held
   * for hours before their first send, so their age says nothing and the retry window counts in
   * the attempts that fit in it instead.
   */
  firstTriedAt: number | null;
}

export type FailureDecision =
  | { action: 'retry'; reason: string; delayMs: number }
  /** `pause`: the subscriptions behind it are paused too (a permanent error). */
  | { action: 'dead'; reason: string; cause: 'permanent' | 'rejected' | 'gave-up'; pause: boolean };

export function decideFailure(error: unknown, tried: Attempts, policy: RetryPolicy, now: number, random: () => number = Math.random): FailureDecision {
  const reason = describeError(error);
  if (error instanceof PlatformError && error.permanent) return { action: 'dead', reason, cause: 'permanent', pause: true };
  if (error instanceof PlatformError && error.rejected) return { action: 'dead', reason, cause: 'rejected', pause: false };
  const windowOver = tried.firstTriedAt === null ? tried.attempts + 1 >= maxAttemptsWithin(policy) : now - tried.firstTriedAt >= policy.maxAgeMs;
  if (windowOver) return { action: 'dead', reason: `gave up after ${tried.attempts + 1} attempts: ${reason}`, cause: 'gave-up', pause: false };
  const retryAfterMs = error instanceof PlatformError ? error.retryAfterMs : null;
  return { action: 'retry', reason, delayMs: Math.max(MIN_RETRY_MS, retryAfterMs ?? jitteredBackoffDelay(tried.attempts, policy, random)) };
}

/** How many attempts fit in the retry window when each waits its longest backoff. */
export function maxAttemptsWithin(policy: RetryPolicy): number {
  let elapsed = 0;
  let attempts = 0;
  while (elapsed < policy.maxAgeMs) {
    elapsed += backoffDelay(attempts, policy);
    attempts += 1;
  }
  return Math.max(1, attempts);
}
