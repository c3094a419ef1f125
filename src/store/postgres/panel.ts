// The web panel's concern on PostgreSQL (concerns/panel.ts).
import type { PanelStore } from '../concerns/panel.ts';
import { mergeActivity, panelStatements, POSTGRES_PANEL } from '../panel-sql.ts';
import type { PostgresContext } from './context.ts';

const SQL = panelStatements(POSTGRES_PANEL);

export function postgresPanel(ctx: PostgresContext): PanelStore {
  return {
    async feedActivity() {
      type CountRow = { feed_id: string; n: string };
      const [seen, caused] = await Promise.all([ctx.query<CountRow>('feedActivity', SQL.itemsSeen), ctx.query<CountRow>('feedActivity', SQL.alertsCaused)]);
      return mergeActivity(seen, caused);
    },

    async countAllSentSince(since: number): Promise<number> {
      return Number((await ctx.query<{ n: string }>('countAllSentSince', SQL.sentSince, [since]))[0]?.n ?? 0);
    },

    async pollFeedNow(id: string, now: number): Promise<boolean> {
      return (await ctx.query('pollFeedNow', SQL.pollNow, [id, now])).length > 0;
    },
  };
}
