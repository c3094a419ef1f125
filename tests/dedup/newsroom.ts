// A channel that follows every item of some feeds, through the real normalize -> commitBatch
// path on an in-memory SQLite store: what the issue-16 cases are measured in is messages (new
// alerts) and updates, not story ids.
import { parseFingerprint } from '../../src/dedup/fingerprint.ts';
import { StoryIndex } from '../../src/dedup/story-index.ts';
import { OutboxWorker } from '../../src/deliver/outbox-worker.ts';
import type { FeedRecord, OutboxEntry, ParsedFeed, RawEntry, Story, Subscription } from '../../src/domain/types.ts';
import { isUnchangedEntry, prepareFeed } from '../../src/feeds/normalize.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { commitBatch, type BatchDependencies } from '../../src/pipeline/commit-batch.ts';
import { SubscriptionRouter } from '../../src/pipeline/subscription-router.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { ScriptedPlatform } from '../deliver/scripted-platform.ts';
import { feedDefinition, subscription, T0 } from '../store/records.ts';

const HOUR = 3_600_000;
const WINDOW = 48 * HOUR;

const newIndex = (): StoryIndex => new StoryIndex({ windowMs: WINDOW, titleThreshold: 0.7, leadThreshold: 0.5 });

/** A stored fingerprint as Herald stored it before stories kept members and feeds: `m1.<title>.<lead>` of its first item. */
function legacyForm(fingerprint: string | null): string | null {
  const first = parseFingerprint(fingerprint)?.members[0];
  if (!first) return fingerprint;
  const part = (signature: Uint16Array | null) => (signature ? Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64url') : '');
  return `m1.${part(first.title)}.${part(first.lead)}`;
}

export function entry(fields: Partial<RawEntry>): RawEntry {
  return { guid: null, link: null, title: null, contentHtml: null, summaryHtml: null, published: null, categories: [], author: null, image: null, ...fields } as RawEntry;
}

export interface Newsroom {
  /** One poll of several feeds in one batch; each feed lists its entries (old ones included). */
  poll(feeds: Record<string, RawEntry[]>): Promise<void>;
  /** Another process on the same store: its index read from the store now, then kept on its own. */
  secondProcess(): Promise<Pick<Newsroom, 'poll'>>;
  /** The story as the store has it (through an alias: the story it was merged into). */
  story(id: string): Promise<Story | null>;
  /** The channel's outbox: new messages and updates, in order. */
  outbox(): Promise<OutboxEntry[]>;
  /** The headlines of the new messages. */
  messages(): Promise<string[]>;
  /**
   * A new process: the story index rebuilt from the store, as Herald.start does. `legacy`: as
   * after an upgrade, every stored fingerprint in the single-item form of earlier versions
   * (no feeds), and, with `withoutSources`, the index not told the stories' feeds either.
   */
  restart(options?: { legacy?: boolean; withoutSources?: boolean }): Promise<void>;
  /** Time passes; stories that leave the window leave the index, as in Herald.poll. */
  wait(ms: number): void;
  /** The outbox worker sends what is due to `platform`, as after a poll of Herald. */
  deliver(): Promise<void>;
  /** What the channels received: posts and edits. */
  platform: ScriptedPlatform;
}

/** `subscriptions`: the channels' subscriptions; by default one channel that follows every item. */
export async function newsroom(feedIds: string[], subscriptions?: Subscription[]): Promise<Newsroom> {
  const store = SqliteStore.open(':memory:');
  await store.migrate();
  await store.syncConfigFeeds(feedIds.map((id) => feedDefinition({ id, name: `Outlet ${id}` })), T0);
  const router = new SubscriptionRouter({});
  const following = subscriptions ?? [subscription({ id: 'sub-all', query: '', storyPolicy: 'update' })];
  for (const followed of following) await store.addSubscription(followed);
  router.load(following, {});
  let storyNumber = 0;
  let clock = T0;
  const deps: BatchDependencies = {
    store,
    router,
    stories: newIndex(),
    backfill: 0,
    templateFor: () => null,
    log: silentLogger(),
    now: () => clock,
    newStoryId: () => `story-${(storyNumber += 1)}`,
  };
  const outbox = async (): Promise<OutboxEntry[]> => store.listOutbox();
  const platform = new ScriptedPlatform();
  const worker = new OutboxWorker(store, new Map([['slack', platform]]), silentLogger(), undefined, () => clock);
  async function pollWith(process: BatchDependencies, feeds: Record<string, RawEntry[]>): Promise<void> {
    clock += HOUR;
      const batch = await Promise.all(
        Object.entries(feeds).map(async ([feedId, entries]) => {
          const feed = (await store.getFeed(feedId)) as FeedRecord;
          const parsed: ParsedFeed = { format: 'rss', title: null, link: null, entries };
          const prepared = prepareFeed(parsed, feed, { summaryLength: 280, maxItems: 500, now: clock });
          const seen = await store.seenItems(feedId, prepared.entries.map((e) => e.key));
          const items = prepared.items((e) => {
            const stored = seen.get(e.key);
            return stored === undefined || !isUnchangedEntry(stored.contentHash, e);
          });
          return { feed: { ...feed, seeded: true }, etag: null, lastModified: null, title: null, items, seen };
        }),
      );
      await commitBatch(batch, process);
  }
  async function loadedIndex(options: { legacy?: boolean; withoutSources?: boolean } = {}): Promise<StoryIndex> {
    const index = newIndex();
    for (const story of await store.recentStories(clock - WINDOW)) {
      const fingerprint = options.legacy ? legacyForm(story.fingerprint) : story.fingerprint;
      const sourceFeeds = options.withoutSources ? [] : story.sources.map((source) => source.feedId);
      index.add({ id: story.id, fingerprint, updatedAt: story.updatedAt, sourceFeeds });
    }
    return index;
  }
  return {
    poll: (feeds) => pollWith(deps, feeds),
    async secondProcess() {
      const process: BatchDependencies = { ...deps, stories: await loadedIndex() };
      return { poll: (feeds) => pollWith(process, feeds) };
    },
    story: (id) => store.getStory(id),
    outbox,
    platform,
    async deliver() {
      await worker.drain();
    },
    async messages() {
      return (await outbox()).filter((e) => e.alert.kind === 'new').map((e) => e.alert.item.title);
    },
    wait(ms) {
      clock += ms;
      deps.stories.prune(clock);
    },
    async restart(options = {}) {
      deps.stories = await loadedIndex(options);
    },
  };
}
