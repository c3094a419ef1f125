// The one failure policy and backoff that alerts, digests and notices share.
import { describe, expect, it } from 'vitest';
import { backoffDelay, jitteredBackoffDelay } from '../../src/deliver/backoff.ts';
import { decideFailure, maxAttemptsWithin, MIN_RETRY_MS, type RetryPolicy } from '../../src/deliver/failure-policy.ts';
import { PlatformError } from '../../src/domain/errors.ts';

const HOUR = 3_600_000;
const POLICY: RetryPolicy = { maxAgeMs: 24 * HOUR, baseMs: 5_000, maxMs: 900_000 };
const NOW = Date.UTC(2025, 2, 4, 9);
const fresh = { attempts: 0, firstTriedAt: NOW };

describe('backoff', () => {
  it('doubles from the base per retry up to the cap', () => {
    expect([0, 1, 3, 30, 1_000].map((retry) => backoffDelay(retry, POLICY))).toEqual([5_000, 10_000, 40_000, 900_000, 900_000]);
  });

  it('draws a jittered wait between the base and that ceiling', () => {
    expect(jitteredBackoffDelay(3, POLICY, () => 1)).toBe(40_000);
    expect(jitteredBackoffDelay(3, POLICY, () => 0.5)).toBe(20_000);
    expect(jitteredBackoffDelay(3, POLICY, () => 0)).toBe(5_000);
  });
});

describe('decideFailure', () => {
  it('dead-letters a permanent error and pauses what is behind it', () => {
    const error = new PlatformError('platform_permanent', 'the bot was removed from the channel');
    expect(decideFailure(error, fresh, POLICY, NOW)).toEqual({ action: 'dead', reason: 'the bot was removed from the channel', cause: 'permanent', pause: true });
  });

  it('dead-letters a rejected message without pausing anything', () => {
    const error = new PlatformError('platform_rejected', 'message too long');
    expect(decideFailure(error, fresh, POLICY, NOW)).toMatchObject({ action: 'dead', cause: 'rejected', pause: false });
  });

  it("retries a transient error with backoff, or after the platform's Retry-After, never sooner than a second", () => {
    expect(decideFailure(new Error('socket hang up'), { attempts: 2, firstTriedAt: NOW }, POLICY, NOW, () => 1)).toEqual({ action: 'retry', reason: 'socket hang up', delayMs: 20_000 });
    const limited = (retryAfterMs: number) => new PlatformError('platform_rate_limited', 'slow down', {}, { retryAfterMs });
    expect(decideFailure(limited(30_000), fresh, POLICY, NOW)).toMatchObject({ action: 'retry', delayMs: 30_000 });
    expect(decideFailure(limited(0), fresh, POLICY, NOW)).toMatchObject({ action: 'retry', delayMs: MIN_RETRY_MS });
  });

  it('gives up once the retry window since the first try is over', () => {
    const tried = { attempts: 40, firstTriedAt: NOW - 24 * HOUR };
    expect(decideFailure(new Error('timeout'), tried, POLICY, NOW)).toEqual({ action: 'dead', reason: 'gave up after 41 attempts: timeout', cause: 'gave-up', pause: false });
    expect(decideFailure(new Error('timeout'), { ...tried, firstTriedAt: NOW - 23 * HOUR }, POLICY, NOW).action).toBe('retry');
  });

  it('counts the attempts that fit in the window when the first try is unknown (held digests)', () => {
    const fit = maxAttemptsWithin(POLICY);
    expect(decideFailure(new Error('timeout'), { attempts: fit - 2, firstTriedAt: null }, POLICY, NOW).action).toBe('retry');
    expect(decideFailure(new Error('timeout'), { attempts: fit - 1, firstTriedAt: null }, POLICY, NOW)).toMatchObject({ action: 'dead', cause: 'gave-up' });
  });

  it('fits as many attempts in the window as longest backoffs fill it', () => {
    // 5+10+20+40+80+160+320+640 s, then 900 s each, until 24 h are reached.
    const first = 1_275_000;
    expect(maxAttemptsWithin(POLICY)).toBe(8 + Math.ceil((24 * HOUR - first) / 900_000));
    expect(maxAttemptsWithin({ ...POLICY, maxAgeMs: 0 })).toBe(1);
  });
});
