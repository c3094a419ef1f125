// The retention concern: deleting finished rows past their configured age, in small batches
// (scheduler/retention.ts repeats them; docs/ARCHITECTURE.md, "Retention", says what is kept).

/** Epoch-ms ages past which finished rows may go (see the retention section of docs/ARCHITECTURE.md). */
export interface PruneCutoffs {
  /**
   * Seen items last served before this and absent from their feed's latest served page: an item
   * its feed still serves is never pruned, so it is never alerted again as new.
   */
  seenItemsBefore: number;
  /** Stories last updated before this, with nothing pending or held for them; their sources and urls go with them. */
  storiesUpdatedBefore: number;
  /** Sent outbox rows sent before this; a sent 'new' row stays while its story does (an update still edits its message). */
  sentOutboxBefore: number;
  /** Dead outbox rows that died before this. */
  deadOutboxBefore: number;
  /** Sent or dead notices finished before this. */
  noticesBefore: number;
}

/** How many rows one prune batch deleted, by kind. */
export interface PruneCounts {
  seenItems: number;
  stories: number;
  sentOutbox: number;
  deadOutbox: number;
  notices: number;
}

export interface RetentionStore {
  /**
   * Deletes at most `limit` rows of each kind past its cutoff, stories first so their 'new' outbox
   * rows may follow in the same batch. Callers repeat until every count is below `limit`.
   */
  pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts>;
}
