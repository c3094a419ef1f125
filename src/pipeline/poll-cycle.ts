// One polling cycle: claim the feeds that are due (a lease keeps other processes off them),
// poll them with bounded concurrency, and report. pollFeed never throws, so one feed's
// failure is only one line in the report.
import pLimit from 'p-limit';
import type { FeedRecord } from '../domain/types.ts';
import { pollFeed, type PollDependencies, type PollReport } from './poll-feed.ts';

export interface CycleOptions {
  concurrency: number;
  /** Poll every feed now, due or not (`herald poll --once`). */
  all?: boolean;
  /** How long a claimed feed stays hidden from other workers; longer than a slow fetch. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const CLAIM_BATCH = 500;

export async function pollDueFeeds(deps: PollDependencies, options: CycleOptions): Promise<PollReport[]> {
  const now = deps.now ?? Date.now;
  const limit = pLimit(options.concurrency);
  const reports: Promise<PollReport>[] = [];
  const leaseUntil = now() + (options.leaseMs ?? DEFAULT_LEASE_MS);
  // Claimed feeds are no longer due, so batches end; "all" claims once, since every feed,
  // leased or not, would count as due again.
  for (;;) {
    const feeds: FeedRecord[] = options.all
      ? await deps.store.claimDueFeeds(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, leaseUntil)
      : await deps.store.claimDueFeeds(now(), CLAIM_BATCH, leaseUntil);
    reports.push(...feeds.map((feed) => limit(() => pollFeed(feed, deps))));
    if (options.all || feeds.length < CLAIM_BATCH) break;
  }
  return Promise.all(reports);
}
