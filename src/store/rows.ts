// Rows as the stores read them, and their one mapping to domain records. The drivers differ
// only in how a column comes back: SQLite gives 0/1 for booleans and JSON as text, pg gives
// booleans and parsed jsonb. Row shapes take that as a parameter, and each store supplies two
// small decoders, so the mapping itself exists once.
import type { Mention } from '../domain/mention.ts';
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
  Subscription,
} from '../domain/types.ts';

/** How a driver returns booleans and JSON columns. */
export interface Driver {
  bool: number | boolean;
  json: 'text' | 'parsed';
}

type JsonColumn<T, D extends Driver> = D['json'] extends 'text' ? string : T;

export interface Decoders<D extends Driver> {
  flag(value: D['bool']): boolean;
  json<T>(value: JsonColumn<T, D>): T;
}

export interface FeedRow<D extends Driver> {
  id: string;
  url: string;
  name: string | null;
  interval_ms: number;
  origin: FeedRecord['origin'];
  follows_subscriptions: D['bool'];
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  title: string | null;
  next_poll_at: number;
  last_polled_at: number | null;
  last_success_at: number | null;
  seeded: D['bool'];
  failure_count: number;
  last_error: string | null;
  failing_since: number | null;
}

/** The sentences a feed repeats (concerns/commit-poll.ts PollCommit.boilerplate). */
export interface BoilerplateRow<D extends Driver> {
  feed_id: string;
  sentences: JsonColumn<string[], D>;
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
  link: string | null;
  seen_at: number;
}

export interface SubscriptionRow<D extends Driver> {
  id: string;
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  feeds: JsonColumn<string[], D> | null;
  query: string;
  topic: string | null;
  digest: JsonColumn<DigestSchedule, D> | null;
  story_policy: StoryPolicy;
  created_by: string;
  paused: D['bool'];
  paused_reason: string | null;
  managed_by_config: D['bool'];
  created_at: number;
  mention: JsonColumn<Mention, D> | null;
}

export interface OutboxRow<D extends Driver> {
  id: number;
  idempotency_key: string;
  subscription_id: string;
  alert: JsonColumn<Alert, D>;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  message_ref: JsonColumn<MessageRef, D> | null;
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

/** The mappings whose rows differ by driver, bound to that driver's decoders. */
export function rowMapping<D extends Driver>(decode: Decoders<D>) {
  const nullableJson = <T>(value: JsonColumn<T, D> | null): T | null => (value === null ? null : decode.json<T>(value));
  return {
    toFeed(row: FeedRow<D>): FeedRecord {
      return {
        id: row.id,
        url: row.url,
        name: row.name,
        intervalMs: row.interval_ms,
        origin: row.origin,
        followsSubscriptions: decode.flag(row.follows_subscriptions),
        etag: row.etag,
        lastModified: row.last_modified,
        bodyHash: row.body_hash,
        title: row.title,
        nextPollAt: row.next_poll_at,
        lastPolledAt: row.last_polled_at,
        lastSuccessAt: row.last_success_at,
        seeded: decode.flag(row.seeded),
        failureCount: row.failure_count,
        lastError: row.last_error,
        failingSince: row.failing_since,
      };
    },

    toSubscription(row: SubscriptionRow<D>): Subscription {
      return {
        id: row.id,
        platform: row.platform,
        workspace: row.workspace,
        channel: row.channel,
        feeds: nullableJson<string[]>(row.feeds),
        query: row.query,
        topic: row.topic,
        digest: nullableJson<DigestSchedule>(row.digest),
        storyPolicy: row.story_policy,
        createdBy: row.created_by,
        paused: decode.flag(row.paused),
        pausedReason: row.paused_reason,
        managedByConfig: decode.flag(row.managed_by_config),
        createdAt: row.created_at,
        // Absent rather than null, as on a subscription made before mentions existed.
        ...(row.mention === null ? {} : { mention: decode.json<Mention>(row.mention) }),
      };
    },

    toOutboxEntry(row: OutboxRow<D>): OutboxEntry {
      return {
        id: row.id,
        idempotencyKey: row.idempotency_key,
        subscriptionId: row.subscription_id,
        alert: decode.json<Alert>(row.alert),
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
        lastError: row.last_error,
        messageRef: nullableJson<MessageRef>(row.message_ref),
        createdAt: row.created_at,
        sentAt: row.sent_at,
        holdReason: row.hold_reason,
        digestKey: row.digest_key,
      };
    },

    toBoilerplate(rows: BoilerplateRow<D>[]): Map<string, string[]> {
      return new Map(rows.map((row) => [row.feed_id, decode.json<string[]>(row.sentences)]));
    },
  };
}

export function toStory(row: StoryRow, sources: SourceRow[]): Story {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    fingerprint: row.fingerprint,
    sources: sources.map((source) => ({
      feedId: source.feed_id,
      itemKey: source.item_key,
      sourceName: source.source_name,
      url: source.url,
      ...(source.link === null ? {} : { link: source.link }),
      seenAt: source.seen_at,
    })),
  };
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
