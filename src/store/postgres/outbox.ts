// The outbox concern on PostgreSQL (concerns/outbox.ts).
import type { ChannelRef, HoldReason, MessageRef, OutboxEntry, OutboxStatus, PlatformName } from '../../domain/types.ts';
import type { DigestClaim, OutboxStats, OutboxStore } from '../concerns/outbox.ts';
import { claimedDigests, groupHeldEntries } from '../digest-groups.ts';
import type { PostgresContext } from './context.ts';
import { toOutboxEntry } from './rows.ts';
import type { OutboxRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresOutbox(ctx: PostgresContext): OutboxStore {
  return {
    claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel: number = limit): Promise<OutboxEntry[]> {
      // Claims take turns: a claim must see the leases the one before it committed, or two
      // processes would each take part of one channel's queue and send it out of order.
      return ctx.transaction('claimDueOutbox', async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`herald:claim-outbox:${ctx.schema ?? ''}`]);
        const { rows } = await client.query<OutboxRow>(sql.CLAIM_DUE_OUTBOX, [now, limit, leaseUntil, perChannel]);
        return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(toOutboxEntry);
      });
    },

    async markSent(id: number, ref: MessageRef, now: number): Promise<void> {
      await ctx.query('markSent', sql.MARK_SENT, [id, JSON.stringify(ref), now]);
    },

    async markRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
      await ctx.query('markRetry', sql.MARK_RETRY, [id, error, nextAttemptAt]);
    },

    async markDead(id: number, error: string, now: number): Promise<void> {
      await ctx.query('markDead', sql.MARK_DEAD, [id, error, now]);
    },

    async postponeOutbox(id: number, until: number): Promise<void> {
      await ctx.query('postponeOutbox', 'UPDATE outbox SET next_attempt_at = $2 WHERE id = $1', [id, until]);
    },

    async holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void> {
      await ctx.query('holdOutbox', sql.HOLD_OUTBOX, [id, reason, releaseAt]);
    },

    claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]> {
      return ctx.transaction('claimDueDigests', async (client) => {
        const digests = groupHeldEntries((await client.query<OutboxRow>(sql.DUE_HELD, [now])).rows.map(toOutboxEntry));
        const seals = digests.flatMap((digest) => digest.entries.map((entry) => ({ id: entry.id, key: digest.key })));
        if (seals.length > 0) await client.query(sql.SEAL_DIGESTS, [JSON.stringify(seals), leaseUntil]);
        return claimedDigests(digests, leaseUntil);
      });
    },

    async markDigestSent(key: string, ref: MessageRef, now: number): Promise<void> {
      await ctx.query('markDigestSent', sql.MARK_DIGEST_SENT, [key, JSON.stringify(ref), now]);
    },

    async markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void> {
      await ctx.query('markDigestRetry', sql.MARK_DIGEST_RETRY, [key, error, nextAttemptAt]);
    },

    async markDigestDead(key: string, error: string, now: number): Promise<void> {
      await ctx.query('markDigestDead', sql.MARK_DIGEST_DEAD, [key, error, now]);
    },

    async retryOutbox(id: number, now: number): Promise<boolean> {
      return (await ctx.query('retryOutbox', sql.RETRY_OUTBOX, [id, now])).length > 0;
    },

    async listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]> {
      // LIMIT NULL is no limit.
      return (await ctx.query<OutboxRow>('listOutbox', sql.LIST_OUTBOX, [status ?? null, limit ?? null])).map(toOutboxEntry);
    },

    async storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>> {
      const rows = await ctx.query<OutboxRow>('storyMessages', sql.STORY_MESSAGES, [...channelValues(channel), storyIds]);
      return new Map(rows.map((row) => toOutboxEntry(row)).map((entry) => [entry.alert.storyId, entry]));
    },

    async storyEntries(storyIds: string[]): Promise<OutboxEntry[]> {
      return (await ctx.query<OutboxRow>('storyEntries', sql.STORY_ENTRIES, [storyIds])).map(toOutboxEntry);
    },

    async originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null> {
      const rows = await ctx.query<OutboxRow>('originalEntry', sql.ORIGINAL_ENTRY, [...channelValues(channel), storyId]);
      return rows[0] ? toOutboxEntry(rows[0]) : null;
    },

    async lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>> {
      const rows = await ctx.query<{ subscription_id: string; sent_at: number }>('lastSentAt', sql.LAST_SENT_AT, [subscriptionIds]);
      return new Map(rows.map((row) => [row.subscription_id, row.sent_at]));
    },

    async countSentSince(platform: PlatformName, channel: string, since: number): Promise<number> {
      const rows = await ctx.query<{ count: number }>('countSentSince', sql.COUNT_SENT_SINCE, [platform, channel, since]);
      return rows[0]?.count ?? 0;
    },

    async outboxStats(): Promise<OutboxStats> {
      const rows = await ctx.query<{ depth: number; oldest_created_at: number | null }>('outboxStats', sql.OUTBOX_STATS);
      return { depth: rows[0]?.depth ?? 0, oldestCreatedAt: rows[0]?.oldest_created_at ?? null };
    },
  };
}

/** A channel's address as the first two query values (an Alert or a Subscription will do): the platform's channel id. */
function channelValues({ platform, channel }: ChannelRef): [string, string] {
  return [platform, channel];
}
