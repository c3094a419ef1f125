// A simulated year of daily polls through the real commit path (commitBatch) with retention
// pruning daily, on fake time: rows stop growing once retention catches up, and no item a feed
// keeps serving (pinned all year, or dropped for a while and back) is ever taken for new again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { Item } from '../../src/domain/types.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { pruneCutoffs, pruneStore } from '../../src/scheduler/retention.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { feedDefinition, item, subscription, T0 } from '../store/records.ts';

const DAY = 86_400_000;
const FEEDS = ['gazette', 'courier', 'herald', 'beacon'];
const NEW_PER_DAY = 2;
/** Newest items a page lists besides its pinned and recurring ones. */
const PAGE = 10;
/** The recurring item is listed 30 days of every 40: gone 10 days, less than retention.seenItems. */
const RECUR_PERIOD = 40;
const RECUR_SHOWN = 30;
const WORDS = ['tide', 'pier', 'gull', 'buoy', 'mast', 'reef', 'cove', 'dune', 'kelp', 'wharf', 'quay', 'hull', 'sail'];

function words(n: number): string {
  const out: string[] = [];
  for (let rest = n; out.length < 4; rest = Math.floor(rest / WORDS.length)) out.push(WORDS[rest % WORDS.length]!);
  return out.join(' ');
}

function feedItem(feedId: string, key: string, n: number): Item {
  return item({ feedId, key, title: `Ferry ${words(n)} ${key}`, text: `${words(n * 7 + 3)} ${key} crossing notes`, summary: key, sourceName: feedId });
}

/** What the feed lists on `day`: its newest items, its pinned item, and on most days its recurring one. */
function page(feedId: string, day: number): Item[] {
  const newest = Array.from({ length: PAGE }, (_, n) => day * NEW_PER_DAY + NEW_PER_DAY - 1 - n)
    .filter((serial) => serial >= 0)
    .map((serial) => feedItem(feedId, `${feedId}-${serial}`, serial));
  const recurring = day % RECUR_PERIOD < RECUR_SHOWN ? [feedItem(feedId, `${feedId}-recurring`, 900_001)] : [];
  return [...newest, feedItem(feedId, `${feedId}-pinned`, 900_000), ...recurring];
}

let store: SqliteStore;
let deps: BatchDependencies;
let now: number;

beforeEach(async () => {
  store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds(FEEDS.map((id) => feedDefinition({ id })), T0);
  const everything = subscription({ id: 'sub-ferry', query: 'ferry', storyPolicy: 'ignore' });
  await store.addSubscription(everything);
  const router = new SubscriptionRouter({});
  router.load([everything], {});
  let storyNumber = 0;
  deps = {
    store,
    router,
    stories: new StoryIndex({ windowMs: 2 * DAY, titleThreshold: 0.7, leadThreshold: 0.5 }),
    backfill: PAGE,
    templateFor: () => null,
    log: silentLogger(),
    now: () => now,
    newStoryId: () => `story-${(storyNumber += 1)}`,
  };
});
afterEach(() => store.close());

/** One day: every feed polled once (new items only are written, as pollFeed does), every alert sent, then pruning. */
async function simulateDay(day: number): Promise<number> {
  now = T0 + day * DAY;
  const batch = await Promise.all(
    FEEDS.map(async (feedId) => {
      const listed = page(feedId, day);
      const seen = await store.seenItems(feedId, listed.map((listedItem) => listedItem.key));
      const feed = (await store.getFeed(feedId))!;
      return { feed, etag: null, lastModified: null, title: null, items: listed.filter((listedItem) => !seen.has(listedItem.key)), seen };
    }),
  );
  const committed = await commitBatch(batch, deps);
  for (const entry of await store.claimDueOutbox(now, 10_000, now + DAY)) {
    await store.markSent(entry.id, { platform: 'slack', channel: entry.alert.channel, id: `m-${entry.id}` }, now);
  }
  await pruneStore(store, pruneCutoffs(parseConfigText('feeds: []\n', {}, 'year.yaml'), now), silentLogger());
  return committed.reduce((sum, result) => sum + (result?.newItems ?? 0), 0);
}

interface Counts {
  seenItems: number;
  stories: number;
  outbox: number;
}

async function rowCounts(day: number): Promise<Counts> {
  let seenItems = 0;
  for (const feedId of FEEDS) {
    const everKeys = [`${feedId}-pinned`, `${feedId}-recurring`, ...Array.from({ length: (day + 1) * NEW_PER_DAY }, (_, serial) => `${feedId}-${serial}`)];
    seenItems += (await store.seenItems(feedId, everKeys)).size;
  }
  return { seenItems, stories: (await store.recentStories(0)).length, outbox: (await store.listOutbox()).length };
}

describe('a year of polls with retention', () => {
  it('keeps row counts flat and never takes a still-listed item for new again', async () => {
    let newItems = 0;
    const early: Counts[] = [];
    const late: Counts[] = [];
    for (let day = 0; day < 365; day += 1) {
      newItems += await simulateDay(day);
      // Sampled once retention has caught up (the longest default age is 30 days), then late in the year.
      if (day >= 60 && day < 180 && day % 10 === 0) early.push(await rowCounts(day));
      if (day >= 245 && day % 10 === 5) late.push(await rowCounts(day));
    }

    // Every item counted new exactly once: the daily ones, each feed's pinned and recurring one.
    expect(newItems).toBe(FEEDS.length * (365 * NEW_PER_DAY + 2));
    for (const kind of ['seenItems', 'stories', 'outbox'] as const) {
      const most = (samples: Counts[]) => Math.max(...samples.map((sample) => sample[kind]));
      expect({ kind, late: most(late) }).toEqual({ kind, late: Math.min(most(late), most(early)) });
    }
    // What stays is about one retention period of items, not a year of them.
    expect(late.every((sample) => sample.seenItems < FEEDS.length * 40 * NEW_PER_DAY)).toBe(true);
  });
});
