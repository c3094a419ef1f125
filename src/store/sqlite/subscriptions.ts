// The subscriptions concern on SQLite (concerns/subscriptions.ts).
import type { NoticeDraft, Subscription } from '../../domain/types.ts';
import { applySubscriptionPatch } from '../concerns/subscriptions.ts';
import type { RemovedSubscription, SubscriptionFilter, SubscriptionPatch, SubscriptionStore } from '../concerns/subscriptions.ts';
import { duplicateSubscription } from '../store-errors.ts';
import type { SqliteContext } from './context.ts';
import { subscriptionParams, toFeed, toSubscription } from './rows.ts';

export function sqliteSubscriptions(ctx: SqliteContext): SubscriptionStore {
  return {
    syncConfigSubscriptions(subscriptions: Subscription[]): Promise<void> {
      return ctx.run('syncConfigSubscriptions', (q) => {
        ctx.immediate(() => {
          q.deleteConfigSubscriptionsExcept.run(JSON.stringify(subscriptions.map((subscription) => subscription.id)));
          for (const subscription of subscriptions) q.syncConfigSubscription.run(subscriptionParams(subscription));
        });
      });
    },

    addSubscription(subscription: Subscription): Promise<void> {
      return ctx.run('addSubscription', (q) => {
        if (q.addSubscription.run(subscriptionParams(subscription)).changes === 0) throw duplicateSubscription(subscription.id);
      });
    },

    // IMMEDIATE transactions run one at a time, so the check for other subscriptions sees every
    // removal and addition committed before it and none can slip in before the feeds go.
    removeSubscription(id: string): Promise<RemovedSubscription | null> {
      return ctx.run('removeSubscription', (q) =>
        ctx.immediate(() => {
          const removed = q.removeSubscription.get(id);
          if (!removed) return null;
          return { feeds: removed.feeds === null ? [] : q.removeUnfollowedFeeds.all(removed.feeds).map(toFeed) };
        }),
      );
    },

    getSubscription(id: string): Promise<Subscription | null> {
      return ctx.run('getSubscription', (q) => {
        const row = q.getSubscription.get(id);
        return row ? toSubscription(row) : null;
      });
    },

    listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
      return ctx.run('listSubscriptions', (q) =>
        q.listSubscriptions
          .all({
            platform: filter.platform ?? null,
            anyWorkspace: filter.workspace === undefined ? 1 : 0,
            workspace: filter.workspace ?? null,
            channel: filter.channel ?? null,
            feedId: filter.feedId ?? null,
          })
          .map(toSubscription),
      );
    },

    updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
      return ctx.run('updateSubscription', (q) =>
        ctx.immediate(() => {
          const row = q.getSubscription.get(id);
          if (!row) return null;
          const updated = applySubscriptionPatch(toSubscription(row), patch);
          q.updateSubscription.run(subscriptionParams(updated));
          return updated;
        }),
      );
    },

    pauseSubscription(id: string, reason: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.run('pauseSubscription', (q) => ctx.transition(q, () => q.pauseSubscription.run({ id, reason }).changes > 0, notices, now));
    },
  };
}
