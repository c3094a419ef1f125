// The retention concern on SQLite (concerns/retention.ts): the shared deletes of prune-sql.ts.
import type { PruneCounts, PruneCutoffs, RetentionStore } from '../concerns/retention.ts';
import { PRUNE_CUTOFF, noPrunes, pruneStatements } from '../prune-sql.ts';
import type { SqliteContext } from './context.ts';

const PRUNE_SQL = pruneStatements((name) => `@${name}`);

export function sqliteRetention(ctx: SqliteContext): RetentionStore {
  return {
    pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts> {
      return ctx.run('pruneBatch', () => {
        const counts = noPrunes();
        for (const [kind, text] of Object.entries(PRUNE_SQL) as [keyof PruneCounts, string][]) {
          counts[kind] = ctx.db.prepare(text).run({ before: cutoffs[PRUNE_CUTOFF[kind]], limit }).changes;
        }
        return counts;
      });
    },
  };
}
