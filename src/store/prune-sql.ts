// Retention's deletes, one per kind, shared by both stores: the SQL is the same in SQLite and
// PostgreSQL but for parameter markers. Each deletes at most :limit rows (oldest first), so
// no statement holds the write lock for long however much has piled up.
import type { PruneCounts } from './concerns/retention.ts';

type Marker = (name: 'before' | 'limit') => string;

/**
 * How stale a served item's last-seen time may get before a poll moves it to now: a poll that
 * served it refreshes it at most once a day instead of writing every row of every page it fetched.
 */
export const SEEN_REFRESH_MS = 86_400_000;

/** The deletes in the order they must run: stories first, so their 'new' outbox rows may follow. */
export function pruneStatements(at: Marker): Record<keyof PruneCounts, string> {
  return {
    // An item its feed served within SEEN_REFRESH_MS of the feed's latest page is still served
    // (a page refreshes what it serves to at least its time less SEEN_REFRESH_MS): it stays,
    // however old, or its feed would alert it again as new. Only items the feed dropped go.
    seenItems: `
      DELETE FROM seen_items WHERE (feed_id, key) IN (
        SELECT feed_id, key FROM seen_items AS s WHERE last_seen_at < ${at('before')}
          AND last_seen_at < (SELECT max(last_seen_at) FROM seen_items AS m WHERE m.feed_id = s.feed_id) - ${SEEN_REFRESH_MS}
        ORDER BY last_seen_at LIMIT ${at('limit')})`,
    // A story with an alert still pending or held is still being told; its sources and urls cascade.
    stories: `
      DELETE FROM stories WHERE id IN (
        SELECT id FROM stories WHERE updated_at < ${at('before')}
          AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.story_id = stories.id AND outbox.status IN ('pending', 'held'))
        ORDER BY updated_at LIMIT ${at('limit')})`,
    // A sent 'new' row holds the message id an update of its story edits or threads under: it
    // stays while the story does.
    sentOutbox: `
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE status = 'sent' AND coalesce(sent_at, next_attempt_at) < ${at('before')}
          AND (kind <> 'new' OR NOT EXISTS (SELECT 1 FROM stories WHERE stories.id = outbox.story_id))
        ORDER BY coalesce(sent_at, next_attempt_at) LIMIT ${at('limit')})`,
    // markDead stamps next_attempt_at with the time of death.
    deadOutbox: `
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE status = 'dead' AND coalesce(sent_at, next_attempt_at) < ${at('before')}
        ORDER BY coalesce(sent_at, next_attempt_at) LIMIT ${at('limit')})`,
    notices: `
      DELETE FROM notices WHERE id IN (
        SELECT id FROM notices WHERE status IN ('sent', 'dead') AND coalesce(sent_at, next_attempt_at) < ${at('before')}
        ORDER BY coalesce(sent_at, next_attempt_at) LIMIT ${at('limit')})`,
  };
}

/** Which cutoff each kind is measured against. */
export const PRUNE_CUTOFF = {
  seenItems: 'seenItemsBefore',
  stories: 'storiesUpdatedBefore',
  sentOutbox: 'sentOutboxBefore',
  deadOutbox: 'deadOutboxBefore',
  notices: 'noticesBefore',
} as const;

/** Nothing pruned yet: the start of a count. */
export function noPrunes(): PruneCounts {
  return { seenItems: 0, stories: 0, sentOutbox: 0, deadOutbox: 0, notices: 0 };
}
