// Story assignment, alert planning and the store write for a batch of changed feeds. Batches run
// one at a time (GroupCommit), so two outlets' copies of a story polled in parallel join one
// story instead of racing to start two; across processes the store's unique keys keep alerts
// single. However many feeds a batch holds, it costs one story-URL lookup, one alerted-stories
// lookup per matched subscription and one store write: round trips, not feeds, are what a
// batch waits on (and, on SQLite, commits).
import { randomUUID } from 'node:crypto';
import { assignStory, type StoryAssignment } from '../dedup/assign.ts';
import { canonicalUrl, storedUrlForms } from '../dedup/canonical-url.ts';
import type { StoryIndex } from '../dedup/story-index.ts';
import type { FeedRecord, Item, Story, StorySource, Subscription } from '../domain/types.ts';
import { isContentEdit } from '../feeds/normalize.ts';
import type { Logger } from '../observability/logger.ts';
import type { PollCommit, SeenItem, Store } from '../store/store.ts';
import { planAlerts, type ItemOutcome, type PlannedAlert } from './alert-plan.ts';
import type { SubscriptionRouter } from './subscription-router.ts';

/** A changed feed, fetched, parsed and cleaned, waiting for its stories and alerts. */
export interface PolledFeed {
  feed: FeedRecord;
  etag: string | null;
  lastModified: string | null;
  /** The feed's own title, when it has one. */
  title: string | null;
  /** The entries that are new or whose content changed, cleaned. */
  items: Item[];
  /** What the store already had of the feed's entries, by key. */
  seen: Map<string, SeenItem>;
}

export interface CommittedFeed {
  newItems: number;
  editedItems: number;
  storiesJoined: number;
  alertsQueued: number;
}

export interface BatchDependencies {
  store: Store;
  router: SubscriptionRouter;
  stories: StoryIndex;
  /** How many of a new feed's newest items alert on its first poll; the rest are only seeded. */
  backfill: number;
  templateFor: (subscription: Subscription) => string | null;
  log: Logger;
  now?: () => number;
  newStoryId?: () => string;
}

/** Stories of the batch so far: later feeds join what earlier feeds of the same batch started. */
interface BatchStories {
  byUrl: Map<string, string>;
  loaded: Map<string, Story>;
  at: number;
}

/** A feed's items by what the store already knew of them. */
interface SortedItems {
  fresh: Item[];
  /** Seen before, with other content now. */
  edited: StoredItem[];
  /**
   * Seen entries whose raw form changed but whose cleaned text did not (or whose hash predates
   * the raw part): stored again with the new hash so the next poll skips cleaning them.
   */
  rehashed: StoredItem[];
}

type StoredItem = { item: Item; storyId: string };

function sortItems({ items, seen }: PolledFeed): SortedItems {
  const sorted: SortedItems = { fresh: [], edited: [], rehashed: [] };
  for (const item of items) {
    const stored = seen.get(item.key);
    if (stored === undefined) sorted.fresh.push(item);
    else if (isContentEdit(stored.contentHash, item.contentHash)) sorted.edited.push({ item, storyId: stored.storyId });
    else sorted.rehashed.push({ item, storyId: stored.storyId });
  }
  return sorted;
}

/** Per feed, in order: what was stored, or null when the feed was removed meanwhile. */
export async function commitBatch(batch: PolledFeed[], deps: BatchDependencies): Promise<(CommittedFeed | null)[]> {
  const at = (deps.now ?? Date.now)();
  const sorted = batch.map(sortItems);
  const urls = sorted.flatMap(({ fresh }) => fresh.flatMap((item) => (item.url ? storedUrlForms(item.url) : [])));
  // Stored under an older canonical form (`http:`), a story is found under today's.
  const byUrl = new Map([...(await deps.store.storiesByUrl(urls))].map(([url, storyId]) => [canonicalUrl(url) ?? url, storyId]));
  const stories: BatchStories = { byUrl, loaded: new Map(), at };
  const settled: ItemOutcome[][] = [];
  for (const { fresh, edited } of sorted) {
    const outcomes = [...(await assignFreshItems(fresh, stories, deps)), ...(await editedOutcomes(edited, stories, deps))];
    // Later items of the same feed may have grown a story after an earlier outcome captured it;
    // what later feeds of the batch add is theirs, as if they had been polled after this one.
    settled.push(outcomes.map((outcome) => ({ ...outcome, story: stories.loaded.get(outcome.story.id) ?? outcome.story })));
  }
  const alerts = await planBatch(
    batch.map(({ feed }, index) => alertable(feed, settled[index]!, deps.backfill)),
    deps,
  );
  const queued = await deps.store.commitPolls(batch.map((polled, index) => pollCommit(polled, settled[index]!, sorted[index]!.rehashed, alerts[index]!, at)));
  return batch.map((_, index) => {
    const alertsQueued = queued[index];
    if (alertsQueued === null || alertsQueued === undefined) return null;
    return {
      newItems: sorted[index]!.fresh.length,
      editedItems: sorted[index]!.edited.length,
      storiesJoined: settled[index]!.filter((outcome) => outcome.kind === 'joined-story').length,
      alertsQueued,
    };
  });
}

function pollCommit(polled: PolledFeed, outcomes: ItemOutcome[], rehashed: StoredItem[], alerts: PlannedAlert[], at: number): PollCommit {
  const { feed } = polled;
  return {
    feedId: feed.id,
    now: at,
    etag: polled.etag,
    lastModified: polled.lastModified,
    title: polled.title,
    nextPollAt: at + feed.intervalMs,
    items: [...outcomes.map((outcome) => ({ item: outcome.item, storyId: outcome.story.id })), ...rehashed],
    stories: [...new Map(outcomes.map((outcome) => [outcome.story.id, outcome.story])).values()],
    alerts,
  };
}

// A new feed's first poll remembers everything and alerts only the newest `backfill` items, so
// adding a feed with 200 entries does not flood a channel. Feeds list newest first; a channel
// reads best when alerts arrive in publication order.
function alertable(feed: FeedRecord, outcomes: ItemOutcome[], backfill: number): ItemOutcome[] {
  const chosen = feed.seeded ? outcomes : outcomes.filter((outcome) => outcome.kind !== 'edited').slice(0, backfill);
  return [...chosen].reverse();
}

async function assignFreshItems(items: Item[], stories: BatchStories, deps: BatchDependencies): Promise<ItemOutcome[]> {
  const { byUrl, loaded, at } = stories;
  const outcomes: ItemOutcome[] = [];
  deps.stories.boilerplate.learn(items);
  const context = { storyIdByUrl: byUrl, index: deps.stories, now: at, newStoryId: deps.newStoryId ?? (() => randomUUID()) };
  const load = async ({ created, storyId }: StoryAssignment): Promise<Story | null> => (created ? null : (loaded.get(storyId) ?? (await deps.store.getStory(storyId))));
  for (const item of items) {
    let assignment = assignStory(item, context);
    let existing = await load(assignment);
    // Under a link the story shares, an item of a feed that already gave the story another item
    // is that feed's next item (a weekly episode under the show's link), not a copy. The index
    // knows a story's feeds while it is in the window; for an older one only its sources do.
    if (assignment.reason === 'url' && existing?.sources.some((source) => source.feedId === item.feedId && source.itemKey !== item.key)) {
      assignment = assignStory(item, { ...context, storyIdByUrl: new Map() });
      existing = await load(assignment);
    }
    if (item.url) byUrl.set(item.url, assignment.storyId);
    if (existing === null) {
      // The index can remember a story the store no longer has (pruned): it starts afresh.
      if (!assignment.created) deps.log.warn({ storyId: assignment.storyId, feedId: item.feedId }, 'story vanished from the store; starting a new one');
      const story = storyOf(assignment.storyId, item, at, assignment.fingerprint);
      loaded.set(story.id, story);
      outcomes.push({ kind: 'new-story', item, story });
      continue;
    }
    const joined: Story = { ...existing, updatedAt: at, fingerprint: assignment.fingerprint ?? existing.fingerprint, sources: addSource(existing.sources, sourceOf(item, at)) };
    loaded.set(joined.id, joined);
    outcomes.push({ kind: 'joined-story', item, story: joined });
  }
  return outcomes;
}

async function editedOutcomes(items: StoredItem[], stories: BatchStories, deps: BatchDependencies): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  for (const { item, storyId } of items) {
    const stored = stories.loaded.get(storyId) ?? (await deps.store.getStory(storyId));
    const story = stored ? { ...stored, updatedAt: stories.at } : storyOf(storyId, item, stories.at, null);
    stories.loaded.set(story.id, story);
    outcomes.push({ kind: 'edited', item, story });
  }
  return outcomes;
}

function sourceOf(item: Item, at: number): StorySource {
  return { feedId: item.feedId, itemKey: item.key, sourceName: item.sourceName, url: item.url, ...(item.link === undefined ? {} : { link: item.link }), seenAt: at };
}

function storyOf(id: string, item: Item, at: number, fingerprint: string | null): Story {
  return { id, title: item.title, url: item.url, createdAt: at, updatedAt: at, fingerprint, sources: [sourceOf(item, at)] };
}

function addSource(sources: StorySource[], source: StorySource): StorySource[] {
  const exists = sources.some((s) => s.feedId === source.feedId && s.itemKey === source.itemKey);
  return exists ? sources : [...sources, source];
}

/** The alerts of each feed of the batch, in order; an alert planned for an earlier feed is not planned again. */
async function planBatch(outcomesByFeed: ItemOutcome[][], deps: BatchDependencies): Promise<PlannedAlert[][]> {
  const matched = outcomesByFeed.map((outcomes) => outcomes.map((outcome) => ({ outcome, subscriptions: deps.router.match(outcome.item) })));
  // One store call per matched subscription with every story of the batch.
  const storyIds = new Map<string, Set<string>>();
  for (const { outcome, subscriptions } of matched.flat()) {
    for (const subscription of subscriptions) {
      const ids = storyIds.get(subscription.id) ?? new Set<string>();
      ids.add(outcome.story.id);
      storyIds.set(subscription.id, ids);
    }
  }
  const storedAlerts = new Map(
    await Promise.all([...storyIds].map(async ([subscriptionId, ids]) => [subscriptionId, await deps.store.alertedStories(subscriptionId, [...ids])] as const)),
  );
  const inBatch = new Set<string>();
  return matched.map((feedMatches) =>
    feedMatches.flatMap(({ outcome, subscriptions }) => {
      if (subscriptions.length === 0) return [];
      const alerts = planAlerts({
        outcome,
        subscriptions,
        alerted: (subscriptionId, storyId) =>
          inBatch.has(`${subscriptionId}:${storyId}`) || (storedAlerts.get(subscriptionId)?.has(storyId) ?? false),
        templateFor: deps.templateFor,
      });
      for (const alert of alerts) inBatch.add(`${alert.alert.subscriptionId}:${alert.alert.storyId}`);
      return alerts;
    }),
  );
}
