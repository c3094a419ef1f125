import { describe, expect, it } from 'vitest';
import { CommandRateLimiter, type RateKey } from '../../src/commands/rate-limit.ts';

const T = 1_000_000;
const alice: RateKey = { platform: 'slack', workspace: 'T1', channel: 'C-NEWS', userId: 'U-ALICE' };
const bob: RateKey = { ...alice, userId: 'U-BOB' };

describe('CommandRateLimiter', () => {
  it('allows a burst per user, then refuses with the time until the next token', () => {
    const limiter = new CommandRateLimiter({ perUser: { capacity: 2, refillEveryMs: 10_000 }, perChannel: { capacity: 100, refillEveryMs: 1 } });
    expect(limiter.take(alice, T)).toEqual({ allowed: true });
    expect(limiter.take(alice, T)).toEqual({ allowed: true });
    expect(limiter.take(alice, T + 2_500)).toEqual({ allowed: false, scope: 'user', retryAfterMs: 7_500 });
    expect(limiter.take(bob, T + 2_500)).toEqual({ allowed: true });
    expect(limiter.take(alice, T + 10_000)).toEqual({ allowed: true });
    expect(limiter.take(alice, T + 10_000)).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
  });

  it('limits a channel across its people', () => {
    const limiter = new CommandRateLimiter({ perUser: { capacity: 5, refillEveryMs: 1_000 }, perChannel: { capacity: 3, refillEveryMs: 6_000 } });
    const people = ['U1', 'U2', 'U3', 'U4'].map((userId) => ({ ...alice, userId }));
    expect(people.slice(0, 3).map((key) => limiter.take(key, T).allowed)).toEqual([true, true, true]);
    expect(limiter.take(people[3]!, T)).toEqual({ allowed: false, scope: 'channel', retryAfterMs: 6_000 });
    expect(limiter.take({ ...people[3]!, channel: 'C-OTHER' }, T)).toEqual({ allowed: true });
    expect(limiter.take({ ...people[3]!, workspace: 'T2' }, T)).toEqual({ allowed: true });
  });

  it('charges neither bucket for a refused command', () => {
    const limiter = new CommandRateLimiter({ perUser: { capacity: 1, refillEveryMs: 60_000 }, perChannel: { capacity: 2, refillEveryMs: 60_000 } });
    expect(limiter.take(alice, T).allowed).toBe(true);
    for (let i = 0; i < 5; i += 1) expect(limiter.take(alice, T).allowed).toBe(false);
    // Alice's refusals took nothing from the channel, so Bob still has its second token.
    expect(limiter.take(bob, T)).toEqual({ allowed: true });
  });

  it('refills up to the capacity, never beyond', () => {
    const limiter = new CommandRateLimiter({ perUser: { capacity: 2, refillEveryMs: 1_000 }, perChannel: { capacity: 100, refillEveryMs: 1 } });
    limiter.take(alice, T);
    const later = T + 3_600_000;
    expect([1, 2, 3].map(() => limiter.take(alice, later).allowed)).toEqual([true, true, false]);
  });

  it('keeps a bounded number of buckets, forgetting full ones first', () => {
    const limiter = new CommandRateLimiter({ perUser: { capacity: 1, refillEveryMs: 1_000 }, perChannel: { capacity: 1_000, refillEveryMs: 1 }, maxKeys: 2 });
    expect(limiter.take(alice, T).allowed).toBe(true);
    // Carol and Dave arrive much later: Alice's bucket is full again and is the one forgotten.
    const carol = { ...alice, userId: 'U-CAROL' };
    const dave = { ...alice, userId: 'U-DAVE' };
    expect(limiter.take(carol, T + 5_000).allowed).toBe(true);
    expect(limiter.take(dave, T + 5_000).allowed).toBe(true);
    expect(limiter.take(carol, T + 5_000).allowed).toBe(false);
    expect(limiter.take(dave, T + 5_000).allowed).toBe(false);
  });
});
