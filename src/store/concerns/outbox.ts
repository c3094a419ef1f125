// The outbox concern: alerts queued by poll commits, claimed and marked by the delivery
// workers, held back and sealed into digests, and read back to edit a story's message.
import type { ChannelRef, HoldReason, MessageRef, OutboxEntry, OutboxStatus, PlatformName } from '../../domain/types.ts';

/** Held entries sealed into one digest: one channel, one hold reason, one idempotency key. */
export interface DigestClaim {
  key: string;
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  reason: HoldReason;
  /** Oldest first. */
  entries: OutboxEntry[];
}

/** What operators watch on the outbox: entries not yet delivered (pending or held) and the oldest one's age. */
export interface OutboxStats {
  depth: number;
  /** When the oldest undelivered entry was queued; null when there is none. */
  oldestCreatedAt: number | null;
}

export interface OutboxStore {
  /**
   * Claims up to `limit` pending entries due at `now`, oldest first, pushing nextAttemptAt to
   * `leaseUntil`. An entry waits while an older pending entry of its channel is not due (a
   * retry, a lease), so each channel receives its alerts in order. At most `perChannel` entries
   * of one channel are claimed (default: no cap beyond `limit`), so a claim reaches every
   * channel with something due instead of one channel's backlog.
   */
  claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel?: number): Promise<OutboxEntry[]>;
  markSent(id: number, ref: MessageRef, now: number): Promise<void>;
  markRetry(id: number, error: string, nextAttemptAt: number): Promise<void>;
  markDead(id: number, error: string, now: number): Promise<void>;
  /** Moves a due time later without counting an attempt (an entry queued behind a retried one). */
  postponeOutbox(id: number, until: number): Promise<void>;
  /** Holds a pending entry back for a digest, released at `releaseAt`. */
  holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void>;
  /**
   * Seals held entries due at `now` into digests (one per channel and reason, keyed by its
   * oldest entry) and claims them together with sealed digests whose lease ran out (a crash
   * mid-send), pushing their due time to `leaseUntil`. A sealed digest never gains entries, so
   * its key names the same message on every attempt.
   */
  claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]>;
  markDigestSent(key: string, ref: MessageRef, now: number): Promise<void>;
  markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void>;
  markDigestDead(key: string, error: string, now: number): Promise<void>;
  /** Puts a dead entry back to pending, due now, out of any digest it was sealed into. */
  retryOutbox(id: number, now: number): Promise<boolean>;
  listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]>;
  /** The channel's first 'new' entry (any status) for each of these stories it has one for: its message about the story. */
  storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>>;
  /** Every entry (any channel, kind and status) of these stories, oldest first: what a story merge moves. */
  storyEntries(storyIds: string[]): Promise<OutboxEntry[]>;
  /** The channel's first 'new' entry (any status) for this story: what a story update edits. */
  originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null>;
  /** When each of these subscriptions last had an alert delivered; subscriptions with none are absent. */
  lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>>;
  /** Messages carrying 'new' alerts posted to a channel since `since`, a digest counting once (per-channel hourly caps). */
  countSentSince(platform: PlatformName, channel: string, since: number): Promise<number>;
  /** One aggregate query, cheap enough for every metrics scrape. */
  outboxStats(): Promise<OutboxStats>;
}
