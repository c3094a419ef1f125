// The embedded default store: one SQLite file through better-sqlite3. Statements are
// synchronous and fast, so each method runs them directly and returns a settled promise; every
// multi-statement change runs in one IMMEDIATE transaction so two processes on one file never
// interleave (WAL lets readers go on meanwhile, busy_timeout makes writers queue).
import type Database from 'better-sqlite3';
import { HeraldError, describeError } from '../../domain/errors.ts';
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
import { writePoll } from './commit-poll.ts';
import type { ChannelAddress, ChannelSettingsPatch } from '../channel-state.ts';
import { sqliteChannelState, type SqliteChannelState } from './channel-state.ts';
import { applyMigrations } from './migrate.ts';
import { subscriptionParams, toFeed, toNotice, toOutboxEntry, toStory, toSubscription } from './rows.ts';
import type { SourceRow } from './rows.ts';
import { openDatabase } from './open.ts';
import { prepareStatements } from './statements.ts';
import type { Statements } from './statements.ts';

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;
  readonly #path: string;
  #statements: Statements | null = null;
  #channelState: SqliteChannelState | null = null;

  private constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.#path = path;
  }

  /** Opens (creating if needed) the database file and its directory; ':memory:' for a private in-memory one. */
  static open(path: string): SqliteStore {
    return new SqliteStore(openDatabase(path), path);
  }

  async migrate(): Promise<void> {
    try {
      applyMigrations(this.#db, this.#path);
      this.#statements = prepareStatements(this.#db);
      this.#channelState = sqliteChannelState(this.#db);
    } catch (error) {
      throw this.#failure('migrate', error);
    }
  }

  async close(): Promise<void> {
    this.#statements = null;
    if (this.#db.open) this.#db.close();
  }

  pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts> {
    return this.#run('pruneBatch', () => {
      const counts = { stories: 0, sentOutbox: 0, deadOutbox: 0, notices: 0 };
      for (const [kind, text] of Object.entries(PRUNE_SQL) as [keyof PruneCounts, string][]) {
        counts[kind] = this.#db.prepare(text).run({ before: cutoffs[PRUNE_CUTOFF[kind]], limit }).changes;
      }
      return counts;
    });
  }

  ping(): Promise<void> {
    // A read of a migrated table: a closed file, a lost disk or a missing schema all reject.
    return this.#run('ping', () => {
      this.#db.prepare('SELECT 1 FROM feeds LIMIT 1').get();
    });
  }

  // A channel's own state (channel-state.ts)

  channelSettings(channel: ChannelAddress): Promise<ChannelSettings | null> {
    return this.#run('channelSettings', () => this.#channelState!.channelSettings(channel));
  }
  listChannelSettings(): Promise<ChannelSettings[]> {
    return this.#run('listChannelSettings', () => this.#channelState!.listChannelSettings());
  }
  updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number): Promise<ChannelSettings> {
    return this.#run('updateChannelSettings', () => this.#channelState!.updateChannelSettings(channel, patch, now));
  }
  recentAlerts(channel: ChannelAddress, since: number, limit: number): Promise<OutboxEntry[]> {
    return this.#run('recentAlerts', () => this.#channelState!.recentAlerts(channel, since, limit));
  }
  queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number): Promise<number> {
    return this.#run('queueAlerts', () => this.#channelState!.queueAlerts(alerts, now));
  }

  // Feeds

  syncConfigFeeds(feeds: FeedDefinition[], now: number): Promise<void> {
    return this.#run('syncConfigFeeds', (q) => {
      this.#db
        .transaction(() => {
          q.deleteConfigFeedsExcept.run(JSON.stringify(feeds.map((feed) => feed.id)));
          for (const feed of feeds) q.syncConfigFeed.run({ ...definitionParams(feed), now });
        })
        .immediate();
    });
  }

  addFeed(feed: FeedDefinition, now: number, options: AddFeedOptions = {}): Promise<FeedRecord | null> {
    return this.#run('addFeed', (q) => {
      const row = q.addFeed.get({ ...definitionParams(feed), followsSubscriptions: options.followsSubscriptions ? 1 : 0, now });
      return row ? toFeed(row) : null;
    });
  }

  keepFeed(id: string): Promise<FeedRecord | null> {
    return this.#run('keepFeed', (q) => {
      const row = q.keepFeed.get(id);
      return row ? toFeed(row) : null;
    });
  }

  removeFeed(id: string): Promise<boolean> {
    return this.#run('removeFeed', (q) => q.removeFeed.run(id).changes > 0);
  }

  getFeed(id: string): Promise<FeedRecord | null> {
    return this.#run('getFeed', (q) => {
      const row = q.getFeed.get(id);
      return row ? toFeed(row) : null;
    });
  }

  listFeeds(visibleTo?: WorkspaceRef): Promise<FeedRecord[]> {
    return this.#run('listFeeds', (q) => (visibleTo ? q.listVisibleFeeds.all(workspaceParams(visibleTo)) : q.listFeeds.all()).map(toFeed));
  }

  addFeedWorkspace(feedId: string, owner: WorkspaceRef, addedBy?: string): Promise<void> {
    return this.#run('addFeedWorkspace', (q) => {
      q.addFeedWorkspace.run({ feedId, ...workspaceParams(owner), addedBy: addedBy ?? null });
    });
  }

  countFeedsAddedBy(owner: WorkspaceRef, userId: string): Promise<number> {
    return this.#run('countFeedsAddedBy', (q) => q.countFeedsAddedBy.get({ ...workspaceParams(owner), userId })?.count ?? 0);
  }

  chatFeedWorkspaces(): Promise<Map<string, WorkspaceRef[]>> {
    return this.#run('chatFeedWorkspaces', (q) => groupFeedWorkspaces(q.chatFeedWorkspaces.all()));
  }

  removeFeedWorkspace(feedId: string, owner: WorkspaceRef): Promise<number> {
    return this.#run('removeFeedWorkspace', (q) =>
      this.#db.transaction(() => {
        q.removeFeedWorkspace.run({ feedId, ...workspaceParams(owner) });
        return q.countFeedWorkspaces.get(feedId)?.count ?? 0;
      })(),
    );
  }

  setFeedDisabled(id: string, reason: string | null): Promise<FeedRecord | null> {
    return this.#run('setFeedDisabled', (q) => {
      const row = q.setFeedDisabled.get({ id, reason });
      return row ? toFeed(row) : null;
    });
  }

  claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]> {
    return this.#run('claimDueFeeds', (q) =>
      this.#claim(() => q.dueFeeds.all({ now, limit }), (row) => q.leaseFeed.run(leaseUntil, row.id), (row) => toFeed({ ...row, next_poll_at: leaseUntil })),
    );
  }

  recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord> {
    return this.#run('recordPollFailure', (q) => {
      const row = q.recordPollFailure.get({ id: feedId, error, now, nextPollAt });
      if (!row) throw missingFeed(feedId);
      return toFeed(row);
    });
  }

  // One transaction for many writes: a commit, not a statement, is what costs (the WAL append).
  recordNotModified(polls: NotModifiedPoll[]): Promise<void> {
    return this.#run('recordNotModified', (q) =>
      this.#db
        .transaction(() => {
          for (const { feedId, now, nextPollAt } of polls) q.recordNotModified.run({ id: feedId, now, nextPollAt });
        })
        .immediate(),
    );
  }

  commitPolls(commits: PollCommit[]): Promise<(number | null)[]> {
    return this.#run('commitPolls', (q) => this.#db.transaction(() => commits.map((commit) => writePoll(q, commit))).immediate());
  }

  markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#run('markFeedFailing', (q) => this.#transition(q, () => q.markFeedFailing.run({ id: feedId, now }).changes > 0, notices, now));
  }

  markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#run('markFeedRecovered', (q) => this.#transition(q, () => q.markFeedRecovered.run(feedId).changes > 0, notices, now));
  }

  // Items and stories

  seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>> {
    return this.#run('seenItems', (q) => {
      const rows = q.seenItems.all(feedId, JSON.stringify(keys));
      return new Map(rows.map((row) => [row.key, { feedId, key: row.key, contentHash: row.content_hash, storyId: row.story_id }]));
    });
  }

  storiesByUrl(urls: string[]): Promise<Map<string, string>> {
    return this.#run('storiesByUrl', (q) => new Map(q.storiesByUrl.all(JSON.stringify(urls)).map((row) => [row.url, row.story_id])));
  }

  getStory(id: string): Promise<Story | null> {
    return this.#run('getStory', (q) => {
      const row = q.getStory.get(id);
      return row ? toStory(row, q.storySources.all(id)) : null;
    });
  }

  recentStories(since: number): Promise<Story[]> {
    return this.#run('recentStories', (q) =>
      this.#db.transaction(() => {
        const sources = new Map<string, SourceRow[]>();
        for (const source of q.recentSources.all(since)) sources.set(source.story_id, [...(sources.get(source.story_id) ?? []), source]);
        return q.recentStories.all(since).map((row) => toStory(row, sources.get(row.id) ?? []));
      })(),
    );
  }

  // Subscriptions

  syncConfigSubscriptions(subscriptions: Subscription[]): Promise<void> {
    return this.#run('syncConfigSubscriptions', (q) => {
      this.#db
        .transaction(() => {
          q.deleteConfigSubscriptionsExcept.run(JSON.stringify(subscriptions.map((subscription) => subscription.id)));
          for (const subscription of subscriptions) q.syncConfigSubscription.run(subscriptionParams(subscription));
        })
        .immediate();
    });
  }

  addSubscription(subscription: Subscription): Promise<void> {
    return this.#run('addSubscription', (q) => {
      if (q.addSubscription.run(subscriptionParams(subscription)).changes === 0) throw duplicateSubscription(subscription.id);
    });
  }

  // IMMEDIATE transactions run one at a time, so the check for other subscriptions sees every
  // removal and addition committed before it and none can slip in before the feeds go.
  removeSubscription(id: string): Promise<RemovedSubscription | null> {
    return this.#run('removeSubscription', (q) =>
      this.#db
        .transaction(() => {
          const removed = q.removeSubscription.get(id);
          if (!removed) return null;
          return { feeds: removed.feeds === null ? [] : q.removeUnfollowedFeeds.all(removed.feeds).map(toFeed) };
        })
        .immediate(),
    );
  }

  getSubscription(id: string): Promise<Subscription | null> {
    return this.#run('getSubscription', (q) => {
      const row = q.getSubscription.get(id);
      return row ? toSubscription(row) : null;
    });
  }

  listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    return this.#run('listSubscriptions', (q) =>
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
  }

  updateSubscription(id: string, patch: SubscriptionPatch): Promise<Subscription | null> {
    return this.#run('updateSubscription', (q) =>
      this.#db
        .transaction(() => {
          const row = q.getSubscription.get(id);
          if (!row) return null;
          const updated = applySubscriptionPatch(toSubscription(row), patch);
          q.updateSubscription.run(subscriptionParams(updated));
          return updated;
        })
        .immediate(),
    );
  }

  pauseSubscription(id: string, reason: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
    return this.#run('pauseSubscription', (q) => this.#transition(q, () => q.pauseSubscription.run({ id, reason }).changes > 0, notices, now));
  }

  // Outbox

  claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel: number = limit): Promise<OutboxEntry[]> {
    return this.#run('claimDueOutbox', (q) =>
      this.#claim(() => q.dueOutbox.all({ now, limit, perChannel }), (row) => q.leaseOutbox.run(leaseUntil, row.id), (row) => toOutboxEntry({ ...row, next_attempt_at: leaseUntil })),
    );
  }

  markSent(id: number, ref: MessageRef, now: number): Promise<void> {
    return this.#run('markSent', (q) => void q.markSent.run({ id, messageRef: JSON.stringify(ref), now }));
  }

  markRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
    return this.#run('markRetry', (q) => void q.markRetry.run({ id, error, nextAttemptAt }));
  }

  markDead(id: number, error: string, now: number): Promise<void> {
    return this.#run('markDead', (q) => void q.markDead.run({ id, error, now }));
  }

  postponeOutbox(id: number, until: number): Promise<void> {
    return this.#run('postponeOutbox', (q) => void q.leaseOutbox.run(until, id));
  }

  holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void> {
    return this.#run('holdOutbox', (q) => void q.holdOutbox.run({ id, reason, releaseAt }));
  }

  claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]> {
    return this.#run('claimDueDigests', (q) =>
      this.#db
        .transaction(() => {
          const digests = groupHeldEntries(q.dueHeld.all(now).map(toOutboxEntry));
          for (const digest of digests) {
            for (const entry of digest.entries) q.sealDigest.run(digest.key, leaseUntil, entry.id);
          }
          return claimedDigests(digests, leaseUntil);
        })
        .immediate(),
    );
  }

  markDigestSent(key: string, ref: MessageRef, now: number): Promise<void> {
    return this.#run('markDigestSent', (q) => void q.markDigestSent.run({ key, messageRef: JSON.stringify(ref), now }));
  }

  markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void> {
    return this.#run('markDigestRetry', (q) => void q.markDigestRetry.run({ key, error, nextAttemptAt }));
  }

  markDigestDead(key: string, error: string, now: number): Promise<void> {
    return this.#run('markDigestDead', (q) => void q.markDigestDead.run({ key, error, now }));
  }

  retryOutbox(id: number, now: number): Promise<boolean> {
    return this.#run('retryOutbox', (q) => q.retryOutbox.run({ id, now }).changes > 0);
  }

  listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]> {
    // SQLite reads a negative LIMIT as "no limit".
    return this.#run('listOutbox', (q) => q.listOutbox.all({ status: status ?? null, limit: limit ?? -1 }).map(toOutboxEntry));
  }

  storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>> {
    return this.#run('storyMessages', (q) => {
      const rows = q.storyMessages.all({ ...channelParams(channel), storyIds: JSON.stringify(storyIds) });
      return new Map(rows.map((row) => toOutboxEntry(row)).map((entry) => [entry.alert.storyId, entry]));
    });
  }

  sentMessage(channel: ChannelRef, storyId: string): Promise<MessageRef | null> {
    return this.#run('sentMessage', (q) => {
      const row = q.sentMessage.get({ ...channelParams(channel), storyId });
      return row ? (JSON.parse(row.message_ref) as MessageRef) : null;
    });
  }

  originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null> {
    return this.#run('originalEntry', (q) => {
      const row = q.originalEntry.get({ ...channelParams(channel), storyId });
      return row ? toOutboxEntry(row) : null;
    });
  }

  lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>> {
    return this.#run('lastSentAt', (q) => new Map(q.lastSentAt.all(JSON.stringify(subscriptionIds)).map((row) => [row.subscription_id, row.sent_at])));
  }

  countSentSince(platform: PlatformName, channel: string, since: number): Promise<number> {
    return this.#run('countSentSince', (q) => q.countSentSince.get(platform, channel, since)?.count ?? 0);
  }

  // Notices

  claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]> {
    return this.#run('claimDueNotices', (q) =>
      this.#claim(() => q.dueNotices.all({ now, limit }), (row) => q.leaseNotice.run(leaseUntil, row.id), (row) => toNotice({ ...row, next_attempt_at: leaseUntil })),
    );
  }

  markNoticeSent(id: number, now: number): Promise<void> {
    return this.#run('markNoticeSent', (q) => void q.markNoticeSent.run({ id, now }));
  }

  markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void> {
    return this.#run('markNoticeRetry', (q) => void q.markNoticeRetry.run({ id, error, nextAttemptAt }));
  }

  markNoticeDead(id: number, error: string, now: number): Promise<void> {
    return this.#run('markNoticeDead', (q) => void q.markNoticeDead.run({ id, error, now }));
  }

  listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]> {
    return this.#run('listNotices', (q) => q.listNotices.all({ status: status ?? null, limit: limit ?? -1 }).map(toNotice));
  }

  // Operations

  outboxStats(): Promise<OutboxStats> {
    return this.#run('outboxStats', (q) => {
      const row = q.outboxStats.get();
      return { depth: row?.depth ?? 0, oldestCreatedAt: row?.oldest_created_at ?? null };
    });
  }

  feedHealthCounts(): Promise<FeedHealthCounts> {
    return this.#run('feedHealthCounts', (q) => ({ ok: 0, failing: 0, disabled: 0, ...q.feedHealthCounts.get() }));
  }

  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean> {
    return this.#run('acquireLease', (q) => q.acquireLease.get({ name, owner, expiresAt: now + ttlMs, now }) !== undefined);
  }

  releaseLease(name: string, owner: string): Promise<void> {
    return this.#run('releaseLease', (q) => void q.releaseLease.run(name, owner));
  }

  /**
   * Leases due rows in one IMMEDIATE transaction. `due` is read lazily inside it, so no other
   * writer can claim the same rows between the read and the lease.
   */
  #claim<Row, T>(due: () => Row[], lease: (row: Row) => unknown, toRecord: (row: Row) => T): T[] {
    return this.#db
      .transaction(() =>
        due().map((row) => {
          lease(row);
          return toRecord(row);
        }),
      )
      .immediate();
  }

  /** A state change that, only when it happens, queues its notices in the same transaction. */
  #transition(q: Statements, change: () => boolean, notices: NoticeDraft[], now: number): boolean {
    return this.#db
      .transaction(() => {
        if (!change()) return false;
        for (const notice of notices) q.insertNotice.run({ ...notice, now });
        return true;
      })
      .immediate();
  }

  /** Runs synchronous statement work as a settled promise, every failure a coded HeraldError. */
  #run<T>(operation: string, work: (statements: Statements) => T): Promise<T> {
    try {
      if (!this.#db.open) {
        throw new HeraldError('store_failed', `The SQLite store at '${this.#path}' is closed; open a new one`, { path: this.#path });
      }
      if (!this.#statements) {
        throw new HeraldError('store_failed', `The SQLite store at '${this.#path}' is not migrated; call migrate() first`, {
          path: this.#path,
        });
      }
      return Promise.resolve(work(this.#statements));
    } catch (error) {
      return Promise.reject(this.#failure(operation, error));
    }
  }

  #failure(operation: string, error: unknown): HeraldError {
    if (error instanceof HeraldError) return error;
    return new HeraldError(
      'store_failed',
      `SQLite ${operation} failed on '${this.#path}': ${describeError(error)}; check the disk and that no other program holds the file`,
      { path: this.#path, operation },
      { cause: error },
    );
  }
}

const PRUNE_SQL = pruneStatements((name) => `@${name}`);

/** The console has no workspace; the key stores it as ''. */
function workspaceParams(owner: WorkspaceRef): { platform: string; workspace: string } {
  return { platform: owner.platform, workspace: owner.workspace ?? '' };
}

function definitionParams(feed: FeedDefinition): Record<string, string | number | null> {
  return { id: feed.id, url: feed.url, name: feed.name, intervalMs: feed.intervalMs };
}

/** A channel's address as statement parameters (an Alert or a Subscription will do): the platform's channel id. */
function channelParams({ platform, channel }: ChannelRef): Record<string, string> {
  return { platform, channel };
}
