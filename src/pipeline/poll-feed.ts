// One feed through every stage: fetch -> parse -> normalize -> dedup -> match -> plan alerts
// -> one store transaction. The only module that knows the order of the stages. Whatever
// goes wrong with the feed is recorded on the feed and returned in the report; it never
// throws, so one bad feed cannot stop a cycle.
import { randomUUID } from 'node:crypto';
import { assignStory } from '../dedup/assign.ts';
import type { StoryIndex } from '../dedup/story-index.ts';
import { describeError, isHeraldError } from '../domain/errors.ts';
import type { FeedRecord, Item, NoticeDraft, Story, StorySource, Subscription } from '../domain/types.ts';
import { fetchFeed, type FetchLimits } from '../feeds/fetch.ts';
import { isContentEdit, isUnchangedEntry, prepareFeed } from '../feeds/normalize.ts';
import { parseFeed } from '../feeds/parse.ts';
import type { Logger } from '../observability/logger.ts';
import type { SeenItem, Store } from '../store/store.ts';
import { planAlerts, type ItemOutcome, type PlannedAlert } from './alert-plan.ts';
import { nextPollDelay } from './backoff.ts';
import type { SubscriptionRouter } from './subscription-router.ts';

export interface PollDependencies {
  store: Store;
  router: SubscriptionRouter;
  stories: StoryIndex;
  limits: FetchLimits;
  summaryLength: number;
  maxItems: number;
  /** How many of a new feed's newest items alert on its first poll; the rest are only seeded. */
  backfill: number;
  templateFor: (subscription: Subscription) => string | null;
  /**
   * Runs story assignment and the commit one feed at a time, so two outlets' copies of a story
   * polled in parallel join one story instead of racing to start two. Fetch and parse stay
   * parallel. Across processes, the store's unique keys keep alerts single.
   */
  serialize: <T>(work: () => Promise<T>) => Promise<T>;
  log: Logger;
  now?: () => number;
  newStoryId?: () => string;
  /** Consecutive failures after which a feed is marked failing and its channels are told. Default 5. */
  failingAfter?: number;
}

const DEFAULT_FAILING_AFTER = 5;

// Entries beyond this are not even built; normalize keeps only the newest maxItems anyway.
const MAX_PARSED_ENTRIES = 10_000;

export type PollOutcome = 'alerted' | 'seeded' | 'unchanged' | 'not_modified' | 'failed';

export interface PollReport {
  feedId: string;
  url: string;
  outcome: PollOutcome;
  items: number;
  newItems: number;
  editedItems: number;
  storiesJoined: number;
  alertsQueued: number;
  error: string | null;
  errorCode: string | null;
  durationMs: number;
  /** Stage timings for metrics (monotonic clock); null when the stage did not run or finish. */
  fetchMs: number | null;
  parseMs: number | null;
}

export async function pollFeed(feed: FeedRecord, deps: PollDependencies): Promise<PollReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  const log = deps.log.child({ feedId: feed.id, url: feed.url });
  const report: PollReport = {
    feedId: feed.id,
    url: feed.url,
    outcome: 'unchanged',
    items: 0,
    newItems: 0,
    editedItems: 0,
    storiesJoined: 0,
    alertsQueued: 0,
    error: null,
    errorCode: null,
    durationMs: 0,
    fetchMs: null,
    parseMs: null,
  };
  try {
    const fetchStarted = performance.now();
    const fetched = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, deps.limits);
    report.fetchMs = performance.now() - fetchStarted;
    if (fetched.status === 'not_modified') {
      await deps.store.recordNotModified(feed.id, now(), now() + feed.intervalMs);
      report.outcome = 'not_modified';
    } else {
      const parseStarted = performance.now();
      // A body is at most limits.maxBytes bytes, so at most that many characters.
      const parsed = await parseFeed(fetched.body, fetched.contentType, { maxChars: deps.limits.maxBytes, maxEntries: MAX_PARSED_ENTRIES });
      const prepared = prepareFeed(parsed, feed, { summaryLength: deps.summaryLength, maxItems: deps.maxItems, now: now() });
      let parseMs = performance.now() - parseStarted;
      report.items = prepared.entries.length;
      // Only new and changed entries are cleaned: most of a changed feed is entries already seen.
      const seen = await deps.store.seenItems(feed.id, prepared.entries.map((entry) => entry.key));
      const cleanStarted = performance.now();
      const items = prepared.items((entry) => {
        const stored = seen.get(entry.key);
        return stored === undefined || !isUnchangedEntry(stored.contentHash, entry);
      });
      parseMs += performance.now() - cleanStarted;
      report.parseMs = parseMs;
      const result = await deps.serialize(async () => {
        const processed = await processItems(feed, items, seen, deps, now);
        const { alertsQueued } = await deps.store.commitPoll({
          feedId: feed.id,
          now: now(),
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          title: parsed.title,
          nextPollAt: now() + feed.intervalMs,
          items: processed.remembered,
          stories: processed.stories,
          alerts: processed.alerts,
        });
        return { ...processed, alertsQueued };
      });
      report.alertsQueued = result.alertsQueued;
      report.newItems = result.newItems;
      report.editedItems = result.editedItems;
      report.storiesJoined = result.storiesJoined;
      report.outcome = !feed.seeded ? 'seeded' : report.alertsQueued > 0 ? 'alerted' : 'unchanged';
    }
    if (feed.failingSince != null) {
      await markRecovered(feed, feed.failingSince, deps, now(), log).catch((storeError: unknown) => {
        log.error({ err: describeError(storeError) }, 'could not record the feed recovery; the next good poll tries again');
      });
    }
  } catch (error) {
    report.outcome = 'failed';
    const reason = describeError(error);
    report.error = reason;
    report.errorCode = isHeraldError(error) ? error.code : 'unexpected';
    const failures = feed.failureCount + 1;
    const retryAt = now() + nextPollDelay(feed.intervalMs, failures);
    log.warn({ err: report.error, code: report.errorCode, failures, retryAt: new Date(retryAt).toISOString() }, 'feed poll failed');
    await deps.store
      .recordPollFailure(feed.id, reason, now(), retryAt)
      .then((updated) => markFailing(updated, reason, deps, now(), log))
      .catch((storeError: unknown) => {
        log.error({ err: describeError(storeError) }, 'could not record the feed failure');
      });
  }
  report.durationMs = now() - started;
  log.debug({ report }, 'feed polled');
  return report;
}

// Feed health changes are queued as notices in the transaction that records them, and only
// when the state actually changes, so each channel hears of a failing feed once and of its
// recovery once, even across crashes and several processes.
async function markFailing(feed: FeedRecord, error: string, deps: PollDependencies, now: number, log: Logger): Promise<void> {
  if (feed.failureCount < (deps.failingAfter ?? DEFAULT_FAILING_AFTER) || feed.failingSince != null) return;
  const text =
    `Feed ${feedLabel(feed)} is failing: ${feed.failureCount} polls in a row went wrong, the last with: ${error}. ` +
    `Herald keeps retrying less often and says so here when it works again. ` +
    `Fix: open ${feed.url} in a browser; if it moved or is gone, change or remove the feed in the config or with '/news feed remove ${feed.id}'.`;
  const notices = await channelNotices(feed.id, `failing:${now}`, text, deps);
  if (await deps.store.markFeedFailing(feed.id, now, notices)) log.warn({ failures: feed.failureCount, channels: notices.length }, 'feed marked failing');
}

async function markRecovered(feed: FeedRecord, failingSince: number, deps: PollDependencies, now: number, log: Logger): Promise<void> {
  const text = `Feed ${feedLabel(feed)} works again (failing since ${new Date(failingSince).toISOString()}); alerts published meanwhile follow.`;
  const notices = await channelNotices(feed.id, `recovered:${failingSince}`, text, deps);
  if (await deps.store.markFeedRecovered(feed.id, now, notices)) log.info({ channels: notices.length }, 'feed recovered');
}

function feedLabel(feed: FeedRecord): string {
  return feed.name ? `'${feed.name}' (${feed.id})` : `'${feed.id}'`;
}

/** One notice per channel subscribed to the feed, keyed by the health change it reports. */
async function channelNotices(feedId: string, change: string, text: string, deps: PollDependencies): Promise<NoticeDraft[]> {
  const channels = new Map<string, NoticeDraft>();
  for (const { platform, workspace, channel } of await deps.store.listSubscriptions({ feedId })) {
    const idempotencyKey = `feed:${feedId}:${change}:${JSON.stringify([platform, workspace, channel])}`;
    channels.set(idempotencyKey, { idempotencyKey, platform, workspace, channel, text });
  }
  return [...channels.values()];
}

interface ProcessedItems {
  remembered: { item: Item; storyId: string }[];
  stories: Story[];
  alerts: PlannedAlert[];
  newItems: number;
  editedItems: number;
  storiesJoined: number;
}

async function processItems(
  feed: FeedRecord,
  items: Item[],
  seen: Map<string, SeenItem>,
  deps: PollDependencies,
  now: () => number,
): Promise<ProcessedItems> {
  const fresh = items.filter((item) => !seen.has(item.key));
  const edited = items.filter((item) => isEdited(seen.get(item.key), item));
  // Seen entries whose raw form changed but whose cleaned text did not (or whose hash predates
  // the raw part): stored again with the new hash so the next poll skips cleaning them.
  const rehashed = items.flatMap((item) => {
    const stored = seen.get(item.key);
    return stored !== undefined && !isEdited(stored, item) ? [{ item, storyId: stored.storyId }] : [];
  });
  const outcomes = [
    ...(await assignFreshItems(fresh, deps, now)),
    ...(await Promise.all(edited.map((item) => editedOutcome(item, seen.get(item.key)!, deps, now)))),
  ];

  const remembered = [...outcomes.map((outcome) => ({ item: outcome.item, storyId: outcome.story.id })), ...rehashed];
  const stories = uniqueStories(outcomes);
  // A new feed's first poll remembers everything and alerts only the newest `backfill`
  // items, so adding a feed with 200 entries does not flood a channel.
  const alertable = feed.seeded ? outcomes : outcomes.filter((o) => o.kind !== 'edited').slice(0, deps.backfill);
  // Feeds list newest first; a channel reads best when alerts arrive in publication order.
  const alerts = await planAll([...alertable].reverse(), deps);
  return {
    remembered,
    stories,
    alerts,
    newItems: fresh.length,
    editedItems: edited.length,
    storiesJoined: outcomes.filter((o) => o.kind === 'joined-story').length,
  };
}

function isEdited(seen: SeenItem | undefined, item: Item): boolean {
  return seen !== undefined && isContentEdit(seen.contentHash, item.contentHash);
}

async function assignFreshItems(items: Item[], deps: PollDependencies, now: () => number): Promise<ItemOutcome[]> {
  const urls = items.flatMap((item) => (item.url ? [item.url] : []));
  const storyIdByUrl = new Map(await deps.store.storiesByUrl(urls));
  const loaded = new Map<string, Story>();
  const outcomes: ItemOutcome[] = [];
  const at = now();
  for (const item of items) {
    const assignment = assignStory(item, {
      storyIdByUrl,
      index: deps.stories,
      now: at,
      newStoryId: deps.newStoryId ?? (() => randomUUID()),
    });
    if (item.url) storyIdByUrl.set(item.url, assignment.storyId);
    const existing = assignment.created ? null : (loaded.get(assignment.storyId) ?? (await deps.store.getStory(assignment.storyId)));
    if (existing === null) {
      // The index can remember a story the store no longer has (pruned): it starts afresh.
      if (!assignment.created) deps.log.warn({ storyId: assignment.storyId, feedId: item.feedId }, 'story vanished from the store; starting a new one');
      const story = storyOf(assignment.storyId, item, at, assignment.fingerprint);
      loaded.set(story.id, story);
      outcomes.push({ kind: 'new-story', item, story });
      continue;
    }
    const joined: Story = { ...existing, updatedAt: at, sources: addSource(existing.sources, sourceOf(item, at)) };
    loaded.set(joined.id, joined);
    outcomes.push({ kind: 'joined-story', item, story: joined });
  }
  // Later items of the same poll may have grown a story after an earlier outcome captured it.
  return outcomes.map((outcome) => ({ ...outcome, story: loaded.get(outcome.story.id) ?? outcome.story }));
}

function sourceOf(item: Item, at: number): StorySource {
  return { feedId: item.feedId, itemKey: item.key, sourceName: item.sourceName, url: item.url, seenAt: at };
}

function storyOf(id: string, item: Item, at: number, fingerprint: string | null): Story {
  return { id, title: item.title, url: item.url, createdAt: at, updatedAt: at, fingerprint, sources: [sourceOf(item, at)] };
}

function addSource(sources: StorySource[], source: StorySource): StorySource[] {
  const exists = sources.some((s) => s.feedId === source.feedId && s.itemKey === source.itemKey);
  return exists ? sources : [...sources, source];
}

async function editedOutcome(item: Item, seen: SeenItem, deps: PollDependencies, now: () => number): Promise<ItemOutcome> {
  const at = now();
  const stored = await deps.store.getStory(seen.storyId);
  const story = stored ? { ...stored, updatedAt: at } : storyOf(seen.storyId, item, at, null);
  return { kind: 'edited', item, story };
}

function uniqueStories(outcomes: ItemOutcome[]): Story[] {
  const byId = new Map<string, Story>();
  for (const outcome of outcomes) byId.set(outcome.story.id, outcome.story);
  return [...byId.values()];
}

async function planAll(outcomes: ItemOutcome[], deps: PollDependencies): Promise<PlannedAlert[]> {
  const matched = outcomes.map((outcome) => ({ outcome, subscriptions: deps.router.match(outcome.item) }));
  // One store call per matched subscription with every story of the poll, not one per
  // (item, subscription): inside the story lock each round trip holds up every other feed.
  const storyIds = new Map<string, Set<string>>();
  for (const { outcome, subscriptions } of matched) {
    for (const subscription of subscriptions) {
      const ids = storyIds.get(subscription.id) ?? new Set<string>();
      ids.add(outcome.story.id);
      storyIds.set(subscription.id, ids);
    }
  }
  const storedAlerts = new Map(
    await Promise.all([...storyIds].map(async ([subscriptionId, ids]) => [subscriptionId, await deps.store.alertedStories(subscriptionId, [...ids])] as const)),
  );
  const planned: PlannedAlert[] = [];
  const inBatch = new Set<string>();
  for (const { outcome, subscriptions } of matched) {
    if (subscriptions.length === 0) continue;
    const alerts = planAlerts({
      outcome,
      subscriptions,
      alerted: (subscriptionId, storyId) =>
        inBatch.has(`${subscriptionId}:${storyId}`) || (storedAlerts.get(subscriptionId)?.has(storyId) ?? false),
      templateFor: deps.templateFor,
    });
    for (const alert of alerts) inBatch.add(`${alert.alert.subscriptionId}:${alert.alert.storyId}`);
    planned.push(...alerts);
  }
  return planned;
}
