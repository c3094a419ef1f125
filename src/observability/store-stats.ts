// The store-backed answers operators ask for on every scrape and readiness probe.
import type { Store } from '../store/store.ts';
import type { FeedHealthCounts, OutboxStats, StoreStatsSource } from './metrics.ts';

export function storeStats(store: Store): StoreStatsSource {
  return {
    async outboxStats(): Promise<OutboxStats> {
      const waiting = [...(await store.listOutbox('pending')), ...(await store.listOutbox('held'))];
      const oldest = waiting.reduce<number | null>((min, entry) => (min === null || entry.createdAt < min ? entry.createdAt : min), null);
      return { depth: waiting.length, oldestCreatedAt: oldest };
    },
    async feedHealthCounts(): Promise<FeedHealthCounts> {
      const counts: FeedHealthCounts = { ok: 0, failing: 0, disabled: 0 };
      for (const feed of await store.listFeeds()) {
        counts[feed.disabledReason !== null ? 'disabled' : feed.failureCount > 0 ? 'failing' : 'ok'] += 1;
      }
      return counts;
    },
  };
}

/** Readiness: the store answers a query that touches its tables. */
export async function storeReachable(store: Store): Promise<boolean> {
  await store.getFeed('');
  return true;
}
