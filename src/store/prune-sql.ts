// Retention's deletes, one per kind, shared by both stores: the SQL is the same in SQLite and
// PostgreSQL but for parameter markers. Each deletes at most :limit rows (oldest first), so
// no statement holds the write lock for long however much has piled up.
import type { PruneCounts } from './concerns/retention.ts';

type Marker = (name: 'before' | 'limit') => string;

/** The deletes in the order they must run: stories first, so their 'new' outbox rows may follow. */
export function pruneStatements(at: Marker): Record<keyof PruneCounts, string> {
  return {
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
  stories: 'storiesUpdatedBefore',
  sentOutbox: 'sentOutboxBefore',
  deadOutbox: 'deadOutboxBefore',
  notices: 'noticesBefore',
} as const;
