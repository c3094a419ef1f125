// SQLite's side of the shared row mapping (../rows.ts): booleans are 0/1 and JSON columns text.
import type { Subscription } from '../../domain/types.ts';
import { rowMapping, type BoilerplateRow as AnyBoilerplateRow, type FeedRow as AnyFeedRow, type OutboxRow as AnyOutboxRow, type SubscriptionRow as AnySubscriptionRow } from '../rows.ts';

type Sqlite = { bool: number; json: 'text' };
export type FeedRow = AnyFeedRow<Sqlite>;
export type SubscriptionRow = AnySubscriptionRow<Sqlite>;
export type OutboxRow = AnyOutboxRow<Sqlite>;
export type BoilerplateRow = AnyBoilerplateRow<Sqlite>;
export type { NoticeRow, SourceRow, StoryRow } from '../rows.ts';
export { toNotice, toStory } from '../rows.ts';

export const { toFeed, toSubscription, toOutboxEntry, toBoilerplate } = rowMapping<Sqlite>({
  flag: (value) => value === 1,
  json: (value) => JSON.parse(value),
});

/** Named parameters for the subscription insert/update statements. */
export function subscriptionParams(subscription: Subscription): Record<string, string | number | null> {
  return {
    id: subscription.id,
    platform: subscription.platform,
    workspace: subscription.workspace,
    channel: subscription.channel,
    feeds: subscription.feeds === null ? null : JSON.stringify(subscription.feeds),
    query: subscription.query,
    topic: subscription.topic,
    digest: subscription.digest === null ? null : JSON.stringify(subscription.digest),
    storyPolicy: subscription.storyPolicy,
    createdBy: subscription.createdBy,
    paused: subscription.paused ? 1 : 0,
    pausedReason: subscription.pausedReason,
    managedByConfig: subscription.managedByConfig ? 1 : 0,
    createdAt: subscription.createdAt,
    mention: subscription.mention == null ? null : JSON.stringify(subscription.mention),
  };
}
