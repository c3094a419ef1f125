// The one reading of a feed's poll record that operators (`herald feeds`) and chat (`/news
// status`, `/news feed list`) both show; each words it its own way.
import type { FeedRecord } from './types.ts';

/**
 * failing: it crossed `feedHealth.failingAfter` failed polls and its channels were told;
 * retrying: it failed, not yet that often; new: never polled; ok: its last poll worked. No feed
 * is ever switched off: a failing one is polled less often (pipeline/poll-delay.ts) and recovers
 * on its own; one nobody wants is removed.
 */
export type FeedHealth = 'failing' | 'retrying' | 'new' | 'ok';

export function feedHealth(feed: Pick<FeedRecord, 'failingSince' | 'failureCount' | 'lastPolledAt'>): FeedHealth {
  if (feed.failingSince != null) return 'failing';
  if (feed.failureCount > 0) return 'retrying';
  return feed.lastPolledAt === null ? 'new' : 'ok';
}

/** Whether a person should look at the feed: its polls fail. */
export function hasProblems(health: FeedHealth): boolean {
  return health === 'failing' || health === 'retrying';
}
