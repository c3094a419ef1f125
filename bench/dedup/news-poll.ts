// A large poll of new items as the poll benches feed it to commitBatch: a corpus with the shapes
// that made issue 16's 7,202-item poll grow (wire stories carried by 2-5 outlets, outlets whose
// every description opens with the site's blurb, podcasts whose episodes share one link,
// recurring column titles), a SQLite store holding its feeds, one subscription that takes
// everything, and the cleaned feeds ready to commit.
import type { FeedRecord, ParsedFeed, RawEntry, Subscription } from '../../src/domain/types.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { prepareFeed } from '../../src/feeds/normalize.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import type { BatchDependencies, PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { newsSentence, random, sentence, words } from './synthetic.ts';

export const ITEMS_PER_FEED = 20;
const NOW = 1_700_000_000_000;

export interface NewsCorpus {
  entries: Map<string, RawEntry[]>;
  stories: number;
}

interface Story {
  title: string;
  lead: string;
}

/** Feeds of one poll: each outlet's own stories, wire stories shared by 2-5 outlets, and the shapes above. */
export function newsCorpus(feeds: number): NewsCorpus {
  const entries = new Map<string, RawEntry[]>(Array.from({ length: feeds }, (_, f) => [`feed-${f}`, []]));
  const ids = [...entries.keys()];
  const blurbs = new Map(ids.filter((_, f) => f % 5 === 0).map((id) => [id, `${sentence(16)} ${sentence(8)}`]));
  const podcasts = new Set(ids.filter((_, f) => f % 17 === 3));
  let n = 0;
  const placed = new Set<Story>();
  const push = (feedId: string, story: Story, suffix: string): void => {
    const list = entries.get(feedId)!;
    // One outlet carries a story once; a full feed takes no more.
    if (list.length >= ITEMS_PER_FEED || list.some((entry) => entry.title?.startsWith(story.title))) return;
    placed.add(story);
    const blurb = blurbs.get(feedId);
    const link = podcasts.has(feedId) ? `https://${feedId}.example/show` : `https://${feedId}.example/story/${n}`;
    list.push({
      guid: `${feedId}-${n++}`,
      link,
      title: `${story.title}${suffix}`,
      contentHtml: null,
      image: null,
      summaryHtml: `<p>${blurb ? `${blurb} ` : ''}${story.lead}</p><p>${newsSentence(30)}</p>`,
      published: new Date(NOW - n * 60_000).toUTCString(),
      categories: [],
      author: null,
    });
  };
  // A third of the items are wire copies, the rest each outlet's own.
  while ([...entries.values()].some((list) => list.length < ITEMS_PER_FEED)) {
    const story: Story = { title: random() < 0.05 ? `Evening roundup ${Math.floor(random() * 50)} the day in five stories` : words(9), lead: `${newsSentence(20)} ${newsSentence(18)}` };
    if (random() < 0.15) {
      const outlets = 2 + Math.floor(random() * 4);
      for (let i = 0; i < outlets; i++) push(ids[Math.floor(random() * ids.length)]!, story, i === 0 ? '' : ` - Outlet ${i}`);
    } else {
      const open = ids.filter((id) => entries.get(id)!.length < ITEMS_PER_FEED);
      push(open[Math.floor(random() * open.length)]!, story, '');
    }
  }
  return { entries, stories: placed.size };
}

/** `store` (migrated, empty) made ready for the corpus's poll: its feeds, a subscription taking everything, commitBatch's dependencies. */
export async function newsPollSetup(store: SqliteStore, { entries }: NewsCorpus): Promise<{ deps: BatchDependencies; feeds: FeedRecord[] }> {
  await store.syncConfigFeeds([...entries.keys()].map((id) => ({ id, url: `https://${id}.example/rss`, name: id, intervalMs: 600_000 })), NOW);
  const router = new SubscriptionRouter({});
  const everything: Subscription = { id: 'sub-all', platform: 'console', workspace: 'bench', channel: 'all', feeds: null, query: '', topic: null, digest: null, storyPolicy: 'update', createdBy: 'bench', paused: false, pausedReason: null, createdAt: NOW, managedByConfig: true };
  await store.addSubscription(everything);
  router.load([everything], {});
  let next = 0;
  const deps: BatchDependencies = {
    store,
    router,
    stories: new StoryIndex({ windowMs: 48 * 3_600_000, titleThreshold: 0.7, leadThreshold: 0.5 }),
    backfill: ITEMS_PER_FEED,
    templateFor: () => null,
    log: silentLogger(),
    now: () => NOW,
    newStoryId: () => `s${next++}`,
  };
  const feeds = await Promise.all([...entries.keys()].map(async (id) => (await store.getFeed(id)) as FeedRecord));
  return { deps, feeds };
}

/** `feed`'s entries of the corpus, cleaned as a poll cleans them, ready for commitBatch. */
export function polledFeed(feed: FeedRecord, { entries }: NewsCorpus): PolledFeed {
  const parsed: ParsedFeed = { format: 'rss', title: feed.id, link: null, entries: entries.get(feed.id)! };
  const items = prepareFeed(parsed, feed, { summaryLength: 280, maxItems: 100, now: NOW }).items(() => true);
  return { feed: { ...feed, seeded: true }, etag: null, lastModified: null, title: feed.id, items, seen: new Map() };
}
