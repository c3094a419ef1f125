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

function rss(entries: { id: string; title: string; body: string }[]): string {
  const items = entries
    .map((e) => `<item><guid>${e.id}</guid><link>https://orchard.test/${e.id}</link><title>${e.title}</title><description><![CDATA[${e.body}]]></description><pubDate>Wed, 19 Jun 2024 08:00:00 GMT</pubDate></item>`)
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

function deps(): PollDependencies {
  const batch: BatchDependencies = {
    store,
    router: new SubscriptionRouter({}),
    stories: new StoryIndex({ windowMs: 48 * HOUR, titleThreshold: 0.8, leadThreshold: 0.8 }),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => NOW,
  };
  return {
    store,
    limits: { timeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivateAddresses: true, allowedPorts: [server.port], userAgent: 'HeraldTest/1' },
    summaryLength: 280,
    maxItems: 50,
    commit: async (polled) => (await commitBatch([polled], batch))[0]!,
    recordNotModified: (poll) => void store.recordNotModified([poll]),
    log: silentLogger(),
    now: () => NOW,
  };
}

async function poll(): Promise<PollCommit> {
  const report = await pollFeed(feed, deps(), (fetch) => fetch());
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
    commits.push(...batch);
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
