// PostgreSQL's side of the shared row mapping (../rows.ts): the pool parses bigint as a JS
// number, booleans as booleans and jsonb as JSON, so the decoders pass values through.
import type { Subscription } from '../../domain/types.ts';
import { rowMapping, type BoilerplateRow as AnyBoilerplateRow, type FeedRow as AnyFeedRow, type OutboxRow as AnyOutboxRow, type SubscriptionRow as AnySubscriptionRow } from '../rows.ts';

type Pg = { bool: boolean; json: 'parsed' };
export type FeedRow = AnyFeedRow<Pg>;
export type SubscriptionRow = AnySubscriptionRow<Pg>;
export type OutboxRow = AnyOutboxRow<Pg>;
export type BoilerplateRow = AnyBoilerplateRow<Pg>;
export type { NoticeRow, SourceRow, StoryRow } from '../rows.ts';
export { toNotice, toStory } from '../rows.ts';

export const { toFeed, toSubscription, toOutboxEntry, toBoilerplate } = rowMapping<Pg>({ flag: (value) => value, json: (value) => value });

/** Positional values for the subscription statements, in SUBSCRIPTION_COLUMNS order. */
export function subscriptionValues(subscription: Subscription): unknown[] {
  return [
    subscription.id,
    subscription.platform,
    subscription.workspace,
    subscription.channel,
    jsonOrNull(subscription.feeds),
    subscription.query,
    subscription.topic,
    jsonOrNull(subscription.digest),
    subscription.storyPolicy,
    subscription.createdBy,
    subscription.paused,
    subscription.pausedReason,
    subscription.managedByConfig,
    subscription.createdAt,
    jsonOrNull(subscription.mention ?? null),
  ];
}

export const SUBSCRIPTION_COLUMNS =
  'id, platform, workspace, channel, feeds, query, topic, digest, story_policy, created_by, paused, paused_reason, managed_by_config, created_at, mention';

/** jsonb parameters go over the wire as JSON text; SQL NULL must stay NULL, not the JSON null. */
export function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
