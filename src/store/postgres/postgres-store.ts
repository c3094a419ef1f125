// The scale-out store: several Herald processes share one PostgreSQL through a pg pool. Work
// is split by leases written into rows (claims use FOR UPDATE SKIP LOCKED), identity is held
// by unique constraints, and every multi-statement change is one transaction.
import type pg from 'pg';
import { HeraldError, describeError } from '../../domain/errors.ts';
import type { ChannelAddress, ChannelSettingsPatch } from '../channel-state.ts';
import { postgresChannelState } from './channel-state.ts';
import type { Alert, ChannelRef, ChannelSettings, FeedRecord, HoldReason, MessageRef, Notice, NoticeDraft, OutboxEntry, OutboxStatus, PlatformName, Story, Subscription } from '../../domain/types.ts';
import { claimedDigests, groupHeldEntries } from '../digest-groups.ts';
import { applySubscriptionPatch, groupFeedWorkspaces } from '../store.ts';
import { PRUNE_CUTOFF, pruneStatements } from '../prune-sql.ts';
import { duplicateSubscription, missingFeed } from '../store-errors.ts';
import type {
  AddFeedOptions,
  DigestClaim,
  FeedDefinition,
  FeedHealthCounts,
  NotModifiedPoll,
  OutboxStats,
  PollCommit,
  PruneCounts,
  PruneCutoffs,
  RemovedSubscription,
  SeenItem,
  Store,
  SubscriptionFilter,
  SubscriptionPatch,
  WorkspaceRef,
} from '../store.ts';
import { writePolls } from './commit-poll.ts';
import { applyMigrations } from './migrate.ts';
import { jsonOrNull, subscriptionValues, toFeed, toNotice, toOutboxEntry, toStory, toSubscription } from './rows.ts';
import type { FeedRow, NoticeRow, OutboxRow, SourceRow, StoryRow, SubscriptionRow } from './rows.ts';
import { openPool } from './pool.ts';
import * as sql from './sql.ts';

const PRUNE_SQL = pruneStatements((name) => (name === 'before' ? '$1' : '$2'));

export interface PostgresStoreOptions {
  /** Keep Herald's tables in this schema (created by migrate) instead of the default search_path. */
  schema?: string;
  /** Told about errors on idle pooled connections (server restart, network drop); the pool replaces them. */
  onIdleError?: (error: Error) => void;
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #where: string;
  readonly #schema: string | null;
  #closed = false;
  readonly #channelState = postgresChannelState(<Row extends pg.QueryResultRow>(operation: string, text: string, values?: unknown[]) => this.#query<Row>(operation, text, values));

  private constructor(pool: pg.Pool, where: string, schema: string | null) {
    this.#pool = pool;
    this.#where = where;
    this.#schema = schema;
  }

  static async connect(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const schema = options.schema ?? null;
    const { pool, where } = await openPool(url, schema, options.onIdleError);
    return new PostgresStore(pool, where, schema);
  }

  /** Applies pending migrations in one transaction under an advisory lock, so concurrent starts take turns. */
  migrate(): Promise<void> {
    return this.#transaction('migrate', (client) => applyMigrations(client, this.#schema, this.#where));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts> {
    const counts = { stories: 0, sentOutbox: 0, deadOutbox: 0, notices: 0 };
    // One statement at a time, each its own short transaction: no lock is held across kinds.
    for (const [kind, text] of Object.entries(PRUNE_SQL) as [keyof PruneCounts, string][]) {
      counts[kind] = (await this.#query(`pruneBatch ${kind}`, `${text} RETURNING 1`, [cutoffs[PRUNE_CUTOFF[kind]], limit])).length;
    }
    return counts;
  }

  async ping(): Promise<void> {
    // A read of a migrated table: a lost connection or a missing schema both reject.
    await this.#query('ping', 'SELECT 1 FROM feeds LIMIT 1');
  }

  // A channel's own state (channel-state.ts)

  channelSettings(channel: ChannelAddress): Promise<ChannelSettings | null> {
    return this.#channelState.channelSettings(channel);
  }
  listChannelSettings(): Promise<ChannelSettings[]> {
    return this.#channelState.listChannelSettings();
  }
  updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number): Promise<ChannelSettings> {
    return this.#channelState.updateChannelSettings(channel, patch, now);
  }
  recentAlerts(channel: ChannelAddress, since: number, limit: number): Promise<OutboxEntry[]> {
    return this.#channelState.recentAlerts(channel, since, limit);
  }
  queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number): Promise<number> {
    return this.#channelState.queueAlerts(alerts, now);
  }

  // Feeds

  syncConfigFeeds(feeds: FeedDefinition[], now: number): Promise<void> {
    // One row per id: a statement may not upsert the same row twice.
    const unique = [...new Map(feeds.map((feed) => [feed.id, feed])).values()];
    const batch = unique.map((feed) => ({ id: feed.id, url: feed.url, name: feed.name, interval_ms: feed.intervalMs }));
    return this.#transaction('syncConfigFeeds', async (client) => {
      await client.query(`DELETE FROM feeds WHERE origin = 'config' AND NOT (id = ANY($1::text[]))`, [unique.map((feed) => feed.id)]);
      await client.query(sql.SYNC_CONFIG_FEEDS, [JSON.stringify(batch), now]);
      // A config may add thousands of feeds at once; without fresh statistics the planner takes
      // the due-feed claim for a small table and sorts every due feed on each claim.
      await client.query('ANALYZE feeds');
    });
  }

  async addFeed(feed: FeedDefinition, now: number, options: AddFeedOptions = {}): Promise<FeedRecord | null> {
    const rows = await this.#query<FeedRow>('addFeed', sql.ADD_FEED, [feed.id, feed.url, feed.name, feed.intervalMs, now, options.followsSubscriptions ?? false]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async keepFeed(id: string): Promise<FeedRecord | null> {
    const rows = await this.#query<FeedRow>('keepFeed', 'UPDATE feeds SET follows_subscriptions = false WHERE id = $1 RETURNING *', [id]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async removeFeed(id: string): Promise<boolean> {
    return (await this.#query('removeFeed', 'DELETE FROM feeds WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async getFeed(id: string): Promise<FeedRecord | null> {
    const rows = await this.#query<FeedRow>('getFeed', 'SELECT * FROM feeds WHERE id = $1', [id]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async listFeeds(visibleTo?: WorkspaceRef): Promise<FeedRecord[]> {
    if (!visibleTo) return (await this.#query<FeedRow>('listFeeds', 'SELECT * FROM feeds ORDER BY id COLLATE "C"')).map(toFeed);
    const rows = await this.#query<FeedRow>(
      'listFeeds',
      `SELECT * FROM feeds WHERE origin = 'config'
         OR id IN (SELECT feed_id FROM feed_workspaces WHERE platform = $1 AND workspace = $2)
       ORDER BY id COLLATE "C"`,
      [visibleTo.platform, visibleTo.workspace ?? ''],
    );
    return rows.map(toFeed);
  }

  async addFeedWorkspace(feedId: string, owner: WorkspaceRef, addedBy?: string): Promise<void> {
    await this.#query('addFeedWorkspace', 'INSERT INTO feed_workspaces (feed_id, platform, workspace, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      feedId,
      owner.platform,
      owner.workspace ?? '',
      addedBy ?? null,
    ]);
  }

  async countFeedsAddedBy(owner: WorkspaceRef, userId: string): Promise<number> {
    const rows = await this.#query<{ count: string }>(
      'countFeedsAddedBy',
      'SELECT count(*) AS count FROM feed_workspaces WHERE platform = $1 AND workspace = $2 AND added_by = $3',
      [owner.platform, owner.workspace ?? '', userId],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async chatFeedWorkspaces(): Promise<Map<string, WorkspaceRef[]>> {
    const rows = await this.#query<{ id: string; platform: string | null; workspace: string | null }>(
      'chatFeedWorkspaces',
      `SELECT feeds.id, feed_workspaces.platform, feed_workspaces.workspace
       FROM feeds LEFT JOIN feed_workspaces ON feed_workspaces.feed_id = feeds.id
       WHERE feeds.origin = 'command'`,
    );
    return groupFeedWorkspaces(rows);
  }

  async removeFeedWorkspace(feedId: string, owner: WorkspaceRef): Promise<number> {
    // One statement: the delete and the count of what is left see the same snapshot.
    const rows = await this.#query<{ count: string }>(
      'removeFeedWorkspace',
      `WITH gone AS (DELETE FROM feed_workspaces WHERE feed_id = $1 AND platform = $2 AND workspace = $3 RETURNING workspace)
       SELECT count(*) AS count FROM feed_workspaces WHERE feed_id = $1 AND NOT (platform = $2 AND workspace = $3)`,
      [feedId, owner.platform, owner.workspace ?? ''],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async setFeedDisabled(id: string, reason: string | null): Promise<FeedRecord | null> {
    const rows = await this.#query<FeedRow>('setFeedDisabled', 'UPDATE feeds SET disabled_reason = $2 WHERE id = $1 RETURNING *', [id, reason]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]> {
    const rows = await this.#query<FeedRow & { due_at: number }>('claimDueFeeds', sql.CLAIM_DUE_FEEDS, [now, limit, leaseUntil]);
    return rows.sort((a, b) => a.due_at - b.due_at || compare(a.id, b.id)).map(toFeed);
  }

  async recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord> {
    const rows = await this.#query<FeedRow>('recordPollFailure', sql.RECORD_POLL_FAILURE, [feedId, error, now, nextPollAt]);
    if (!rows[0]) throw missingFeed(feedId);
    return toFeed(rows[0]);
  }

  async recordNotModified(polls: NotModifiedPoll[]): Promise<void> {
    const rows = polls.map((poll) => ({ feed_id: poll.feedId, now: poll.now, next_poll_at: poll.nextPollAt }));
    await this.#query('recordNotModified', sql.RECORD_NOT_MODIFIED, [JSON.stringify(rows)]);
  }

  commitPolls(commits: PollCommit[]): Promise<(number | null)[]> {
    return writePolls((text, values) => this.#query('commitPolls', text, values), commits);
  }

  markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#transition('markFeedFailing', 'UPDATE feeds SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL', [feedId, now], notices, now);
  }

  markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#transition('markFeedRecovered', 'UPDATE feeds SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [feedId], notices, now);
  }

  // Items and stories

  async seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>> {
    const rows = await this.#query<{ key: string; content_hash: string; story_id: string }>(
      'seenItems',
      'SELECT key, content_hash, story_id FROM seen_items WHERE feed_id = $1 AND key = ANY($2::text[])',
      [feedId, keys],
    );
    return new Map(rows.map((row) => [row.key, { feedId, key: row.key, contentHash: row.content_hash, storyId: row.story_id }]));
  }

  async storiesByUrl(urls: string[]): Promise<Map<string, string>> {
    const rows = await this.#query<{ url: string; story_id: string }>('storiesByUrl', 'SELECT url, story_id FROM story_urls WHERE url = ANY($1::text[])', [
      urls,
    ]);
    return new Map(rows.map((row) => [row.url, row.story_id]));
  }

  async getStory(id: string): Promise<Story | null> {
    // One round trip: a commit batch (pipeline/commit-batch.ts) waits on this for every item that joins a story.
    const [row] = await this.#query<StoryRow & { sources: SourceRow[] }>('getStory', sql.GET_STORY, [id]);
    return row ? toStory(row, row.sources) : null;
  }

  recentStories(since: number): Promise<Story[]> {
    return this.#transaction('recentStories', async (client) => {
      const stories = await client.query<StoryRow>('SELECT * FROM stories WHERE updated_at >= $1 ORDER BY updated_at, id COLLATE "C"', [since]);
      const byStory = new Map<string, SourceRow[]>();
      for (const source of (await client.query<SourceRow>(sql.RECENT_SOURCES, [since])).rows) {
        byStory.set(source.story_id, [...(byStory.get(source.story_id) ?? []), source]);
      }
      return stories.rows.map((row) => toStory(row, byStory.get(row.id) ?? []));
    });
  }

  // Subscriptions

  syncConfigSubscriptions(subscriptions: Subscription[]): Promise<void> {
    return this.#transaction('syncConfigSubscriptions', async (client) => {
      const ids = subscriptions.map((subscription) => subscription.id);
      await client.query('DELETE FROM subscriptions WHERE managed_by_config AND NOT (id = ANY($1::text[]))', [ids]);
      for (const subscription of subscriptions) {
        await client.query(sql.SYNC_CONFIG_SUBSCRIPTION, subscriptionValues({ ...subscription, managedByConfig: true }));
      }
    });
  }

  // The share lock on its feeds makes it take turns with a removal that locked them: either that
  // removal waits and then sees this subscription, or this one waits and adds after the feed went.
  addSubscription(subscription: Subscription): Promise<void> {
    return this.#transaction('addSubscription', async (client) => {
      if (subscription.feeds !== null && subscription.feeds.length > 0) {
        await client.query('SELECT id FROM feeds WHERE id = ANY($1::text[]) ORDER BY id COLLATE "C" FOR SHARE', [subscription.feeds]);
      }
      const { rowCount } = await client.query(sql.ADD_SUBSCRIPTION, subscriptionValues(subscription));
      if (rowCount === 0) throw duplicateSubscription(subscription.id);
    });
  }

  removeSubscription(id: string): Promise<RemovedSubscription | null> {
    return this.#transaction('removeSubscription', async (client) => {
      const removed = await client.query<{ feeds: string[] | null }>('DELETE FROM subscriptions WHERE id = $1 RETURNING feeds', [id]);
      if (!removed.rows[0]) return null;
      const locked = await client.query<{ id: string }>(sql.LOCK_FOLLOWING_FEEDS, [removed.rows[0].feeds ?? []]);
      if (locked.rows.length === 0) return { feeds: [] };
      const gone = await client.query<FeedRow>(sql.REMOVE_UNFOLLOWED_FEEDS, [locked.rows.map((row) => row.id)]);
      return { feeds: gone.rows.map(toFeed) };
    });
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const rows = await this.#query<SubscriptionRow>('getSubscription', 'SELECT * FROM subscriptions WHERE id = $1', [id]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    const rows = await this.#query<SubscriptionRow>('listSubscriptions', sql.LIST_SUBSCRIPTIONS, [
      filter.platform ?? null,
      filter.workspace === undefined,
      filter.workspace ?? null,
      filter.channel ?? null,
      filter.feedId ?? null,
    ]);
    return rows.map(toSubscription);
  }

  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
    return this.#transaction('updateSubscription', async (client) => {
      const { rows } = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE id = $1 FOR UPDATE', [id]);
      if (!rows[0]) return null;
      const updated = applySubscriptionPatch(toSubscription(rows[0]), patch);
      await client.query(sql.UPDATE_SUBSCRIPTION, [id, updated.paused, updated.pausedReason, jsonOrNull(updated.digest), updated.query, updated.topic]);
      return updated;
    });
  }

  pauseSubscription(id: string, reason: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#transition('pauseSubscription', 'UPDATE subscriptions SET paused = true, paused_reason = $2 WHERE id = $1 AND NOT paused', [id, reason], notices, now);
  }

  // Outbox

  claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel: number = limit): Promise<OutboxEntry[]> {
    // Claims take turns: a claim must see the leases the one before it committed, or two
    // processes would each take part of one channel's queue and send it out of order.
    return this.#transaction('claimDueOutbox', async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`herald:claim-outbox:${this.#schema ?? ''}`]);
      const { rows } = await client.query<OutboxRow>(sql.CLAIM_DUE_OUTBOX, [now, limit, leaseUntil, perChannel]);
      return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(toOutboxEntry);
    });
  }

  async markSent(id: number, ref: MessageRef, now: number): Promise<void> {
    await this.#query('markSent', sql.MARK_SENT, [id, JSON.stringify(ref), now]);
  }

  async markRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
    await this.#query('markRetry', sql.MARK_RETRY, [id, error, nextAttemptAt]);
  }

  async markDead(id: number, error: string, now: number): Promise<void> {
    await this.#query('markDead', sql.MARK_DEAD, [id, error, now]);
  }

  async postponeOutbox(id: number, until: number): Promise<void> {
    await this.#query('postponeOutbox', 'UPDATE outbox SET next_attempt_at = $2 WHERE id = $1', [id, until]);
  }

  async holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void> {
    await this.#query('holdOutbox', sql.HOLD_OUTBOX, [id, reason, releaseAt]);
  }

  claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]> {
    return this.#transaction('claimDueDigests', async (client) => {
      const digests = groupHeldEntries((await client.query<OutboxRow>(sql.DUE_HELD, [now])).rows.map(toOutboxEntry));
      const seals = digests.flatMap((digest) => digest.entries.map((entry) => ({ id: entry.id, key: digest.key })));
      if (seals.length > 0) await client.query(sql.SEAL_DIGESTS, [JSON.stringify(seals), leaseUntil]);
      return claimedDigests(digests, leaseUntil);
    });
  }

  async markDigestSent(key: string, ref: MessageRef, now: number): Promise<void> {
    await this.#query('markDigestSent', sql.MARK_DIGEST_SENT, [key, JSON.stringify(ref), now]);
  }

  async markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void> {
    await this.#query('markDigestRetry', sql.MARK_DIGEST_RETRY, [key, error, nextAttemptAt]);
  }

  async markDigestDead(key: string, error: string, now: number): Promise<void> {
    await this.#query('markDigestDead', sql.MARK_DIGEST_DEAD, [key, error, now]);
  }

  async retryOutbox(id: number, now: number): Promise<boolean> {
    return (await this.#query('retryOutbox', sql.RETRY_OUTBOX, [id, now])).length > 0;
  }

  async listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]> {
    // LIMIT NULL is no limit.
    return (await this.#query<OutboxRow>('listOutbox', sql.LIST_OUTBOX, [status ?? null, limit ?? null])).map(toOutboxEntry);
  }

  async storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>> {
    const rows = await this.#query<OutboxRow>('storyMessages', sql.STORY_MESSAGES, [...channelValues(channel), storyIds]);
    return new Map(rows.map((row) => toOutboxEntry(row)).map((entry) => [entry.alert.storyId, entry]));
  }

  async sentMessage(channel: ChannelRef, storyId: string): Promise<MessageRef | null> {
    const rows = await this.#query<{ message_ref: MessageRef }>('sentMessage', sql.SENT_MESSAGE, [...channelValues(channel), storyId]);
    return rows[0]?.message_ref ?? null;
  }

  async originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null> {
    const rows = await this.#query<OutboxRow>('originalEntry', sql.ORIGINAL_ENTRY, [...channelValues(channel), storyId]);
    return rows[0] ? toOutboxEntry(rows[0]) : null;
  }

  async lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>> {
    const rows = await this.#query<{ subscription_id: string; sent_at: number }>(
      'lastSentAt',
      sql.LAST_SENT_AT,
      [subscriptionIds],
    );
    return new Map(rows.map((row) => [row.subscription_id, row.sent_at]));
  }

  async countSentSince(platform: PlatformName, channel: string, since: number): Promise<number> {
    const rows = await this.#query<{ count: number }>('countSentSince', sql.COUNT_SENT_SINCE, [platform, channel, since]);
    return rows[0]?.count ?? 0;
  }

  // Notices

  async claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]> {
    const rows = await this.#query<NoticeRow>('claimDueNotices', sql.CLAIM_DUE_NOTICES, [now, limit, leaseUntil]);
    return rows.sort((a, b) => a.created_at - b.created_at || a.id - b.id).map(toNotice);
  }

  async markNoticeSent(id: number, now: number): Promise<void> {
    await this.#query('markNoticeSent', `UPDATE notices SET status = 'sent', sent_at = $2 WHERE id = $1`, [id, now]);
  }

  async markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
    await this.#query('markNoticeRetry', sql.MARK_NOTICE_RETRY, [id, error, nextAttemptAt]);
  }

  async markNoticeDead(id: number, error: string, now: number): Promise<void> {
    await this.#query('markNoticeDead', sql.MARK_NOTICE_DEAD, [id, error, now]);
  }

  async listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]> {
    const text = 'SELECT * FROM notices WHERE ($1::text IS NULL OR status = $1) ORDER BY id LIMIT $2';
    return (await this.#query<NoticeRow>('listNotices', text, [status ?? null, limit ?? null])).map(toNotice);
  }

  // Operations

  async outboxStats(): Promise<OutboxStats> {
    const rows = await this.#query<{ depth: number; oldest_created_at: number | null }>('outboxStats', sql.OUTBOX_STATS);
    return { depth: rows[0]?.depth ?? 0, oldestCreatedAt: rows[0]?.oldest_created_at ?? null };
  }

  async feedHealthCounts(): Promise<FeedHealthCounts> {
    const rows = await this.#query<FeedHealthCounts>('feedHealthCounts', sql.FEED_HEALTH_COUNTS);
    return { ok: 0, failing: 0, disabled: 0, ...rows[0] };
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return (await this.#query('acquireLease', sql.ACQUIRE_LEASE, [name, owner, now + ttlMs, now])).length > 0;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#query('releaseLease', 'DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  /** A state change that, only when it happens, queues its notices in the same transaction. */
  #transition(operation: string, change: string, values: unknown[], notices: NoticeDraft[], now: number): Promise<boolean> {
    return this.#transaction(operation, async (client) => {
      if ((await client.query(change, values)).rowCount === 0) return false;
      if (notices.length > 0) await client.query(sql.INSERT_NOTICES, [JSON.stringify(notices), now]);
      return true;
    });
  }

  async #query<Row extends pg.QueryResultRow>(operation: string, text: string, values: unknown[] = []): Promise<Row[]> {
    this.#assertOpen();
    try {
      return (await this.#pool.query<Row>(text, values)).rows;
    } catch (error) {
      throw this.#failure(operation, error);
    }
  }

  async #transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.#assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw this.#failure(operation, error);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is broken: release(true) discards it instead of pooling it.
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw this.#failure(operation, error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new HeraldError('store_failed', `The PostgreSQL store at ${this.#where} is closed; connect a new one`, { database: this.#where });
    }
  }

  #failure(operation: string, error: unknown): HeraldError {
    if (error instanceof HeraldError) return error;
    return new HeraldError(
      'store_failed',
      `PostgreSQL ${operation} failed at ${this.#where}: ${describeError(error)}; check that the server is up and migrations have run`,
      { database: this.#where, operation },
      { cause: error },
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A channel's address as the first two query values (an Alert or a Subscription will do): the platform's channel id. */
function channelValues({ platform, channel }: ChannelRef): [string, string] {
  return [platform, channel];
}
