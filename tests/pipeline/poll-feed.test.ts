// pollFeed against a local feed server and an in-memory SQLite store: which entries of a changed
// feed get cleaned and stored, and how hashes stored before the raw part are handled.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies } from '../../src/pipeline/commit-batch.ts';
import { pollFeed, type PollDependencies } from '../../src/pipeline/poll-feed.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { PollCommit } from '../../src/store/store.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2024, 5, 20, 12);

function rss(entries: { id: string; title: string; body: string; published?: string }[]): string {
  const items = entries
    .map(
      (e) =>
        `<item><guid>${e.id}</guid><link>https://orchard.test/${e.id}</link><title>${e.title}</title><description><![CDATA[${e.body}]]></description>` +
        `<pubDate>${e.published ?? 'Wed, 19 Jun 2024 08:00:00 GMT'}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Orchard Almanac</title><link>https://orchard.test/</link>${items}</channel></rss>`;
}

const PEAR = { id: 'pear-harvest', title: 'Pear harvest starts early in the valley', body: '<p>Growers began picking a week ahead of the usual date.</p>' };
const FROST = { id: 'frost-warning', title: 'Frost warning for upland orchards', body: '<p>Night temperatures may fall below zero on Thursday.</p>' };
const CIDER = { id: 'cider-fair', title: 'Cider fair moves to the old mill', body: '<p>The autumn fair needs a bigger hall this year.</p>' };

let server: FeedServer;
let store: SqliteStore;
let commits: PollCommit[];
let feed: FeedRecord;

function deps(backfill = 0): PollDependencies {
  const batch: BatchDependencies = {
    store,
    router: new SubscriptionRouter({}),
    stories: new StoryIndex({ windowMs: 48 * HOUR, titleThreshold: 0.8, leadThreshold: 0.8 }),
    backfill,
    templateFor: () => null,
    log: silentLogger(),
    now: () => NOW,
  };
  return {
    store,
    limits: { timeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivateAddresses: true, allowedPorts: [server.port], userAgent: 'HeraldTest/1' },
    summaryLength: 280,
    maxItems: 50,
    seeding: { backfill, windowMs: 48 * HOUR },
    commit: async (polled) => (await commitBatch([polled], batch))[0]!,
    recordNotModified: (poll) => void store.recordNotModified([poll]),
    log: silentLogger(),
    now: () => NOW,
  };
}

async function poll(backfill = 0): Promise<PollCommit> {
  const report = await pollFeed(feed, deps(backfill), (fetch) => fetch());
  expect(report.error).toBeNull();
  feed = (await store.getFeed(feed.id))!;
  return commits.at(-1)!;
}

beforeEach(async () => {
  server = await startFeedServer();
  store = SqliteStore.open(':memory:');
  await store.migrate();
  feed = (await store.addFeed({ id: 'orchard', url: server.url('/feed.xml'), name: null, intervalMs: HOUR }, NOW))!;
  commits = [];
  const commitPolls = store.commitPolls.bind(store);
  vi.spyOn(store, 'commitPolls').mockImplementation(async (batch) => {
    commits.push(...batch.filter((commit) => !commit.storiesOnly));
    return commitPolls(batch);
  });
});
afterEach(async () => {
  await store.close();
  await server.close();
});

describe('pollFeed on a changed feed', () => {
  it('stores only the new entry and the edited one, and counts the edit', async () => {
    server.route('/feed.xml', { body: rss([PEAR, FROST]) });
    expect((await poll()).items.map(({ item }) => item.key)).toEqual(['guid:pear-harvest', 'guid:frost-warning']);

    const frostEdited = { ...FROST, body: '<p>Night temperatures may fall to minus four on Thursday.</p>' };
    server.route('/feed.xml', { body: rss([CIDER, PEAR, frostEdited]) });
    const report = await pollFeed(feed, deps(), (fetch) => fetch());
    expect(report).toMatchObject({ items: 3, newItems: 1, editedItems: 1 });
    expect(commits.at(-1)!.items.map(({ item }) => item.key).sort()).toEqual(['guid:cider-fair', 'guid:frost-warning']);
  });

  it('re-stores an entry whose stored hash predates the raw part, without calling it an edit', async () => {
    server.route('/feed.xml', { body: rss([PEAR, FROST]) });
    const seeded = await poll();
    // A database written before contentHash had its raw part: only the cleaned hash is stored.
    const seenItems = store.seenItems.bind(store);
    vi.spyOn(store, 'seenItems').mockImplementation(async (feedId, keys) => {
      const seen = await seenItems(feedId, keys);
      return new Map([...seen].map(([key, item]) => [key, { ...item, contentHash: item.contentHash.split(':')[0]! }]));
    });

    server.route('/feed.xml', { body: rss([CIDER, PEAR, FROST]) });
    const report = await pollFeed(feed, deps(), (fetch) => fetch());
    expect(report).toMatchObject({ newItems: 1, editedItems: 0 });
    const stored = new Map(commits.at(-1)!.items.map(({ item, storyId }) => [item.key, { hash: item.contentHash, storyId }]));
    for (const { item, storyId } of seeded.items) expect(stored.get(item.key)).toEqual({ hash: item.contentHash, storyId });
    expect(stored.has('guid:cider-fair')).toBe(true);
  });
});

describe('pollFeed outcome', () => {
  it('tells a poll whose new items matched nothing (unmatched) from one with nothing new (unchanged)', async () => {
    server.route('/feed.xml', { body: rss([PEAR]) });
    expect((await pollFeed(feed, deps(), (fetch) => fetch())).outcome).toBe('seeded');
    feed = (await store.getFeed(feed.id))!;

    server.route('/feed.xml', { body: rss([FROST, PEAR]) });
    expect(await pollFeed(feed, deps(), (fetch) => fetch())).toMatchObject({ outcome: 'unmatched', newItems: 1, alertsQueued: 0 });
    feed = (await store.getFeed(feed.id))!;

    // Another body (the server would answer the same one 304), with the same two entries.
    server.route('/feed.xml', { body: rss([PEAR, FROST]) });
    expect(await pollFeed(feed, deps(), (fetch) => fetch())).toMatchObject({ outcome: 'unchanged', newItems: 0 });
  });
});

describe('pollFeed on a feed that sends no validators', () => {
  it('records a body identical to the last committed one as unchanged, without parsing or committing it', async () => {
    server.route('/feed.xml', { body: rss([PEAR, FROST]), etag: false });
    await poll();
    expect(feed.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    const seenItems = vi.spyOn(store, 'seenItems');
    const recorded = vi.spyOn(store, 'recordNotModified');

    const report = await pollFeed(feed, deps(), (fetch) => fetch());
    expect(report).toMatchObject({ outcome: 'unchanged', items: 0, prepareMs: null });
    expect(commits).toHaveLength(1);
    expect(seenItems).not.toHaveBeenCalled();
    expect(recorded).toHaveBeenCalledWith([{ feedId: 'orchard', now: NOW, nextPollAt: NOW + HOUR }]);
  });

  it('parses and commits a body that differs, and remembers its hash', async () => {
    server.route('/feed.xml', { body: rss([PEAR, FROST]), etag: false });
    await poll();
    const firstHash = feed.bodyHash;

    server.route('/feed.xml', { body: rss([CIDER, PEAR, FROST]), etag: false });
    expect((await poll()).items.map(({ item }) => item.key)).toEqual(['guid:cider-fair']);
    expect(feed.bodyHash).not.toBe(firstHash);
  });
});

describe('a first poll of entries older than dedup.window', () => {
  // Five days before NOW: outside the 48 h window. PEAR keeps the default date, inside it.
  const OLD = 'Sat, 15 Jun 2024 08:00:00 GMT';
  const oldFrost = { ...FROST, published: OLD };
  const oldCider = { ...CIDER, published: 'Fri, 14 Jun 2024 08:00:00 GMT' };

  it('records them as seen without a story, and opens stories only for entries inside the window', async () => {
    server.route('/feed.xml', { body: rss([PEAR, oldFrost, oldCider]) });
    const commit = await poll();
    expect(commit.items.map(({ item }) => item.key)).toEqual(['guid:pear-harvest']);
    expect(commit.recorded).toEqual([
      { key: 'guid:frost-warning', contentHash: expect.stringMatching(/^:[0-9a-f]{64}$/), previousHash: null },
      { key: 'guid:cider-fair', contentHash: expect.stringMatching(/^:[0-9a-f]{64}$/), previousHash: null },
    ]);
    const seen = await store.seenItems(feed.id, ['guid:pear-harvest', 'guid:frost-warning', 'guid:cider-fair']);
    expect(seen.get('guid:frost-warning')?.storyId).toBeNull();
    expect(seen.get('guid:cider-fair')?.storyId).toBeNull();
    expect(seen.get('guid:pear-harvest')?.storyId).toBe(commit.stories[0]!.id);
    expect((await store.recentStories(0)).map((story) => story.title)).toEqual([PEAR.title]);
  });

  it('still cleans and stories the newest `backfill` entries, however old, since they alert', async () => {
    server.route('/feed.xml', { body: rss([oldFrost, oldCider]) });
    const commit = await poll(1);
    expect(commit.items.map(({ item }) => item.key)).toEqual(['guid:frost-warning']);
    expect(commit.recorded?.map(({ key }) => key)).toEqual(['guid:cider-fair']);
  });

  it('an edit of a recorded entry is recorded again, not cleaned nor called an edit; a late entry on a seeded feed is new as ever', async () => {
    server.route('/feed.xml', { body: rss([oldFrost, oldCider]) });
    const first = await poll();
    const frostEdited = { ...oldFrost, body: '<p>Night temperatures may fall to minus four on Thursday.</p>' };
    const lateEntry = { ...PEAR, published: OLD };
    server.route('/feed.xml', { body: rss([frostEdited, lateEntry, oldCider]) });
    const report = await pollFeed(feed, deps(), (fetch) => fetch());
    expect(report).toMatchObject({ newItems: 1, editedItems: 0 });
    const next = commits.at(-1)!;
    expect(next.items.map(({ item }) => item.key)).toEqual(['guid:pear-harvest']);
    const frostBefore = first.recorded!.find(({ key }) => key === 'guid:frost-warning')!;
    expect(next.recorded).toEqual([{ key: 'guid:frost-warning', contentHash: expect.stringMatching(/^:/), previousHash: frostBefore.contentHash }]);
    expect(next.recorded![0]!.contentHash).not.toBe(frostBefore.contentHash);
    const seen = await store.seenItems(feed.id, ['guid:frost-warning']);
    expect(seen.get('guid:frost-warning')).toMatchObject({ contentHash: next.recorded![0]!.contentHash, storyId: null });
  });
});
