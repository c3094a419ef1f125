// One polling cycle: claim the feeds that are due (a lease keeps other processes off them),
// poll them with bounded concurrency, and report. pollFeed never throws, so one feed's
// failure is only one line in the report.
//
// `concurrency` bounds the HTTP requests in flight. A feed past its fetch waits for its batched
// store write (GroupCommit) without holding a request slot, so more feeds than that are in
// flight: FEEDS_PER_FETCH_SLOT per slot, which is also what a write batch can gather.
import pLimit from 'p-limit';
import type { FeedRecord } from '../domain/types.ts';
import { fetchSlots } from './fetch-slots.ts';
import type { PollDependencies, PollReport } from './poll-feed.ts';

export interface CycleOptions {
  concurrency: number;
  /** Requests in flight to one host; default: no limit beyond `concurrency`. */
  perHostConcurrency?: number;
  /** Poll every feed now, due or not (`herald poll --once --all`). */
  all?: boolean;
  /** Feeds coming due within this many ms count as due (a one-shot run that would otherwise miss them). */
  dueWithinMs?: number;
  /** How long a claimed feed stays hidden from other workers; longer than a slow fetch. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
export const FEEDS_PER_FETCH_SLOT = 2;

/** Polls one feed within its fetch slot; pollFeed unless a test counts the claims without a network. */
export type PollOne = (feed: FeedRecord, deps: PollDependencies, fetchSlot: <T>(fetch: () => Promise<T>) => Promise<T>) => Promise<PollReport>;

// poll-feed brings the feed parsers (htmlparser2, html-to-text): a cycle with nothing due,
// like `poll --once` on a new config, never loads them.
const pollFeedLazily: PollOne = async (feed, deps, fetchSlot) => (await import('./poll-feed.ts')).pollFeed(feed, deps, fetchSlot);

export async function pollDueFeeds(deps: PollDependencies, options: CycleOptions, pollOne: PollOne = pollFeedLazily): Promise<PollReport[]> {
  const now = deps.now ?? Date.now;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const slots = fetchSlots(options.concurrency, options.perHostConcurrency ?? options.concurrency);
  const inFlight = options.concurrency * FEEDS_PER_FETCH_SLOT;
  const poll = (feed: FeedRecord): Promise<PollReport> => pollOne(feed, deps, slots.forUrl(feed.url));
  if (options.all) {
    // Every feed, leased or not, counts as due, so claim once.
    const limit = pLimit(inFlight);
    const feeds = await deps.store.claimDueFeeds(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, now() + leaseMs);
    return Promise.all(feeds.map((feed) => limit(() => poll(feed))));
  }
  // Workers claim only a little more than they can start now: processes sharing one store then
  // split the due feeds by how fast each gets through them, not by who claimed first, and a
  // lease only has to outlast the poll of a feed claimed moments before it is fetched.
  const batch = inFlight / 2;
  // Feeds due when the cycle starts: one that comes due while the cycle runs is the next
  // cycle's, so a cycle longer than the poll interval still ends (and logs its line).
  const dueBy = now() + (options.dueWithinMs ?? 0);
  const queue: FeedRecord[] = [];
  let exhausted = false;
  let claiming: Promise<void> | null = null;
  const refill = (): Promise<void> =>
    (claiming ??= deps.store
      .claimDueFeeds(dueBy, batch, now() + leaseMs)
      .then((feeds) => {
        queue.push(...feeds);
        // Fewer than asked: the rest is polled already or held by other processes.
        if (feeds.length < batch) exhausted = true;
      })
      .finally(() => {
        claiming = null;
      }));
  const next = async (): Promise<FeedRecord | undefined> => {
    while (queue.length === 0 && !exhausted) await refill();
    // Claim the next batch while this one is fetched, so workers rarely wait on the store; a
    // failed claim here surfaces on the next awaited one.
    if (queue.length <= batch / 2 && !exhausted) refill().catch(() => undefined);
    return queue.shift();
  };
  const reports: PollReport[] = [];
  const worker = async (): Promise<void> => {
    for (let feed = await next(); feed !== undefined; feed = await next()) reports.push(await poll(feed));
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return reports;
}
