// PostgreSQL rows and their mapping to domain records. The pool parses bigint as a JS number
// and jsonb as JSON, so rows are already close to the domain shapes.
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
  Story,
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
  seeded: boolean;
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
  feeds: string[] | null;
  query: string;
  topic: string | null;
  digest: DigestSchedule | null;
  story_policy: StoryPolicy;
  created_by: string;
  paused: boolean;
  paused_reason: string | null;
  managed_by_config: boolean;
  created_at: number;
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  subscription_id: string;
  alert: Alert;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  message_ref: MessageRef | null;
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
    seeded: row.seeded,
    failureCount: row.failure_count,
    lastError: row.last_error,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
  };
}

function toSource(row: SourceRow): StorySource {
  return { feedId: row.feed_id, itemKey: row.item_key, sourceName: row.source_name, url: row.url, seenAt: row.seen_at };
}

export function toStory(row: StoryRow, sources: SourceRow[]): Story {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    fingerprint: row.fingerprint,
    sources: sources.map(toSource),
  };
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    platform: row.platform,
    workspace: row.workspace,
    channel: row.channel,
    feeds: row.feeds,
    query: row.query,
    topic: row.topic,
    digest: row.digest,
    storyPolicy: row.story_policy,
    createdBy: row.created_by,
    paused: row.paused,
    pausedReason: row.paused_reason,
    managedByConfig: row.managed_by_config,
    createdAt: row.created_at,
  };
}

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
  ];
}

export const SUBSCRIPTION_COLUMNS =
  'id, platform, workspace, channel, feeds, query, topic, digest, story_policy, created_by, paused, paused_reason, managed_by_config, created_at';

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    subscriptionId: row.subscription_id,
    alert: row.alert,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    messageRef: row.message_ref,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    holdReason: row.hold_reason,
    digestKey: row.digest_key,
  };
}

/** jsonb parameters go over the wire as JSON text; SQL NULL must stay NULL, not the JSON null. */
export function jsonOrNull(value: unknown): string | null {
  return value === null ? null : JSON.stringify(value);
}
