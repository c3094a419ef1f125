// One large poll of new items through normalize -> dedup -> match -> plan -> store write
// (commitBatch on an in-memory SQLite store, feeds in batches as GroupCommit forms them), at
// two sizes in one run: issue 16 saw 7,202 new items take 8.6x the time of 3,438. The corpus has
// the shapes that made that grow: wire stories carried by 2-5 outlets, outlets whose every
// description opens with the site's blurb, podcasts whose episodes share one link, recurring
// column titles. Items per poll are ~3,400 and ~7,200; each poll starts from an empty store.
// Uses only APIs main also has, so a git worktree of main runs it unchanged (before/after).
// Run: npx tsx bench/dedup/poll.ts [--runs 3]
import { parseArgs } from 'node:util';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import type { FeedRecord, ParsedFeed, RawEntry, Subscription } from '../../src/domain/types.ts';
import { prepareFeed } from '../../src/feeds/normalize.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies, type PolledFeed } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { cpuMs, median, newsSentence, random, sentence, words } from './synthetic.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const ITEMS_PER_FEED = 20;
const BATCH = 24;
const NOW = 1_700_000_000_000;

interface Story {
  title: string;
  lead: string;
}

/** Feeds of one poll: each outlet's own stories, wire stories shared by 2-5 outlets, and the shapes above. */
function corpus(feeds: number): { entries: Map<string, RawEntry[]>; stories: number } {
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

async function poll({ entries }: { entries: Map<string, RawEntry[]> }): Promise<{ cpu: number; wall: number; items: number; messages: number }> {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
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
  let items = 0;
  const time = await cpuMs(async () => {
    for (let at = 0; at < feeds.length; at += BATCH) {
      const batch: PolledFeed[] = feeds.slice(at, at + BATCH).map((feed) => {
        const parsed: ParsedFeed = { format: 'rss', title: feed.id, link: null, entries: entries.get(feed.id)! };
        const cleaned = prepareFeed(parsed, feed, { summaryLength: 280, maxItems: 100, now: NOW }).items(() => true);
        items += cleaned.length;
        return { feed: { ...feed, seeded: true }, etag: null, lastModified: null, title: feed.id, items: cleaned, seen: new Map() };
      });
      await commitBatch(batch, deps);
    }
  });
  const messages = (await store.listOutbox()).filter((entry) => entry.alert.kind === 'new').length;
  await store.close();
  return { ...time, items, messages };
}

const small = corpus(170);
const large = corpus(360);
const runs: { small: Awaited<ReturnType<typeof poll>>; large: Awaited<ReturnType<typeof poll>> }[] = [];
for (let run = 0; run < RUNS; run++) runs.push({ small: await poll(small), large: await poll(large) });
console.log(`node ${process.version}, ${RUNS} runs, each a ~3,400-item poll then a ~7,200-item poll; CPU ms (wall ms)`);
for (const name of ['small', 'large'] as const) {
  const last = runs[runs.length - 1]![name];
  const stories = (name === 'small' ? small : large).stories;
  const cpu = runs.map((run) => run[name].cpu);
  console.log(`${name}: ${last.items} items of ${stories} stories -> ${last.messages} messages, CPU median ${Math.round(median(cpu))} ms [${runs.map((run) => `${Math.round(run[name].cpu)} (${Math.round(run[name].wall)})`).join(', ')}]`);
}
const ratios = runs.map((run) => run.large.cpu / run.small.cpu);
const itemRatio = runs[0]!.large.items / runs[0]!.small.items;
console.log(`CPU time ratio large/small per run: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)} for ${itemRatio.toFixed(2)}x the items`);
