// The web panel's reads and its one write ("poll now"), shared by both stores: the SQL is the
// same in SQLite and PostgreSQL but for parameter markers and how a JSON field is read.
import type { FeedActivity } from './concerns/panel.ts';

export interface PanelDialect {
  /** The parameter marker for the nth parameter (1-based). */
  at: (n: number) => string;
  /** The outbox alert's item feed id as text. */
  alertFeedId: string;
}

// better-sqlite3 binds named parameters from an object: @p1, @p2 (see SqliteStore).
export const SQLITE_PANEL: PanelDialect = { at: (n) => `@p${n}`, alertFeedId: `json_extract(alert, '$.item.feedId')` };
export const POSTGRES_PANEL: PanelDialect = { at: (n) => `$${n}`, alertFeedId: `alert->'item'->>'feedId'` };

export function panelStatements(dialect: PanelDialect) {
  return {
    itemsSeen: `SELECT feed_id, count(*) AS n FROM seen_items GROUP BY feed_id`,
    // 'new' alerts are one per channel and story: what a feed's items caused, updates left out.
    alertsCaused: `SELECT ${dialect.alertFeedId} AS feed_id, count(*) AS n FROM outbox WHERE kind = 'new' GROUP BY 1`,
    sentSince: `SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND sent_at >= ${dialect.at(1)}`,
    pollNow: `UPDATE feeds SET next_poll_at = ${dialect.at(2)} WHERE id = ${dialect.at(1)} RETURNING id`,
  };
}

/** Both counts per feed id; a feed with neither is absent. */
export function mergeActivity(
  seen: { feed_id: string; n: number | string }[],
  caused: { feed_id: string | null; n: number | string }[],
): Map<string, FeedActivity> {
  const activity = new Map<string, FeedActivity>();
  const entry = (id: string): FeedActivity => activity.get(id) ?? activity.set(id, { itemsSeen: 0, alertsCaused: 0 }).get(id)!;
  for (const row of seen) entry(row.feed_id).itemsSeen = Number(row.n);
  for (const row of caused) if (row.feed_id !== null) entry(row.feed_id).alertsCaused = Number(row.n);
  return activity;
}
