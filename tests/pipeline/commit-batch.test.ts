// commitBatch on an in-memory SQLite store: several changed feeds in one batch get the stories
// and alerts they would get polled one after another, in one store write. recordedStories
// through it: an entry a first poll recorded without a story gets the story a poll would have
// given it (its own, or the one another outlet's copy started), alerting nobody, the feed's state
// left alone.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord, Item } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies, type BatchEntry, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { recordedStories } from '../../src/pipeline/recorded-stories.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { feedDefinition, item, pollCommit, subscription, T0 } from '../store/records.ts';

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

describe('recordedStories', () => {
  const COPY_URL = 'https://wire.example.test/ferry';
  let commit: (entries: BatchEntry) => Promise<unknown>;
  beforeEach(() => {
    commit = (entries) => commitBatch([entries], deps);
  });
  const stories = () => recordedStories({ store, commit: (entries) => commit(entries).then(() => null) });

  /** The gazette's entry `key` as its first poll recorded it: seen, no story. */
  async function recorded(key: string): Promise<void> {
    await store.commitPolls([pollCommit({ feedId: 'gazette', recorded: [{ key, contentHash: ':raw', previousHash: null }] })]);
  }

  const gazetteItem = (key: string, overrides: Partial<Item> = {}): Item => item({ feedId: 'gazette', key, contentHash: `h-${key}:raw`, ...overrides });

  it('gives an entry recorded without a story one of its own: stored with its source, alerting nobody, the feed left as it was', async () => {
    await recorded('g-old');
    const feed = await store.getFeed('gazette');

    expect(await stories()('gazette', [gazetteItem('g-old')])).toEqual(new Map([['g-old', 'story-1']]));

    expect((await store.seenItems('gazette', ['g-old'])).get('g-old')).toMatchObject({ storyId: 'story-1', contentHash: 'h-g-old:raw' });
    expect((await store.getStory('story-1'))?.sources.map((source) => source.itemKey)).toEqual(['g-old']);
    // sub-ferry matches it: a poll of a new entry would have alerted.
    expect(await store.listOutbox()).toEqual([]);
    expect(await store.getFeed('gazette')).toEqual(feed);
  });

  it('joins the story another outlet started under the same link, so both are one story', async () => {
    await commitBatch([await polled('courier', [item({ feedId: 'courier', key: 'c-copy', url: COPY_URL })])], deps);
    await recorded('g-old');

    expect(await stories()('gazette', [gazetteItem('g-old', { url: COPY_URL })])).toEqual(new Map([['g-old', 'story-1']]));

    expect((await store.getStory('story-1'))?.sources.map((source) => source.feedId)).toEqual(['courier', 'gazette']);
    // The courier's copy alerted its channel when polled; the backfilled entry adds no alert.
    expect(await store.listOutbox()).toHaveLength(1);
  });

  it('answers the stories entries already have, leaves unseen ones out, and commits nothing for them', async () => {
    await commitBatch([await polled('gazette', [gazetteItem('g-new')])], deps);
    const committed = vi.fn(commit);
    commit = committed;

    expect(await stories()('gazette', [gazetteItem('g-new'), gazetteItem('g-unseen')])).toEqual(new Map([['g-new', 'story-1']]));
    expect(committed).not.toHaveBeenCalled();
  });

  it("leaves out an entry a poll recorded again before the write (its hash moved on), and a removed feed's", async () => {
    await recorded('g-old');
    commit = async (entries) => {
      await store.commitPolls([pollCommit({ feedId: 'gazette', recorded: [{ key: 'g-old', contentHash: ':edited', previousHash: ':raw' }] })]);
      return commitBatch([entries], deps);
    };

    expect(await stories()('gazette', [gazetteItem('g-old')])).toEqual(new Map());
    expect((await store.seenItems('gazette', ['g-old'])).get('g-old')).toMatchObject({ storyId: null, contentHash: ':edited' });
    expect(await store.getStory('story-1')).toBeNull();

    await store.removeFeed('gazette');
    expect(await stories()('gazette', [gazetteItem('g-old')])).toEqual(new Map());
  });

  it('a copy polled in the same batch joins the story the recorded entry gets: one story, the copy alerted once', async () => {
    await recorded('g-old');
    const gazette = (await store.getFeed('gazette')) as FeedRecord;
    const seen = await store.seenItems('gazette', ['g-old']);

    await commitBatch(
      [
        { storiesOnly: true, feed: gazette, items: [gazetteItem('g-old', { url: COPY_URL })], seen },
        await polled('courier', [item({ feedId: 'courier', key: 'c-copy', url: COPY_URL })]),
      ],
      deps,
    );

    expect((await store.getStory('story-1'))?.sources.map((source) => source.feedId)).toEqual(['gazette', 'courier']);
    expect((await store.listOutbox()).map((entry) => [entry.alert.storyId, entry.alert.item.key])).toEqual([['story-1', 'c-copy']]);
  });
});
