// The outbox worker, digest job and notice worker against a scripted platform and a real
// SQLite store, on an injected clock: retries, order, caps, digests, quiet hours, permanent errors.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelPolicies } from '../../src/deliver/channel-policy.ts';
import { DigestJob } from '../../src/deliver/digest-job.ts';
import { NoticeWorker } from '../../src/deliver/notice-worker.ts';
import { DEFAULT_DELIVERY_POLICY, OutboxWorker } from '../../src/deliver/outbox-worker.ts';
import type { Alert, MessageRef, PlatformName } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import type { Platform } from '../../src/platforms/platform.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { commitPoll, feedDefinition, pollCommit, queued, subscription } from '../store/records.ts';
import { ScriptedPlatform } from './scripted-platform.ts';

const T0 = Date.parse('2024-03-05T12:00:00Z');
const MINUTE = 60_000;

let store: SqliteStore;
let platform: ScriptedPlatform;
let clock: number;

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds([feedDefinition()], T0);
  platform = new ScriptedPlatform();
  clock = T0;
});
afterEach(() => store.close());

function delivery(rules: Parameters<typeof channelPolicies>[0]['channels'] = [], cap = 20) {
  const platforms = new Map<PlatformName, Platform>([['slack', platform]]);
  const now = () => clock;
  const policies = channelPolicies({ defaults: { timezone: 'UTC', maxAlertsPerHour: cap } as never, channels: rules });
  return {
    worker: new OutboxWorker(store, platforms, silentLogger(), DEFAULT_DELIVERY_POLICY, now, () => policies),
    digests: new DigestJob(store, platforms, silentLogger(), DEFAULT_DELIVERY_POLICY, now),
    notices: new NoticeWorker(store, platforms, silentLogger(), DEFAULT_DELIVERY_POLICY, now),
  };
}

async function queue(...alerts: Partial<Alert>[]): Promise<void> {
  await commitPoll(store, pollCommit({ now: clock, alerts: alerts.map((overrides) => queued(overrides)) }));
}

/**
 * Advances the clock to the next retry until the outbox has nothing pending left. Entries queued
 * behind a retrying one keep their own (past) due time: the store holds them back, not a postponement.
 */
async function drainUntilSettled(worker: OutboxWorker): Promise<number> {
  let drains = 0;
  for (;;) {
    await worker.drain();
    drains += 1;
    const pending = await store.listOutbox('pending');
    if (pending.length === 0) return drains;
    const later = pending.map((entry) => entry.nextAttemptAt).filter((at) => at > clock);
    if (later.length === 0) throw new Error(`${pending.length} entries are due but the drain left them: ${JSON.stringify(pending)}`);
    clock = Math.min(...later);
  }
}

const stories = (alerts: Alert[]) => alerts.map((alert) => alert.storyId);

describe('parallel channels', () => {
  /** Each send waits until the test lets it finish, so the test sees which sends are open at once. */
  class GatedPlatform extends ScriptedPlatform {
    readonly open: string[] = [];
    private readonly gates = new Map<string, () => void>();

    override async send(alert: Alert): Promise<MessageRef> {
      this.open.push(alert.storyId);
      await new Promise<void>((resolve) => this.gates.set(alert.storyId, resolve));
      this.open.splice(this.open.indexOf(alert.storyId), 1);
      return super.send(alert);
    }

    /** Lets the send of `storyId` finish once it has started. */
    async finish(storyId: string): Promise<void> {
      for (let turn = 0; !this.gates.has(storyId); turn += 1) {
        if (turn === 1_000) throw new Error(`the send of ${storyId} never started while ${this.open.join(', ')} was open`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.gates.get(storyId)!();
    }
  }

  it('sends to different channels at once, and within a channel one alert after another, in order', async () => {
    const gated = new GatedPlatform();
    platform = gated;
    await queue(
      { storyId: 'harbour-1', channel: 'C-HARBOUR' },
      { storyId: 'harbour-2', channel: 'C-HARBOUR' },
      { storyId: 'valley-1', channel: 'C-VALLEY' },
    );
    const drained = delivery().worker.drain();

    await gated.finish('valley-1');
    // The valley channel did not wait for the harbour channel's first send to finish.
    expect(gated.open).toEqual(['harbour-1']);
    await gated.finish('harbour-1');
    await gated.finish('harbour-2');

    expect(await drained).toMatchObject({ sent: 3 });
    expect(stories(gated.sent)).toEqual(['valley-1', 'harbour-1', 'harbour-2']);
  });
});

describe('retries', () => {
  it('429 with Retry-After, 500 and a timeout, then recovery: every alert once, each channel in order', async () => {
    const { worker } = delivery();
    const names = Array.from({ length: 6 }, (_, n) => `s${n}`);
    await queue(...names.map((storyId, n) => ({ storyId, channel: n % 2 === 0 ? 'C-A' : 'C-B' })));
    platform.script.push('rate-limited', 'server-error', 'timeout', 'server-error');

    const first = await worker.drain();
    expect(first).toMatchObject({ sent: 0, retried: 2 });
    // The rate-limited entry waits exactly as long as the platform asked.
    const [waiting] = await store.listOutbox('pending');
    expect(waiting).toMatchObject({ attempts: 1, lastError: 'rate limited (HTTP 429)', nextAttemptAt: T0 + 30_000 });

    await drainUntilSettled(worker);

    expect(stories(platform.sent).sort()).toEqual([...names].sort());
    expect(stories(platform.sent.filter((alert) => alert.channel === 'C-A'))).toEqual(['s0', 's2', 's4']);
    expect(stories(platform.sent.filter((alert) => alert.channel === 'C-B'))).toEqual(['s1', 's3', 's5']);
    expect((await store.listOutbox('sent')).every((entry) => entry.messageRef !== null)).toBe(true);
  });

  it('dead-letters an alert still failing after its retry window, with the last reason', async () => {
    const { worker } = delivery();
    await queue({ storyId: 'doomed' });
    platform.script.push(...Array.from({ length: 500 }, () => 'server-error' as const));
    await drainUntilSettled(worker);
    expect(platform.sent).toEqual([]);
    const [dead] = await store.listOutbox('dead');
    expect(dead!.lastError).toMatch(/^gave up after \d+ attempts: HTTP 500 from the platform$/);
    expect(clock - T0).toBeGreaterThanOrEqual(DEFAULT_DELIVERY_POLICY.maxAgeMs);
  });

  it('a permanent error dead-letters, pauses the subscription and tells the admins once', async () => {
    const { worker, notices } = delivery();
    await store.addSubscription(subscription());
    await queue({ storyId: 'a' }, { storyId: 'b' });
    platform.script.push('not-in-channel', 'not-in-channel');

    await worker.drain();
    await notices.drain();

    // The second alert is not tried: its subscription was paused by the first one's failure.
    expect((await store.listOutbox('dead')).map((entry) => entry.lastError)).toEqual([
      'not_in_channel: invite the bot to the channel',
      expect.stringMatching(/^not posted: subscription sub-news was paused before this alert went out/),
    ]);
    expect(platform.script).toEqual(['not-in-channel']);
    expect(await store.getSubscription('sub-news')).toMatchObject({ paused: true, pausedReason: 'not_in_channel: invite the bot to the channel' });
    expect(platform.adminNotices).toHaveLength(1);
    expect(platform.adminNotices[0]).toMatch(/paused subscription sub-news .*C-NEWS.*not_in_channel.*'\/news resume' in that channel.*herald outbox retry/);
  });
});

describe('rejected messages', () => {
  it('a message the platform refuses is dead-lettered alone: the subscription stays active and the next alert goes out', async () => {
    const { worker } = delivery();
    await store.addSubscription(subscription());
    await queue({ storyId: 'a' }, { storyId: 'b' });
    platform.script.push('bad-payload');

    expect(await worker.drain()).toMatchObject({ sent: 1, dead: 1 });

    expect((await store.listOutbox('dead')).map((entry) => [entry.alert.storyId, entry.lastError])).toEqual([
      ['a', 'invalid_blocks: the platform refused this message'],
    ]);
    expect(stories(platform.sent)).toEqual(['b']);
    expect(await store.getSubscription('sub-news')).toMatchObject({ paused: false });
    expect(platform.adminNotices).toEqual([]);
  });
});

describe('caps and digests', () => {
  it('200 matches in a minute to a channel capped at 20/hour: 20 alerts, then one digest with the other 180 when the hour ends', async () => {
    const { worker, digests } = delivery([{ platform: 'slack', channel: 'C-NEWS', maxAlertsPerHour: 20 }]);
    const names = Array.from({ length: 200 }, (_, n) => `story-${String(n).padStart(3, '0')}`);
    await queue(...names.map((storyId) => ({ storyId, topic: Number(storyId.slice(-3)) % 2 === 0 ? 'even' : 'odd' })));

    clock = T0 + MINUTE;
    expect(await worker.drain()).toMatchObject({ sent: 20, held: 180 });
    expect(stories(platform.sent)).toEqual(names.slice(0, 20));
    expect(await digests.release()).toMatchObject({ digests: 0 });

    clock = T0 + 60 * MINUTE;
    expect(await digests.release()).toEqual({ digests: 1, alerts: 180, retried: 0, dead: 0 });
    const [{ digest, key }] = platform.digests as [(typeof platform.digests)[number]];
    expect(digest).toMatchObject({ channel: 'C-NEWS', reason: 'cap', windowEnd: T0 + 60 * MINUTE });
    expect(stories(digest.alerts)).toEqual(names.slice(20));
    expect(key).toMatch(/^digest:\d+$/);
    expect(await store.listOutbox('held')).toEqual([]);
    expect(await store.countSentSince('slack', 'C-NEWS', T0)).toBe(21);

    // A new hour: alerts flow again (the digest counted once, in the hour before).
    await queue({ storyId: 'next-hour' });
    expect(await worker.drain()).toMatchObject({ sent: 1, held: 0 });
    expect(platform.sent).toHaveLength(21);
  });

  it('a digest that fails is retried under the same key with the same alerts, and sent once', async () => {
    const { worker, digests } = delivery([], 1);
    await queue({ storyId: 'first' }, { storyId: 'second' }, { storyId: 'third' });
    await worker.drain();
    clock = T0 + 60 * MINUTE;
    platform.script.push('server-error');
    expect(await digests.release()).toMatchObject({ retried: 1 });
    await queue({ storyId: 'latecomer' });
    await worker.drain();

    clock = (await store.listOutbox('held')).reduce((latest, entry) => Math.max(latest, entry.nextAttemptAt), 0);
    await digests.release();
    const sealed = platform.digests.find((sent) => sent.digest.alerts.some((alert) => alert.storyId === 'second'));
    expect(stories(sealed!.digest.alerts)).toEqual(['second', 'third']);
    expect(platform.digests.filter((sent) => sent.key === sealed!.key)).toHaveLength(1);
  });

  it('quiet hours hold alerts until they end, then post them as one digest; digest-mode subscriptions wait for their schedule', async () => {
    clock = Date.parse('2024-03-05T23:10:00Z');
    const { worker, digests } = delivery([{ platform: 'slack', channel: 'C-NEWS', quietHours: { from: '22:00', to: '07:00' } }]);
    await store.addSubscription(subscription({ id: 'sub-daily', channel: 'C-DAILY', digest: { kind: 'daily', at: '08:30' } }));
    await queue({ storyId: 'night-1' }, { storyId: 'night-2' }, { storyId: 'daily-1', subscriptionId: 'sub-daily', channel: 'C-DAILY' });
    expect(await worker.drain()).toMatchObject({ sent: 0, held: 3 });

    clock = Date.parse('2024-03-06T07:00:00Z');
    await digests.release();
    clock = Date.parse('2024-03-06T08:30:00Z');
    await digests.release();

    expect(platform.sent).toEqual([]);
    expect(platform.digests.map(({ digest }) => [digest.channel, digest.reason, stories(digest.alerts)])).toEqual([
      ['C-NEWS', 'quiet-hours', ['night-1', 'night-2']],
      ['C-DAILY', 'schedule', ['daily-1']],
    ]);
  });

  it('a story update follows its original: held with it, folded into the digest, never an edit of the digest', async () => {
    const { worker, digests } = delivery([], 0);
    await queue({ storyId: 'story' });
    await worker.drain();
    await queue({ storyId: 'story', kind: 'update', sources: [{ name: 'A', url: null }, { name: 'B', url: null }] });
    expect(await worker.drain()).toMatchObject({ held: 1 });

    clock = T0 + 60 * MINUTE;
    await digests.release();
    expect(platform.digests[0]!.digest.alerts).toHaveLength(1);
    expect(platform.digests[0]!.digest.alerts[0]!.sources.map((source) => source.name)).toEqual(['A', 'B']);

    await commitPoll(store, pollCommit({ now: clock, alerts: [queued({ storyId: 'story', kind: 'update' }, 'sub-news:story:update:later')] }));
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    expect(platform.updates).toEqual([]);
    expect(await store.listOutbox('pending')).toEqual([]);
  });
});

describe('notices', () => {
  it('are retried on transient errors and sent once', async () => {
    const { notices } = delivery();
    await store.markFeedFailing('harbour', T0, [{ idempotencyKey: 'k', platform: 'slack', workspace: null, channel: 'C-NEWS', text: 'feed failing' }]);
    platform.script.push('rate-limited');
    expect(await notices.drain()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock += 30_000;
    expect(await notices.drain()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await notices.drain()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(platform.notices).toEqual([{ target: { workspace: null, channel: 'C-NEWS' }, text: 'feed failing' }]);
  });
});
