// The outbox concern on SQLite (concerns/outbox.ts).
import type { ChannelRef, HoldReason, MessageRef, OutboxEntry, OutboxStatus, PlatformName } from '../../domain/types.ts';
import type { DigestClaim, OutboxStats, OutboxStore } from '../concerns/outbox.ts';
import { claimedDigests, groupHeldEntries } from '../digest-groups.ts';
import type { SqliteContext } from './context.ts';
import { toOutboxEntry } from './rows.ts';

export function sqliteOutbox(ctx: SqliteContext): OutboxStore {
  return {
    claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel: number = limit): Promise<OutboxEntry[]> {
      return ctx.run('claimDueOutbox', (q) =>
        ctx.claim(
          () => q.dueOutbox.all({ now, limit, perChannel }),
          (row) => q.leaseOutbox.run(leaseUntil, row.id),
          (row) => toOutboxEntry({ ...row, next_attempt_at: leaseUntil }),
        ),
      );
    },

    markSent(id: number, ref: MessageRef, now: number): Promise<void> {
      return ctx.run('markSent', (q) => void q.markSent.run({ id, messageRef: JSON.stringify(ref), now }));
    },

    markRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
      return ctx.run('markRetry', (q) => void q.markRetry.run({ id, error, nextAttemptAt }));
    },

    markDead(id: number, error: string, now: number): Promise<void> {
      return ctx.run('markDead', (q) => void q.markDead.run({ id, error, now }));
    },

    postponeOutbox(id: number, until: number): Promise<void> {
      return ctx.run('postponeOutbox', (q) => void q.leaseOutbox.run(until, id));
    },

    holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void> {
      return ctx.run('holdOutbox', (q) => void q.holdOutbox.run({ id, reason, releaseAt }));
    },

    claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]> {
      return ctx.run('claimDueDigests', (q) =>
        ctx.immediate(() => {
          const digests = groupHeldEntries(q.dueHeld.all(now).map(toOutboxEntry));
          for (const digest of digests) {
            for (const entry of digest.entries) q.sealDigest.run(digest.key, leaseUntil, entry.id);
          }
          return claimedDigests(digests, leaseUntil);
        }),
      );
    },

    markDigestSent(key: string, ref: MessageRef, now: number): Promise<void> {
      return ctx.run('markDigestSent', (q) => void q.markDigestSent.run({ key, messageRef: JSON.stringify(ref), now }));
    },

    markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void> {
      return ctx.run('markDigestRetry', (q) => void q.markDigestRetry.run({ key, error, nextAttemptAt }));
    },

    markDigestDead(key: string, error: string, now: number): Promise<void> {
      return ctx.run('markDigestDead', (q) => void q.markDigestDead.run({ key, error, now }));
    },

    retryOutbox(id: number, now: number): Promise<boolean> {
      return ctx.run('retryOutbox', (q) => q.retryOutbox.run({ id, now }).changes > 0);
    },

    listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]> {
      // SQLite reads a negative LIMIT as "no limit".
      return ctx.run('listOutbox', (q) => q.listOutbox.all({ status: status ?? null, limit: limit ?? -1 }).map(toOutboxEntry));
    },

    storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>> {
      return ctx.run('storyMessages', (q) => {
        const rows = q.storyMessages.all({ ...channelParams(channel), storyIds: JSON.stringify(storyIds) });
        return new Map(rows.map((row) => toOutboxEntry(row)).map((entry) => [entry.alert.storyId, entry]));
      });
    },

    storyEntries(storyIds: string[]): Promise<OutboxEntry[]> {
      return ctx.run('storyEntries', (q) => q.storyEntries.all(JSON.stringify(storyIds)).map(toOutboxEntry));
    },

    originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null> {
      return ctx.run('originalEntry', (q) => {
        const row = q.originalEntry.get({ ...channelParams(channel), storyId });
        return row ? toOutboxEntry(row) : null;
      });
    },

    lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>> {
      return ctx.run('lastSentAt', (q) => new Map(q.lastSentAt.all(JSON.stringify(subscriptionIds)).map((row) => [row.subscription_id, row.sent_at])));
    },

    countSentSince(platform: PlatformName, channel: string, since: number): Promise<number> {
      return ctx.run('countSentSince', (q) => q.countSentSince.get(platform, channel, since)?.count ?? 0);
    },

    outboxStats(): Promise<OutboxStats> {
      return ctx.run('outboxStats', (q) => {
        const row = q.outboxStats.get();
        return { depth: row?.depth ?? 0, oldestCreatedAt: row?.oldest_created_at ?? null };
      });
    },
  };
}

/** A channel's address as statement parameters (an Alert or a Subscription will do): the platform's channel id. */
function channelParams({ platform, channel }: ChannelRef): Record<string, string> {
  return { platform, channel };
}
