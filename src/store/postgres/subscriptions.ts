// The subscriptions concern on PostgreSQL (concerns/subscriptions.ts).
import type { NoticeDraft, Subscription } from '../../domain/types.ts';
import { applySubscriptionPatch } from '../concerns/subscriptions.ts';
import type { RemovedSubscription, SubscriptionFilter, SubscriptionPatch, SubscriptionStore } from '../concerns/subscriptions.ts';
import { duplicateSubscription } from '../store-errors.ts';
import type { PostgresContext } from './context.ts';
import { jsonOrNull, subscriptionValues, toFeed, toSubscription } from './rows.ts';
import type { FeedRow, SubscriptionRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresSubscriptions(ctx: PostgresContext): SubscriptionStore {
  return {
    syncConfigSubscriptions(subscriptions: Subscription[]): Promise<void> {
      return ctx.transaction('syncConfigSubscriptions', async (client) => {
        const ids = subscriptions.map((subscription) => subscription.id);
        await client.query('DELETE FROM subscriptions WHERE managed_by_config AND NOT (id = ANY($1::text[]))', [ids]);
        for (const subscription of subscriptions) {
          await client.query(sql.SYNC_CONFIG_SUBSCRIPTION, subscriptionValues({ ...subscription, managedByConfig: true }));
        }
      });
    },

    // The share lock on its feeds makes it take turns with a removal that locked them: either that
    // removal waits and then sees this subscription, or this one waits and adds after the feed went.
    addSubscription(subscription: Subscription): Promise<void> {
      return ctx.transaction('addSubscription', async (client) => {
        if (subscription.feeds !== null && subscription.feeds.length > 0) {
          await client.query('SELECT id FROM feeds WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C" FOR SHARE', [subscription.feeds]);
        }
        const { rowCount } = await client.query(sql.ADD_SUBSCRIPTION, subscriptionValues(subscription));
        if (rowCount === 0) throw duplicateSubscription(subscription.id);
      });
    },

    removeSubscription(id: string): Promise<RemovedSubscription | null> {
      return ctx.transaction('removeSubscription', async (client) => {
        const removed = await client.query<{ feeds: string[] | null }>('DELETE FROM subscriptions WHERE id = $1 RETURNING feeds', [id]);
        if (!removed.rows[0]) return null;
        const locked = await client.query<{ id: string }>(sql.LOCK_FOLLOWING_FEEDS, [removed.rows[0].feeds ?? []]);
        if (locked.rows.length === 0) return { feeds: [] };
        const gone = await client.query<FeedRow>(sql.REMOVE_UNFOLLOWED_FEEDS, [locked.rows.map((row) => row.id)]);
        return { feeds: gone.rows.map(toFeed) };
      });
    },

    async getSubscription(id: string): Promise<Subscription | null> {
      const rows = await ctx.query<SubscriptionRow>('getSubscription', 'SELECT * FROM subscriptions WHERE id = $1', [id]);
      return rows[0] ? toSubscription(rows[0]) : null;
    },

    async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
      const rows = await ctx.query<SubscriptionRow>('listSubscriptions', sql.LIST_SUBSCRIPTIONS, [
        filter.platform ?? null,
        filter.workspace === undefined,
        filter.workspace ?? null,
        filter.channel ?? null,
        filter.feedId ?? null,
      ]);
      return rows.map(toSubscription);
    },

    updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
      return ctx.transaction('updateSubscription', async (client) => {
        const { rows } = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) return null;
        const updated = applySubscriptionPatch(toSubscription(rows[0]), patch);
        await client.query(sql.UPDATE_SUBSCRIPTION, [id, updated.paused, updated.pausedReason, jsonOrNull(updated.digest), updated.query, updated.topic]);
        return updated;
      });
    },

    pauseSubscription(id: string, reason: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.transition('pauseSubscription', 'UPDATE subscriptions SET paused = true, paused_reason = $2 WHERE id = $1 AND NOT paused', [id, reason], notices, now);
    },
  };
}
