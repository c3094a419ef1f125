// The subscriptions concern: who wants which feeds' stories where, config-managed or added
// from chat, and their paused state.
import type { FeedRecord, NoticeDraft, PlatformName, Subscription } from '../../domain/types.ts';

/** What removing a subscription took with it. */
export interface RemovedSubscription {
  /** Feeds that followed subscriptions and that it was the last to name, removed with their seen items. */
  feeds: FeedRecord[];
}

export interface SubscriptionFilter {
  platform?: PlatformName;
  workspace?: string | null;
  channel?: string;
  feedId?: string;
}

export type SubscriptionPatch = Partial<Pick<Subscription, 'paused' | 'pausedReason' | 'digest' | 'query' | 'topic'>>;

/** A patch's meaning, shared by every store: keys left undefined keep the subscription's value. */
export function applySubscriptionPatch(subscription: Subscription, patch: SubscriptionPatch): Subscription {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...subscription, ...defined };
}

export interface SubscriptionStore {
  /** Replaces the managed-by-config subscriptions with these, keeping paused state of unchanged ids. */
  syncConfigSubscriptions(subscriptions: Subscription[]): Promise<void>;
  /**
   * Adds a subscription. It takes turns with removeSubscription over the feeds it names, so a
   * feed that follows subscriptions either counts it or was removed before it was added (a
   * caller that needs the feed checks afterwards that it is still there).
   */
  addSubscription(subscription: Subscription): Promise<void>;
  /**
   * Removes a subscription and, in the same transaction, the feeds that follow subscriptions
   * which it names and no other subscription names (one reading every feed does not count);
   * null when there is no such subscription. Concurrent removals take turns over those feeds,
   * so the last one out removes them.
   */
  removeSubscription(id: string): Promise<RemovedSubscription | null>;
  getSubscription(id: string): Promise<Subscription | null>;
  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]>;
  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | null>;
  /** Pauses an active subscription and queues `notices` in the same transaction; false (nothing queued) when missing or already paused. */
  pauseSubscription(id: string, reason: string, now: number, notices: NoticeDraft[]): Promise<boolean>;
}
