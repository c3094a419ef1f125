// Story assignment, alert planning and the store write for a batch of changed feeds (and of
// entries a backfill gives stories, recorded-stories.ts). Batches run
// one at a time (GroupCommit), so two outlets' copies of a story polled in parallel join one
// story instead of racing to start two; across processes the store's unique keys keep alerts
// single. However many feeds a batch holds, it costs one story-URL lookup, one lookup of the
// sentences its feeds repeat (dedup/feed-boilerplate.ts), one alerted-stories lookup per matched
// subscription and one store write: round trips, not feeds, are what a batch waits on (and, on
// SQLite, commits).
import { randomUUID } from 'node:crypto';
import { assignStory, type StoryAssignment } from '../dedup/assign.ts';
import { learnBoilerplate } from '../dedup/feed-boilerplate.ts';
import { backfillStoryId } from '../domain/backfill-story.ts';
import { canonicalUrl, storedUrlForms } from '../text/canonical-url.ts';
import type { StoryIndex } from '../dedup/story-index.ts';
import type { ChannelRef, FeedRecord, Item, OutboxEntry, Story, StorySource, Subscription } from '../domain/types.ts';
import { isContentEdit } from '../feeds/normalize.ts';
import type { Logger } from '../observability/logger.ts';
import type { OutboxStore, PollCommit, PollCommitStore, QueuedAlert, RecordedEntry, SeenItem, StoriesCommit, StoryMerge, StoryStore } from '../store/store.ts';
import { channelKey, planAlerts, type ItemOutcome } from './alert-plan.ts';
import { addSource, batchStories, finalId, loadStory, mergeBridged, redirectMerged, storyToWrite, type BatchStories } from './bridged-stories.ts';
import { planMergedMessages, unsent, type MergePlan } from './merge-plan.ts';
import type { SubscriptionRouter } from './subscription-router.ts';

/** A changed feed, fetched, parsed and cleaned, waiting for its stories and alerts. */
export interface PolledFeed {
  storiesOnly?: false;
  feed: FeedRecord;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the body, stored so an identical next body is not parsed. */
  bodyHash?: string | null;
  /** The feed's own title, when it has one. */
  title: string | null;
  /** The entries that are new or whose content changed, cleaned. */
  items: Item[];
  /** Entries recorded as seen without a story (seed-entries.ts). */
  recorded?: RecordedEntry[];
  /** What the store already had of the feed's entries, by key. */
  seen: Map<string, SeenItem>;
}

/**
 * Entries the feed's first poll recorded without a story (seed-entries.ts) that a backfill
 * alerts, cleaned: they get the stories a poll would have given them (recorded-stories.ts).
 * Nothing else of the feed changes, and nothing alerts: the backfill queues its own alerts.
 */
export interface RecordedEntries {
  storiesOnly: true;
  feed: FeedRecord;
  items: Item[];
  /** What the store has of them, by key: each recorded without a story. */
  seen: Map<string, SeenItem>;
}

export type BatchEntry = PolledFeed | RecordedEntries;

export interface CommittedFeed {
  newItems: number;
  editedItems: number;
  storiesJoined: number;
  alertsQueued: number;
}

export interface BatchDependencies {
  store: StoryStore & PollCommitStore & OutboxStore;
  router: SubscriptionRouter;
  stories: StoryIndex;
  /** How many of a new feed's newest items alert on its first poll; the rest are only seeded. */
  backfill: number;
  templateFor: (subscription: Subscription) => string | null;
  log: Logger;
  now?: () => number;
  newStoryId?: () => string;
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
  /** Seen entries that never had a story (seed-entries.ts): they stay recorded, with their new hash. */
  recorded: RecordedEntry[];
}

type StoredItem = { item: Item; storyId: string };

function sortItems(entry: BatchEntry): SortedItems {
  const sorted: SortedItems = { fresh: [], edited: [], rehashed: [], recorded: entry.storiesOnly ? [] : [...(entry.recorded ?? [])] };
  for (const item of entry.items) {
    const stored = entry.seen.get(item.key);
    // Entries a backfill gives stories are assigned as new ones; written over the hash stored.
    if (stored === undefined || (stored.storyId === null && entry.storiesOnly)) sorted.fresh.push(item);
    else if (stored.storyId === null) sorted.recorded.push({ key: item.key, contentHash: item.contentHash, previousHash: stored.contentHash });
    else if (isContentEdit(stored.contentHash, item.contentHash)) sorted.edited.push({ item, storyId: stored.storyId });
    else sorted.rehashed.push({ item, storyId: stored.storyId });
  }
  return sorted;
}

/** Per feed, in order: what was stored, or null when the feed was removed meanwhile. */
export async function commitBatch(batch: BatchEntry[], deps: BatchDependencies): Promise<(CommittedFeed | null)[]> {
  const at = (deps.now ?? Date.now)();
  const sorted = batch.map(sortItems);
  const urls = sorted.flatMap(({ fresh }) => fresh.flatMap((item) => (item.url ? storedUrlForms(item.url) : [])));
  // Stored under an older canonical form (`http:`), a story is found under today's.
  const byUrl = new Map([...(await deps.store.storiesByUrl(urls))].map(([url, storyId]) => [canonicalUrl(url) ?? url, storyId]));
  const stories = batchStories(byUrl, at);
  const boilerplate = await learnedBoilerplate(batch, sorted, deps.store);
  const settled: ItemOutcome[][] = [];
  for (const [index, { fresh, edited }] of sorted.entries()) {
    const repeated = new Set(boilerplate[index]!.sentences);
    const outcomes = [...(await assignFreshItems(fresh, repeated, stories, deps)), ...(await editedOutcomes(edited, stories, deps))];
    // Later items of the same feed may have grown a story after an earlier outcome captured it;
    // what later feeds of the batch add is theirs, as if they had been polled after this one.
    settled.push(outcomes.map((outcome) => ({ ...outcome, story: stories.loaded.get(outcome.story.id) ?? outcome.story })));
  }
  redirectMerged(settled, stories);
  const merges = await planStoredMerges(batch, stories, deps.store);
  const alerts = await planBatch(
    batch.map((entry, index) => alertable(entry, settled[index]!, deps.backfill)),
    merges,
    deps,
    at,
  );
  const queued = await deps.store.commitPolls(
    batch.map((polled, index) => ({
      ...pollCommit(polled, settled[index]!, sorted[index]!, alerts[index]!, at, stories),
      merges: merges.flatMap((merge) => (merge.feedIndex === index ? [merge.write] : [])),
      ...(boilerplate[index]!.changed ? { boilerplate: boilerplate[index]!.sentences } : {}),
    })),
  );
  return batch.map((_, index) => {
    const alertsQueued = queued[index];
    if (alertsQueued === null || alertsQueued === undefined) return null;
    return {
      newItems: sorted[index]!.fresh.length + sorted[index]!.recorded.filter((entry) => entry.previousHash === null).length,
      editedItems: sorted[index]!.edited.length,
      storiesJoined: settled[index]!.filter((outcome) => outcome.kind === 'joined-story').length,
      alertsQueued,
    };
  });
}

function pollCommit(entry: BatchEntry, outcomes: ItemOutcome[], { rehashed, recorded }: SortedItems, alerts: QueuedAlert[], at: number, stories: BatchStories): PollCommit | StoriesCommit {
  const { feed, seen } = entry;
  // What the poll found stored: the store records an item only if it still finds that.
  const previousHash = (item: Item) => seen.get(item.key)?.contentHash ?? null;
  const items = [...outcomes.map((outcome) => ({ item: outcome.item, storyId: outcome.story.id })), ...rehashed];
  const written = new Set([...items.map(({ item }) => item.key), ...recorded.map(({ key }) => key)]);
  const entries = {
    feedId: feed.id,
    now: at,
    items: items.map((polledItem) => ({ ...polledItem, previousHash: previousHash(polledItem.item) })),
    recorded,
    servedKeys: [...seen.keys()].filter((key) => !written.has(key)),
    stories: [...new Map(outcomes.map((outcome) => [outcome.story.id, outcome.story])).values()].map((story) => storyToWrite(story, stories)),
    alerts,
  };
  if (entry.storiesOnly) return { ...entries, storiesOnly: true };
  return { ...entries, etag: entry.etag, lastModified: entry.lastModified, bodyHash: entry.bodyHash ?? null, title: entry.title, nextPollAt: at + feed.intervalMs };
}

// A new feed's first poll remembers everything and alerts only the newest `backfill` items, so
// adding a feed with 200 entries does not flood a channel; entries a backfill gives stories
// alert nobody here (that backfill queues its own alerts). Feeds list newest first; a channel
// reads best when alerts arrive in publication order.
function alertable(entry: BatchEntry, outcomes: ItemOutcome[], backfill: number): ItemOutcome[] {
  if (entry.storiesOnly) return [];
  const chosen = entry.feed.seeded ? outcomes : outcomes.filter((outcome) => outcome.kind !== 'edited').slice(0, backfill);
  return [...chosen].reverse();
}

/**
 * Per feed of the batch, the sentences it repeats once this poll's new items are learned from,
 * and whether they changed (then the commit stores them). Feeds without new items learn nothing
 * and are not looked up.
 */
async function learnedBoilerplate(batch: BatchEntry[], sorted: SortedItems[], store: PollCommitStore): Promise<{ sentences: readonly string[]; changed: boolean }[]> {
  const learning = batch.flatMap(({ feed }, index) => (sorted[index]!.fresh.length > 0 ? [feed.id] : []));
  const known = learning.length === 0 ? new Map<string, string[]>() : await store.feedBoilerplate(learning);
  return sorted.map(({ fresh }, index) => {
    const before = known.get(batch[index]!.feed.id) ?? [];
    const sentences = learnBoilerplate(before, fresh);
    return { sentences, changed: sentences !== before };
  });
}

async function assignFreshItems(items: Item[], boilerplate: ReadonlySet<string>, stories: BatchStories, deps: BatchDependencies): Promise<ItemOutcome[]> {
  const { byUrl, loaded, at } = stories;
  const outcomes: ItemOutcome[] = [];
  const context = { storyIdByUrl: byUrl, index: deps.stories, now: at, newStoryId: deps.newStoryId ?? (() => randomUUID()), boilerplate };
  const load = async ({ created, storyId }: StoryAssignment): Promise<Story | null> => (created ? null : await loadStory(storyId, stories, deps.store));
  for (const item of items) {
    let assignment = assignStory(item, context);
    let existing = await load(assignment);
    // A story that already holds another item of the item's feed is not its story: under a link
    // the story shares, it is the feed's next item (a weekly episode under the show's link), not
    // a copy. The index knows a story's feeds while it is in the window; for an older one only
    // its sources do.
    if (existing?.sources.some((source) => source.feedId === item.feedId && source.itemKey !== item.key)) {
      assignment = assignStory(item, { ...context, exclude: new Set([assignment.storyId]) });
      existing = await load(assignment);
    }
    if (existing && existing.id !== assignment.storyId) {
      // The store merged the story the index found into another (another process did, or
      // this one in an earlier batch): this index learns it now.
      assignment = { ...assignment, storyId: existing.id, fingerprint: deps.stories.absorb(existing.id, assignment.storyId, at) };
    }
    if (assignment.bridges.length > 0 && existing) {
      const merged = await mergeBridged(item, assignment, existing, stories, { index: deps.stories, store: deps.store });
      assignment = merged.assignment;
      existing = merged.story;
    }
    if (item.url) byUrl.set(item.url, assignment.storyId);
    if (assignment.created) stories.started.add(assignment.storyId);
    if (existing === null) {
      // The index can remember a story the store no longer has (retention prunes stories past
      // dedup.window plus a day, scheduler/retention.ts; the index may lag): it starts afresh.
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
    const stored = await loadStory(storyId, stories, deps.store);
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

/**
 * The alerts of each feed of the batch, in order: at most one per channel and story. A later
 * outcome for a story whose message this batch already planned changes that plan instead (a
 * message not yet queued lists every source at once); one whose message is queued but has not
 * gone out is folded into it by the store when it still can be; otherwise it edits the message.
 */
async function planBatch(outcomesByFeed: ItemOutcome[][], merges: PlannedMerge[], deps: BatchDependencies, at: number): Promise<QueuedAlert[][]> {
  const matched = outcomesByFeed.map((outcomes) => outcomes.map((outcome) => ({ outcome, subscriptions: deps.router.match(outcome.item) })));
  const stored = await storedMessages(matched.flat(), deps.store);
  const planned = new Map<string, QueuedAlert>();
  // A merged story's message in each channel is the one its plan keeps, whichever story it was
  // about; the plan's edit of it is what later outcomes of the batch change.
  for (const { plan, survivor } of merges) {
    for (const [channel, entry] of plan?.messages ?? []) stored.set(channel, (stored.get(channel) ?? new Map<string, OutboxEntry>()).set(survivor, entry));
    for (const alert of plan?.alerts ?? []) planned.set(`${channelKey(alert.alert)}\u0000${survivor}`, alert);
  }
  // The story a channel's message about `story` is filed under: the story's own, else a backfill
  // of one of its items (subscribe ... backfill:N, before any poll recorded the item).
  const messageStory = (channel: ChannelRef, story: Story): string => {
    const filed = (id: string) => planned.has(`${channelKey(channel)}\u0000${id}`) || (stored.get(channelKey(channel))?.has(id) ?? false);
    return [story.id, ...story.sources.map((source) => backfillStoryId(source.feedId, source.itemKey))].find(filed) ?? story.id;
  };
  return matched.map((feedMatches, feedIndex) => [
    ...merges.flatMap((merge) => (merge.feedIndex === feedIndex ? (merge.plan?.alerts ?? []) : [])),
    ...feedMatches.flatMap(({ outcome, subscriptions }) => {
      if (subscriptions.length === 0) return [];
      const fresh: QueuedAlert[] = [];
      const alerts = planAlerts({
        outcome,
        subscriptions,
        messageIn: (channel) => {
          const storyId = messageStory(channel, outcome.story);
          const inBatch = planned.get(`${channelKey(channel)}\u0000${storyId}`);
          const message = inBatch ? (inBatch.fold?.alert ?? inBatch.alert) : (stored.get(channelKey(channel))?.get(storyId)?.alert ?? null);
          // A kept message about a story merged into this one is this story's message now.
          return message && { ...message, storyId };
        },
        templateFor: deps.templateFor,
      });
      for (const alert of alerts) {
        const key = `${channelKey(alert.alert)}\u0000${alert.alert.storyId}`;
        const earlier = planned.get(key);
        if (earlier && alert.alert.kind === 'update') {
          // The batch already queues this channel's message (or its edit): it takes the new state.
          if (earlier.fold) earlier.fold.alert = { ...alert.alert, kind: earlier.fold.alert.kind };
          earlier.alert = { ...alert.alert, kind: earlier.alert.kind };
          continue;
        }
        const entry = stored.get(channelKey(alert.alert))?.get(alert.alert.storyId);
        const fold = alert.alert.kind === 'update' && entry && unsent(entry, at) ? { entryId: entry.id, expected: entry.alert, alert: { ...alert.alert, kind: entry.alert.kind } } : null;
        const queued: QueuedAlert = fold ? { ...alert, fold } : alert;
        planned.set(key, queued);
        fresh.push(queued);
      }
      return fresh;
    }),
  ]);
}

/** A stored story's merge as the commit of its bridging item's feed writes it, with what it does to messages (on its group's last merge). */
interface PlannedMerge {
  feedIndex: number;
  survivor: string;
  write: StoryMerge;
  plan: MergePlan | null;
}

/**
 * The merges of stored stories this batch made, each with its feed. The messages of all the
 * stories that became one survivor are planned once, with the last of their merges: by then the
 * store has moved the entries of the earlier ones to the story that last merge names.
 */
async function planStoredMerges(batch: BatchEntry[], stories: BatchStories, store: OutboxStore): Promise<PlannedMerge[]> {
  if (stories.storedMerges.length === 0) return [];
  const entries = await store.storyEntries([...new Set(stories.storedMerges.flatMap((merge) => [merge.from, merge.into]))]);
  return stories.storedMerges.map((merge) => {
    const survivor = finalId(stories, merge.into);
    const group = stories.storedMerges.filter((other) => finalId(stories, other.into) === survivor);
    const ids = new Set(group.flatMap((other) => [other.from, other.into]));
    const plan = group.at(-1) === merge ? planMergedMessages(stories.loaded.get(survivor)!, entries.filter((entry) => ids.has(entry.alert.storyId)), merge.cause, stories.at) : null;
    const feedIndex = batch.findIndex((polled) => polled.feed.id === merge.cause.feedId);
    return { feedIndex, survivor, plan, write: { from: merge.from, into: merge.into, cause: merge.cause, retire: plan?.retire ?? [] } };
  });
}

/** The messages each matched channel already has about the batch's stories (or backfilled of their items): one store call per channel. */
async function storedMessages(matches: { outcome: ItemOutcome; subscriptions: Subscription[] }[], store: OutboxStore): Promise<Map<string, Map<string, OutboxEntry>>> {
  const storyIds = new Map<string, { channel: ChannelRef; ids: Set<string> }>();
  for (const { outcome, subscriptions } of matches) {
    for (const subscription of subscriptions) {
      const key = channelKey(subscription);
      const wanted = storyIds.get(key) ?? { channel: subscription, ids: new Set<string>() };
      wanted.ids.add(outcome.story.id);
      for (const source of outcome.story.sources) wanted.ids.add(backfillStoryId(source.feedId, source.itemKey));
      storyIds.set(key, wanted);
    }
  }
  return new Map(await Promise.all([...storyIds].map(async ([key, { channel, ids }]) => [key, await store.storyMessages(channel, [...ids])] as const)));
}
