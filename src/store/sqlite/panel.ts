// The web panel's concern on SQLite (concerns/panel.ts).
import type { PanelStore } from '../concerns/panel.ts';
import { mergeActivity, panelStatements, SQLITE_PANEL } from '../panel-sql.ts';
import type { SqliteContext } from './context.ts';

const SQL = panelStatements(SQLITE_PANEL);

export function sqlitePanel(ctx: SqliteContext): PanelStore {
  /** Runs a panel statement, its parameters named @p1, @p2 ... in order. */
  const all = <Row = { feed_id: string; n: number }>(text: string, ...params: unknown[]): Row[] => {
    const statement = ctx.db.prepare(text);
    return (params.length === 0 ? statement.all() : statement.all(Object.fromEntries(params.map((value, index) => [`p${index + 1}`, value])))) as Row[];
  };
  return {
    feedActivity() {
      return ctx.run('feedActivity', () => mergeActivity(all(SQL.itemsSeen), all(SQL.alertsCaused)));
    },

    countAllSentSince(since: number): Promise<number> {
      return ctx.run('countAllSentSince', () => Number(all(SQL.sentSince, since)[0]?.n ?? 0));
    },

    pollFeedNow(id: string, now: number): Promise<boolean> {
      return ctx.run('pollFeedNow', () => all(SQL.pollNow, id, now).length > 0);
    },
  };
}
