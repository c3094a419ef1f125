// The one reading of a feed's poll record that operators (`herald feeds`) and chat (`/news
// status`, `/news feed list`) both show; each words it its own way.
import type { FeedRecord } from './types.ts';

/**
 * disabled: an admin or a permanent error stopped it; failing: it crossed `feedHealth.failingAfter`
 * failed polls and its channels were told; retrying: it failed, not yet that often; new: never
 * polled; ok: its last poll worked.
 */
export type FeedHealth = 'disabled' | 'failing' | 'retrying' | 'new' | 'ok';

export function feedHealth(feed: Pick<FeedRecord, 'disabledReason' | 'failingSince' | 'failureCount' | 'lastPolledAt'>): FeedHealth {
  if (feed.disabledReason !== null) return 'disabled';
  if (feed.failingSince != null) return 'failing';
  if (feed.failureCount > 0) return 'retrying';
  return feed.lastPolledAt === null ? 'new' : 'ok';
}

/** Whether a person should look at the feed: it is disabled or its polls fail. */
export function hasProblems(health: FeedHealth): boolean {
  return health === 'disabled' || health === 'failing' || health === 'retrying';
}
