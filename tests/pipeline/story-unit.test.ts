// The unit of delivery is a channel's message about a story: commitBatch on an in-memory SQLite
// store with one channel followed by several overlapping subscriptions.
import { beforeEach, describe, expect, it } from 'vitest';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord, Item, Subscription } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { feedDefinition, item, MINUTE, subscription, T0 } from '../store/records.ts';

const HOUR = 3_600_000;
const OUTLETS = ['gazette', 'courier', 'herald'] as const;
let store: SqliteStore;
let router: SubscriptionRouter;
let deps: BatchDependencies;
let now: number;

async function polled(feedId: string, items: Item[]): Promise<PolledFeed> {
  const feed = (await store.getFeed(feedId)) as FeedRecord;
  return { feed: { ...feed, seeded: true }, etag: null, lastModified: null, title: null, items, seen: await store.seenItems(feedId, items.map((i) => i.key)) };
}

/** The wire story as one outlet carries it. */
const wire = (feedId: string) =>
  item({ feedId, key: `${feedId}-ferry`, url: 'https://wire.example.test/ferry', link: `https://${feedId}.example.test/ferry`, sourceName: `The ${feedId}`, contentHash: `${feedId}-h1` });

async function load(subscriptions: Subscription[]): Promise<void> {
  for (const subscription of subscriptions) await store.addSubscription(subscription);
  router.load(subscriptions, {});
}

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds(OUTLETS.map((id) => feedDefinition({ id })), T0);
  router = new SubscriptionRouter({});
  now = T0;
  let storyNumber = 0;
  deps = {
    store,
    router,
    stories: new StoryIndex({ windowMs: 48 * HOUR, titleThreshold: 0.7, leadThreshold: 0.5 }),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => now,
    newStoryId: () => `story-${(storyNumber += 1)}`,
  };
  // Three subscriptions of one channel that all match the ferry story, one of them per feed.
  await load([
    subscription({ id: 'sub-ferry', query: 'ferry' }),
    subscription({ id: 'sub-crossing', query: '"late crossing"', storyPolicy: 'ignore' }),
    subscription({ id: 'cfg-gazette', query: '', feeds: ['gazette'], managedByConfig: true }),
  ]);
});

describe('one message per channel and story', () => {
  it('three outlets of a wire story in one batch: one message, three sources, every matching subscription listed', async () => {
    await commitBatch(await Promise.all(OUTLETS.map((id) => polled(id, [wire(id)]))), deps);

    const entries = await store.listOutbox();
    expect(entries).toHaveLength(1);
    const [{ alert }] = entries as [(typeof entries)[number]];
    expect(alert.kind).toBe('new');
    expect(alert.item.link).toBe('https://gazette.example.test/ferry');
    expect(alert.sources.map((source) => source.name)).toEqual(['The gazette', 'The courier', 'The herald']);
    expect(alert.subscriptionIds?.toSorted()).toEqual(['cfg-gazette', 'sub-crossing', 'sub-ferry']);
  });

  it('outlets polled later fold into the message while it waits, and edit it once it went out', async () => {
    await commitBatch([await polled('gazette', [wire('gazette')])], deps);
    now += MINUTE;
    await commitBatch([await polled('courier', [wire('courier')])], deps);

    let entries = await store.listOutbox();
    expect(entries.map((entry) => [entry.alert.kind, entry.alert.sources.length])).toEqual([['new', 2]]);

    await store.markSent(entries[0]!.id, { platform: 'slack', channel: 'C-NEWS', id: 'm1' }, now);
    now += MINUTE;
    await commitBatch([await polled('herald', [wire('herald')])], deps);

    entries = await store.listOutbox();
    expect(entries.map((entry) => [entry.alert.kind, entry.alert.sources.length])).toEqual([
      ['new', 2],
      ['update', 3],
    ]);
    // The edit keeps the message's headline on the first outlet.
    expect(entries[1]!.alert.item.link).toBe('https://gazette.example.test/ferry');
  });

  it('removing the subscription that queued the message does not orphan it: another one still updates it', async () => {
    await commitBatch([await polled('gazette', [wire('gazette')])], deps);
    const [first] = await store.listOutbox();
    await store.markSent(first!.id, { platform: 'slack', channel: 'C-NEWS', id: 'm1' }, now);
    await store.removeSubscription('sub-ferry');
    const remaining = await store.listSubscriptions();
    router.load(remaining, {});
    // The remaining subscriptions: one ignores updates, one reads only the gazette; a new one wants updates.
    await load([subscription({ id: 'sub-wire', query: 'ferry', createdAt: T0 + 1 })]);

    now += MINUTE;
    await commitBatch([await polled('courier', [wire('courier')])], deps);

    const entries = await store.listOutbox();
    expect(entries.map((entry) => entry.alert.kind)).toEqual(['new', 'update']);
    expect(await store.originalEntry(entries[1]!.alert, entries[1]!.alert.storyId)).toMatchObject({ id: first!.id });
    expect(entries[1]!.alert.subscriptionIds?.toSorted()).toEqual(['cfg-gazette', 'sub-crossing', 'sub-ferry', 'sub-wire']);
  });

  it('a batch replayed by a second process (same items) queues nothing more', async () => {
    const batch = await Promise.all(OUTLETS.map((id) => polled(id, [wire(id)])));
    await commitBatch(batch, deps);
    // The other process's own story index and ids: it never saw this process's story.
    const other = { ...deps, stories: new StoryIndex({ windowMs: 48 * HOUR, titleThreshold: 0.7, leadThreshold: 0.5 }), newStoryId: () => 'story-other' };
    const results = await commitBatch(batch, other);

    expect(results.map((result) => result?.alertsQueued)).toEqual([0, 0, 0]);
    expect(await store.listOutbox()).toHaveLength(1);
    expect(await store.getStory('story-other')).toBeNull();
    expect((await store.getStory('story-1'))?.sources).toHaveLength(3);
  });
});
