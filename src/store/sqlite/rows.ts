// SQLite rows and their mapping to domain records: 0/1 booleans, JSON text columns.
import type {
  Alert,
  DigestSchedule,
  FeedRecord,
  HoldReason,
  MessageRef,
  Notice,
  OutboxEntry,
  OutboxStatus,
  PlatformName,
  StoryPolicy,
  StorySource,
  Subscription,
} from '../../domain/types.ts';

export interface FeedRow {
  id: string;
  url: string;
  name: string | null;
  interval_ms: number;
  origin: FeedRecord['origin'];
  etag: string | null;
  last_modified: string | null;
  title: string | null;
  next_poll_at: number;
  last_polled_at: number | null;
  last_success_at: number | null;
  seeded: number;
  failure_count: number;
  last_error: string | null;
  disabled_reason: string | null;
  failing_since: number | null;
}

export interface StoryRow {
  id: string;
  title: string;
  url: string | null;
  created_at: number;
  updated_at: number;
  fingerprint: string | null;
}

export interface SourceRow {
  story_id: string;
  feed_id: string;
  item_key: string;
  source_name: string;
  url: string | null;
  seen_at: number;
}

export interface SubscriptionRow {
  id: string;
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  feeds: string | null;
  query: string;
  topic: string | null;
  digest: string | null;
  story_policy: StoryPolicy;
  created_by: string;
  paused: number;
  paused_reason: string | null;
  managed_by_config: number;
  created_at: number;
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  subscription_id: string;
  alert: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  message_ref: string | null;
  created_at: number;
  sent_at: number | null;
  hold_reason: HoldReason | null;
  digest_key: string | null;
}

export interface NoticeRow {
  id: number;
  idempotency_key: string;
  platform: PlatformName;
  workspace: string | null;
  channel: string | null;
  text: string;
  status: Notice['status'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export function toNotice(row: NoticeRow): Notice {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    text: row.text,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export function toFeed(row: FeedRow): FeedRecord {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    intervalMs: row.interval_ms,
    origin: row.origin,
    etag: row.etag,
    lastModified: row.last_modified,
    title: row.title,
    nextPollAt: row.next_poll_at,
    lastPolledAt: row.last_polled_at,
    lastSuccessAt: row.last_success_at,
    seeded: row.seeded === 1,
    failureCount: row.failure_count,
    lastError: row.last_error,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
  };
}

export function toSource(row: SourceRow): StorySource {
  return { feedId: row.feed_id, itemKey: row.item_key, sourceName: row.source_name, url: row.url, seenAt: row.seen_at };
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    feeds: row.feeds === null ? null : (JSON.parse(row.feeds) as string[]),
    query: row.query,
    topic: row.topic,
    digest: row.digest === null ? null : (JSON.parse(row.digest) as DigestSchedule),
    storyPolicy: row.story_policy,
    createdBy: row.created_by,
    paused: row.paused === 1,
    pausedReason: row.paused_reason,
    managedByConfig: row.managed_by_config === 1,
    createdAt: row.created_at,
  };
}

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
  };
}

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    subscriptionId: row.subscription_id,
    alert: JSON.parse(row.alert) as Alert,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    messageRef: row.message_ref === null ? null : (JSON.parse(row.message_ref) as MessageRef),
    createdAt: row.created_at,
    sentAt: row.sent_at,
    holdReason: row.hold_reason,
    digestKey: row.digest_key,
  };
}
