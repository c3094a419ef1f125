// The embedded default store: one SQLite file through better-sqlite3, one module per concern
// (feeds.ts, stories.ts, commit-poll.ts, ...) over the shared SqliteContext, composed here.
import type { Store } from '../store.ts';
import { sqlitePollCommits } from './commit-poll.ts';
import { sqliteChannelState } from './channel-state.ts';
import { SqliteContext } from './context.ts';
import { sqliteFeeds } from './feeds.ts';
import { sqliteLeases } from './leases.ts';
import { applyMigrations } from './migrate.ts';
import { sqliteNotices } from './notices.ts';
import { openDatabase } from './open.ts';
import { sqliteOutbox } from './outbox.ts';
import { sqlitePanel } from './panel.ts';
import { sqliteRetention } from './retention.ts';
import { prepareStatements } from './statements.ts';
import { sqliteStories } from './stories.ts';
import { sqliteSubscriptions } from './subscriptions.ts';

export type SqliteStore = Store & { readonly kind: 'sqlite' };

export const SqliteStore = {
  /** Opens (creating if needed) the database file and its directory; ':memory:' for a private in-memory one. */
  open(path: string): SqliteStore {
    const ctx = new SqliteContext(openDatabase(path), path);
    return {
      kind: 'sqlite',
      async migrate(): Promise<void> {
        try {
          applyMigrations(ctx.db, ctx.path);
          ctx.statements = prepareStatements(ctx.db);
        } catch (error) {
          throw ctx.failure('migrate', error);
        }
      },
      async close(): Promise<void> {
        ctx.statements = null;
        if (ctx.db.open) ctx.db.close();
      },
      ping(): Promise<void> {
        // A read of a migrated table: a closed file, a lost disk or a missing schema all reject.
        return ctx.run('ping', () => {
          ctx.db.prepare('SELECT 1 FROM feeds LIMIT 1').get();
        });
      },
      ...sqliteFeeds(ctx),
      ...sqliteStories(ctx),
      ...sqlitePollCommits(ctx),
      ...sqliteSubscriptions(ctx),
      ...sqliteOutbox(ctx),
      ...sqliteNotices(ctx),
      ...sqliteLeases(ctx),
      ...sqliteRetention(ctx),
      ...sqliteChannelState(ctx),
      ...sqlitePanel(ctx),
    };
  },
};
