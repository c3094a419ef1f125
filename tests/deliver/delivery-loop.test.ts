// The outbox worker's loop on fake time (vitest's fake setTimeout and Date; setImmediate stays
// real so the loop's own yields run): rate-limited channels wait on a timer, never in a spin;
// a stop ends a drain at once; every channel gets its next alert in each round, however the
// backlog was queued.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker, type DrainOptions, type DrainReport } from '../../src/deliver/outbox-worker.ts';
import { PlatformError } from '../../src/domain/errors.ts';
import type { Alert, MessageRef, PlatformName } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { ChannelPacer, type PacerClock } from '../../src/platforms/slack/channel-pacer.ts';
import type { Platform } from '../../src/platforms/platform.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { commitPoll, feedDefinition, pollCommit, queued } from '../store/records.ts';
import { ScriptedPlatform } from './scripted-platform.ts';

const T0 = Date.parse('2024-03-05T12:00:00Z');
const SECOND = 1_000;

/** Answers 429 (with the given Retry-After) to its first `failures` posts, optionally paced per channel like Slack. */
class RateLimitedPlatform extends ScriptedPlatform {
  /** When each accepted post was made, in fake time. */
  readonly sentAt: number[] = [];
  /** Posts tried, refused or accepted. */
  private posts = 0;

  constructor(
    private failures: number,
    private readonly retryAfterMs: number,
    private readonly pacer: ChannelPacer | null = null,
  ) {
    super();
  }

  override async send(alert: Alert): Promise<MessageRef> {
    await this.pacer?.turn(alert.channel);
    this.posts += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new PlatformError('platform_rate_limited', 'rate limited (HTTP 429)', {}, { retryAfterMs: this.retryAfterMs });
    }
    this.sentAt.push(Date.now());
    return super.send(alert);
  }

  get attempts(): number {
    return this.posts;
  }
}

let store: SqliteStore;
let claims: number[];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([feedDefinition()], T0);
  claims = [];
});
afterEach(() => {
  store.close();
  vi.useRealTimers();
});

/** The store, counting how many entries each claim handed out. */
function countingStore(): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      // The store keeps its state in private fields: its methods must run on the store itself.
      if (property !== 'claimDueOutbox') return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      return async (...args: Parameters<Store['claimDueOutbox']>) => {
        const claimed = await target.claimDueOutbox(...args);
        claims.push(claimed.length);
        return claimed;
      };
    },
  });
}

function worker(platform: Platform): OutboxWorker {
  return new OutboxWorker(countingStore(), new Map<PlatformName, Platform>([['slack', platform]]), silentLogger(), DEFAULT_DELIVERY_POLICY, Date.now);
}

async function queue(alerts: Partial<Alert>[]): Promise<void> {
  await commitPoll(store, pollCommit({ now: Date.now(), alerts: alerts.map((overrides) => queued(overrides)) }));
}

/**
 * Runs a drain to its end on fake time: lets the loop's own turns run, and when it waits on a
 * timer, moves the clock to that timer. Fails if the drain neither ends nor waits (a spin).
 */
async function settle(drain: Promise<DrainReport>): Promise<DrainReport> {
  let result: DrainReport | undefined;
  let failure: unknown = null;
  drain.then(
    (report) => (result = report),
    (error: unknown) => (failure = error ?? new Error('the drain failed')),
  );
  for (let idleTurns = 0; result === undefined; ) {
    if (failure !== null) throw failure;
    if (vi.getTimerCount() > 0) {
      await vi.advanceTimersToNextTimerAsync();
      idleTurns = 0;
    } else {
      await new Promise((resolve) => setImmediate(resolve));
      idleTurns += 1;
      if (idleTurns > 100_000) throw new Error('the drain neither ended nor waited on a timer: it spins');
    }
  }
  return result;
}

function drain(target: OutboxWorker, options: DrainOptions = {}): Promise<DrainReport> {
  return settle(target.drain(options));
}

const stories = (alerts: Alert[]) => alerts.map((alert) => alert.storyId);

// Slack's pacer on the faked Date and setTimeout (its default clock holds the real Date.now).
const fakeTimeClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

describe('rate limits', () => {
  it('429 with Retry-After: 1 to the first 100 posts: a drain waiting up to 60 s sends all 24 alerts in order, on timers', async () => {
    const platform = new RateLimitedPlatform(100, SECOND);
    const names = Array.from({ length: 24 }, (_, n) => ({ storyId: `s${n}`, channel: `C-${n % 4}` }));
    await queue(names);

    const report = await drain(worker(platform), { waitUntil: T0 + 60 * SECOND });

    expect(report).toMatchObject({ sent: 24, retried: 100, dead: 0 });
    expect(await store.listOutbox('pending')).toEqual([]);
    for (let channel = 0; channel < 4; channel += 1) {
      const expected = names.filter((name) => name.channel === `C-${channel}`).map((name) => name.storyId);
      expect(stories(platform.sent.filter((alert) => alert.channel === `C-${channel}`))).toEqual(expected);
    }
    // Four channels, one post each per claim: 100 refusals take 25 one-second waits, then six claims send the rest.
    expect(platform.attempts).toBe(124);
    expect(claims.filter((count) => count > 0)).toHaveLength(31);
    expect(Date.now() - T0).toBe(25 * SECOND);
  });

  it('a Retry-After of 0 (or a retry that would be due at once) waits at least a second', async () => {
    const platform = new RateLimitedPlatform(1, 0);
    await queue([{ storyId: 'only' }]);

    expect(await drain(worker(platform))).toMatchObject({ sent: 0, retried: 1 });
    const [pending] = await store.listOutbox('pending');
    expect(pending!.nextAttemptAt).toBe(T0 + SECOND);
    // Without a wait bound the drain returned instead of waiting; with one it waits out the second.
    expect(await drain(worker(platform), { waitUntil: T0 + 5 * SECOND })).toMatchObject({ sent: 1 });
    expect(platform.sentAt).toEqual([T0 + SECOND]);
  });

  it('a retry due after the wait bound is not waited for: the drain ends and the entry stays pending', async () => {
    const platform = new RateLimitedPlatform(1, 90 * SECOND);
    await queue([{ storyId: 'late' }, { storyId: 'other', channel: 'C-OTHER' }]);

    expect(await drain(worker(platform), { waitUntil: T0 + 60 * SECOND })).toMatchObject({ sent: 1, retried: 1 });
    expect(Date.now()).toBe(T0);
    expect(await store.listOutbox('pending')).toMatchObject([{ nextAttemptAt: T0 + 90 * SECOND, attempts: 1 }]);
  });

  it('a stop ends a drain that waits for a retry at once, without moving the clock', async () => {
    const platform = new RateLimitedPlatform(1, 30 * SECOND);
    await queue([{ storyId: 'waiting' }]);
    const stop = new AbortController();

    const drained = worker(platform).drain({ waitUntil: T0 + 60 * SECOND, signal: stop.signal });
    while (vi.getTimerCount() === 0) await new Promise((resolve) => setImmediate(resolve));
    stop.abort();

    expect(await drained).toMatchObject({ sent: 0, retried: 1 });
    expect(Date.now()).toBe(T0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('channels in lanes', () => {
  const CHANNELS = 50;
  const PER_CHANNEL = 40;
  const channel = (n: number) => `C-${String(n).padStart(2, '0')}`;
  const grouped = Array.from({ length: CHANNELS * PER_CHANNEL }, (_, n) => ({ storyId: `s${n}`, channel: channel(Math.floor(n / PER_CHANNEL)) }));
  const interleaved = Array.from({ length: CHANNELS * PER_CHANNEL }, (_, n) => ({ storyId: `s${n}`, channel: channel(n % CHANNELS) }));

  it.each([
    ['grouped channel by channel', grouped],
    ['interleaved', interleaved],
  ])('2,000 alerts to 50 channels queued %s: every claim serves all 50 channels, at the 1/s/channel pace', async (_, alerts) => {
    const platform = new RateLimitedPlatform(0, 0, new ChannelPacer(SECOND, fakeTimeClock));
    await queue(alerts);

    const report = await drain(worker(platform));

    expect(report.sent).toBe(CHANNELS * PER_CHANNEL);
    const nonEmpty = claims.filter((count) => count > 0);
    expect(nonEmpty).toEqual(Array.from({ length: PER_CHANNEL }, () => CHANNELS));
    // Each run of 50 sends reaches 50 different channels: no channel's backlog holds another back.
    for (let round = 0; round < PER_CHANNEL; round += 1) {
      expect(new Set(platform.sent.slice(round * CHANNELS, (round + 1) * CHANNELS).map((alert) => alert.channel)).size).toBe(CHANNELS);
    }
    for (let n = 0; n < CHANNELS; n += 1) {
      const expected = alerts.filter((alert) => alert.channel === channel(n)).map((alert) => alert.storyId);
      expect(stories(platform.sent.filter((alert) => alert.channel === channel(n)))).toEqual(expected);
    }
    // The pacing floor is 39 s (the first post of each channel goes at once); within 1.1x of it.
    expect(Date.now() - T0).toBeLessThanOrEqual(1.1 * (PER_CHANNEL - 1) * SECOND);
  });
});
