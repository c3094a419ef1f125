// Retention: `herald run` prunes finished rows once a day. The store deletes at most BATCH rows
// of each kind per statement; this loop repeats until a batch comes back short, yielding to the
// event loop between batches so polling and delivery keep their turns and no write lock is
// held for long, however much a first run on an old database finds.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HeraldConfig } from '../config/schema.ts';
import type { Logger } from '../observability/logger.ts';
import { noPrunes } from '../store/prune-sql.ts';
import type { PruneCounts, PruneCutoffs, RetentionStore } from '../store/store.ts';

const DAY = 86_400_000;
/** Rows per kind per statement: small enough that one delete is a few milliseconds. */
export const PRUNE_BATCH = 500;

/**
 * The cutoffs for pruning at `now`. A story is kept at least a day past the dedup window: one
 * pruned inside it would let a late duplicate start a new story and alert again.
 */
export function pruneCutoffs(config: Pick<HeraldConfig, 'retention' | 'dedup'>, now: number): PruneCutoffs {
  const { retention, dedup } = config;
  return {
    seenItemsBefore: now - retention.seenItems,
    storiesUpdatedBefore: now - Math.max(retention.stories, dedup.window + DAY),
    sentOutboxBefore: now - retention.sentAlerts,
    deadOutboxBefore: now - retention.deadAlerts,
    noticesBefore: now - retention.notices,
  };
}

/** Prunes until nothing past its cutoff is left; logs and returns the totals. */
export async function pruneStore(store: RetentionStore, cutoffs: PruneCutoffs, log: Logger, batch = PRUNE_BATCH): Promise<PruneCounts> {
  const total = noPrunes();
  for (;;) {
    const counts = await store.pruneBatch(cutoffs, batch);
    for (const kind of Object.keys(total) as (keyof PruneCounts)[]) total[kind] += counts[kind];
    if (Object.values(counts).every((count) => count < batch)) break;
    await nextTurn();
  }
  log.info({ pruned: total }, 'pruned finished rows past retention');
  return total;
}
