// commitBatch on an in-memory SQLite store: several changed feeds in one batch get the stories
// and alerts they would get polled one after another, in one store write.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord, Item } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { feedDefinition, item, subscription, T0 } from '../store/records.ts';

const HOUR = 3_600_000;
let store: SqliteStore;
let deps: BatchDependencies;
let storyNumber: number;

async function polled(feedId: string, items: Item[]): Promise<PolledFeed> {
  const feed = (await store.getFeed(feedId)) as FeedRecord;
  return { feed: { ...feed, seeded: true }, etag: `"${feedId}-1"`, lastModified: null, title: null, items, seen: new Map() };
}

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds(['gazette', 'courier', 'herald'].map((id) => feedDefinition({ id })), T0);
  const router = new SubscriptionRouter({});
  const ferry = subscription({ id: 'sub-ferry', query: 'ferry', storyPolicy: 'ignore' });
  await store.addSubscription(ferry);
  router.load([ferry], {});
  storyNumber = 0;
  deps = {
    store,
    router,
    stories: new StoryIndex({ windowMs: 48 * HOUR, titleThreshold: 0.7, leadThreshold: 0.5 }),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => T0,
    newStoryId: () => `story-${(storyNumber += 1)}`,
  };
});

describe('commitBatch', () => {
  it('three outlets carrying one wire story in one batch make one story, one alert, three sources', async () => {
    const wire = (feedId: string, sourceName: string) =>
      item({ feedId, key: `${feedId}-ferry`, url: 'https://wire.example.test/ferry', link: `https://www.wire.example.test/ferry/?via=${feedId}`, sourceName });
    const write = vi.spyOn(store, 'commitPolls');
    const batch = await Promise.all([
      polled('gazette', [wire('gazette', 'Harbour Gazette')]),
      polled('courier', [wire('courier', 'Valley Courier')]),
      polled('herald', [wire('herald', 'Coast Herald')]),
    ]);

    const results = await commitBatch(batch, deps);

    expect(write).toHaveBeenCalledTimes(1);
    expect(results).toEqual([
      { newItems: 1, editedItems: 0, storiesJoined: 0, alertsQueued: 1 },
      { newItems: 1, editedItems: 0, storiesJoined: 1, alertsQueued: 0 },
      { newItems: 1, editedItems: 0, storiesJoined: 1, alertsQueued: 0 },
    ]);
    expect((await store.getStory('story-1'))?.sources.map((source) => source.sourceName)).toEqual(['Harbour Gazette', 'Valley Courier', 'Coast Herald']);
    const [alerted] = await store.listOutbox();
    expect([alerted?.alert.storyId, alerted?.alert.kind]).toEqual(['story-1', 'new']);
    // The outlet links to its item as published, like the headline.
    expect(alerted?.alert.sources).toEqual([{ name: 'Harbour Gazette', url: 'https://www.wire.example.test/ferry/?via=gazette' }]);
  });

  it('a feed removed before the write gets null; the others of the batch are stored', async () => {
    const batch = [
      await polled('gazette', [item({ feedId: 'gazette', key: 'g1', url: 'https://gazette.example.test/1' })]),
      await polled('courier', [item({ feedId: 'courier', key: 'c1', url: 'https://courier.example.test/1', title: 'Ferry timetable changes on the valley line next week' })]),
    ];
    await store.removeFeed('gazette');

    const results = await commitBatch(batch, deps);

    expect(results[0]).toBeNull();
    expect(results[1]).toMatchObject({ newItems: 1 });
    expect([...(await store.seenItems('courier', ['c1'])).keys()]).toEqual(['c1']);
  });
});
