// One feed through every stage: fetch -> parse -> normalize, then dedup -> match -> plan alerts
// -> store write in a batch with other feeds (commit-batch.ts). The only module that knows the
// order of the stages. Whatever goes wrong with the feed is recorded on the feed and returned in
// the report; it never throws, so one bad feed cannot stop a cycle.
import { describeError, isHeraldError } from '../domain/errors.ts';
import type { FeedRecord, NoticeDraft } from '../domain/types.ts';
import { fetchFeed, type FetchLimits } from '../feeds/fetch.ts';
import { prepareFeed } from '../feeds/normalize.ts';
import { parseFeedOffThread } from '../feeds/parse-pool.ts';
import type { Logger } from '../observability/logger.ts';
import { missingFeed } from '../store/store-errors.ts';
import type { FeedStore, NotModifiedPoll, RecordedEntry, StoryStore, SubscriptionStore } from '../store/store.ts';
import { plural } from '../text/plural.ts';
import { nextPollDelay } from './poll-delay.ts';
import { entryFate, recordedEntry, type SeedPolicy } from './seed-entries.ts';
import type { CommittedFeed, PolledFeed } from './commit-batch.ts';

export interface PollDependencies {
  store: FeedStore & StoryStore & SubscriptionStore;
  limits: FetchLimits;
  summaryLength: number;
  maxItems: number;
  /** Which entries of a first poll open stories and which are only recorded (seed-entries.ts). */
  seeding: SeedPolicy;
  /**
   * Stories, alerts and the store write of a changed feed, batched with other feeds and run one
   * batch at a time (commit-batch.ts); null when the feed was removed meanwhile. Fetch, parse and
   * cleaning stay parallel.
   */
  commit: (polled: PolledFeed) => Promise<CommittedFeed | null>;
  /**
   * Queues a 304 to record, batched with other feeds' 304s; the cycle does not wait for each
   * (Herald.poll waits for them all). A write that fails is only logged: the feed's lease then
   * expires and it is polled again, which costs one more 304.
   */
  recordNotModified: (poll: NotModifiedPoll) => void;
  log: Logger;
  now?: () => number;
  /** Consecutive failures after which a feed is marked failing and its channels are told. Default 5. */
  failingAfter?: number;
}

const DEFAULT_FAILING_AFTER = 5;

// Entries beyond this are not even built; normalize keeps only the newest maxItems anyway.
const MAX_PARSED_ENTRIES = 10_000;

/**
 * alerted: alerts queued; seeded: a first poll recorded what the feed lists; unchanged: nothing new
 * or edited; unmatched: new or edited items that no subscription matched; not_modified: a 304.
 */
export type PollOutcome = 'alerted' | 'seeded' | 'unchanged' | 'unmatched' | 'not_modified' | 'failed';

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
  /** Parsing and normalizing the body, and cleaning its new and changed entries. */
  prepareMs: number | null;
}

/** `fetchSlot` bounds the requests in flight; the rest of the poll runs outside it. */
export async function pollFeed(feed: FeedRecord, deps: PollDependencies, fetchSlot: <T>(fetch: () => Promise<T>) => Promise<T>): Promise<PollReport> {
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
    prepareMs: null,
  };
  try {
    const fetchStarted = performance.now();
    const fetched = await fetchSlot(() => fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, deps.limits));
    report.fetchMs = performance.now() - fetchStarted;
    const bodyHash = fetched.status === 'ok' ? fetched.bodyHash : null;
    if (fetched.status === 'not_modified') {
      deps.recordNotModified({ feedId: feed.id, now: now(), nextPollAt: now() + feed.intervalMs });
      report.outcome = 'not_modified';
    } else if (isSameBody(feed, fetched, bodyHash)) {
      // Most feeds send no validators and the same bytes until they change: nothing to parse.
      deps.recordNotModified({ feedId: feed.id, now: now(), nextPollAt: now() + feed.intervalMs });
    } else {
      const parseStarted = performance.now();
      // A body is at most limits.maxBytes bytes, so at most that many characters. Parsed on a
      // worker thread, within its budget, so the event loop keeps serving commands and health checks.
      const parsed = await parseFeedOffThread(fetched.body, fetched.contentType, {
        maxChars: deps.limits.maxBytes,
        maxEntries: MAX_PARSED_ENTRIES,
        budgetMs: deps.limits.parseBudgetMs,
      });
      const prepared = prepareFeed(parsed, feed, { summaryLength: deps.summaryLength, maxItems: deps.maxItems, now: now() });
      let prepareMs = performance.now() - parseStarted;
      report.items = prepared.entries.length;
      // Only new and changed entries are cleaned: most of a changed feed is entries already seen,
      // and most of a first poll is entries only recorded (seed-entries.ts).
      const seen = await deps.store.seenItems(feed.id, prepared.entries.map((entry) => entry.key));
      const cleanStarted = performance.now();
      const context = { firstPoll: !feed.seeded, now: now(), policy: deps.seeding };
      const recorded: RecordedEntry[] = [];
      const items = prepared.items((entry, position) => {
        const stored = seen.get(entry.key);
        const fate = entryFate(entry, position, stored, context);
        if (fate === 'record') recorded.push(recordedEntry(entry, stored));
        return fate === 'clean';
      });
      prepareMs += performance.now() - cleanStarted;
      report.prepareMs = prepareMs;
      const result = await deps.commit({ feed, etag: fetched.etag, lastModified: fetched.lastModified, bodyHash, title: parsed.title, items, recorded, seen });
      if (result === null) throw missingFeed(feed.id);
      report.alertsQueued = result.alertsQueued;
      report.newItems = result.newItems;
      report.editedItems = result.editedItems;
      report.storiesJoined = result.storiesJoined;
      report.outcome = pollOutcome(feed.seeded, result);
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

/** The body and validators the feed's last committed poll had: recorded as unchanged, unparsed. */
function isSameBody(feed: FeedRecord, fetched: { etag: string | null; lastModified: string | null }, bodyHash: string | null): boolean {
  return feed.seeded && bodyHash !== null && feed.bodyHash === bodyHash && feed.etag === fetched.etag && feed.lastModified === fetched.lastModified;
}

// Feed health changes are queued as notices in the transaction that records them, and only
// when the state actually changes, so each channel hears of a failing feed once and of its
// recovery once, even across crashes and several processes.
async function markFailing(feed: FeedRecord, error: string, deps: PollDependencies, now: number, log: Logger): Promise<void> {
  if (feed.failureCount < (deps.failingAfter ?? DEFAULT_FAILING_AFTER) || feed.failingSince != null) return;
  const text =
    `Feed ${feedLabel(feed)} is failing: ${plural(feed.failureCount, 'poll')} in a row went wrong, the last with: ${error}. ` +
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

function pollOutcome(seeded: boolean, committed: { alertsQueued: number; newItems: number; editedItems: number }): PollOutcome {
  if (!seeded) return 'seeded';
  if (committed.alertsQueued > 0) return 'alerted';
  return committed.newItems + committed.editedItems > 0 ? 'unmatched' : 'unchanged';
}
