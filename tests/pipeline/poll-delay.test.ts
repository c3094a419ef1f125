import { describe, expect, it } from 'vitest';
import { nextPollDelay } from '../../src/pipeline/poll-delay.ts';

const MINUTE = 60_000;

describe('nextPollDelay', () => {
  it('keeps the interval of a healthy feed', () => {
    expect(nextPollDelay(10 * MINUTE, 0)).toBe(10 * MINUTE);
  });

  it('doubles per consecutive failure up to six hours', () => {
    expect([1, 2, 3, 4].map((n) => nextPollDelay(10 * MINUTE, n))).toEqual([10, 20, 40, 80].map((m) => m * MINUTE));
    expect(nextPollDelay(10 * MINUTE, 50)).toBe(360 * MINUTE);
  });

  it('never polls a feed more often than its own interval, even past the cap', () => {
    expect(nextPollDelay(12 * 60 * MINUTE, 3)).toBe(12 * 60 * MINUTE);
  });
});
