// The scale-out store: several Herald processes share one PostgreSQL through a pg pool. Work
// is split by leases written into rows (claims use FOR UPDATE SKIP LOCKED), identity is held
// by unique constraints, and every multi-statement change is one transaction. One module per
// concern (feeds.ts, stories.ts, commit-poll.ts, ...) over the shared PostgresContext, composed here.
import type { Store } from '../store.ts';
import { postgresPollCommits } from './commit-poll.ts';
import { postgresChannelState } from './channel-state.ts';
import { PostgresContext } from './context.ts';
import { postgresFeeds } from './feeds.ts';
import { postgresLeases } from './leases.ts';
import { applyMigrations } from './migrate.ts';
import { postgresNotices } from './notices.ts';
import { postgresOutbox } from './outbox.ts';
import { postgresPanel } from './panel.ts';
import { openPool } from './pool.ts';
import { postgresRetention } from './retention.ts';
import { postgresStories } from './stories.ts';
import { postgresSubscriptions } from './subscriptions.ts';

export interface PostgresStoreOptions {
  /** Keep Herald's tables in this schema (created by migrate) instead of the default search_path. */
  schema?: string;
  /** Told about errors on idle pooled connections (server restart, network drop); the pool replaces them. */
  onIdleError?: (error: Error) => void;
}

export type PostgresStore = Store & { readonly kind: 'postgres' };

export const PostgresStore = {
  async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? null;
    const { pool, where } = await openPool(url, schema, options.onIdleError);
    const ctx = new PostgresContext(pool, where, schema);
    return {
      kind: 'postgres',
      /** Applies pending migrations in one transaction under an advisory lock, so concurrent starts take turns. */
      migrate(): Promise<void> {
        return ctx.transaction('migrate', (client) => applyMigrations(client, ctx.schema, ctx.where));
      },
      async close(): Promise<void> {
        if (ctx.closed) return;
        ctx.closed = true;
        await ctx.pool.end();
      },
      async ping(): Promise<void> {
        // A read of a migrated table: a lost connection or a missing schema both reject.
        await ctx.query('ping', 'SELECT 1 FROM feeds LIMIT 1');
      },
      ...postgresFeeds(ctx),
      ...postgresStories(ctx),
      ...postgresPollCommits(ctx),
      ...postgresSubscriptions(ctx),
      ...postgresOutbox(ctx),
      ...postgresNotices(ctx),
      ...postgresLeases(ctx),
      ...postgresRetention(ctx),
      ...postgresChannelState(ctx),
      ...postgresPanel(ctx),
    };
  },
};
