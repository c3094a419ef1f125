// The retention concern on PostgreSQL (concerns/retention.ts): the shared deletes of prune-sql.ts.
import type { PruneCounts, PruneCutoffs, RetentionStore } from '../concerns/retention.ts';
import { PRUNE_CUTOFF, noPrunes, pruneStatements } from '../prune-sql.ts';
import type { PostgresContext } from './context.ts';

const PRUNE_SQL = pruneStatements((name) => (name === 'before' ? '$1' : '$2'));

export function postgresRetention(ctx: PostgresContext): RetentionStore {
  return {
    async pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts> {
      const counts = noPrunes();
      // One statement at a time, each its own short transaction: no lock is held across kinds.
      for (const [kind, text] of Object.entries(PRUNE_SQL) as [keyof PruneCounts, string][]) {
        counts[kind] = (await ctx.query(`pruneBatch ${kind}`, `${text} RETURNING 1`, [cutoffs[PRUNE_CUTOFF[kind]], limit])).length;
      }
      return counts;
    },
  };
}
