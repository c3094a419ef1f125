// The one persistence interface. SQLite (default) and PostgreSQL (scale-out) both implement it
// and both pass tests/store/contract.ts. Every method is async so either can sit behind it.
//
// Work sharing uses leases written into the rows themselves: claiming a due feed or outbox
// entry pushes its due time to `leaseUntil`, so another process skips it, and a process that
// dies simply lets the lease expire. No in-memory state that matters lives outside the store.
import type {
  Alert,
  ChannelRef,
  FeedRecord,
  HoldReason,
  Item,
  MessageRef,
  Notice,
  NoticeDraft,
  OutboxEntry,
  OutboxStatus,
  PlatformName,
  Story,
  Subscription,
} from '../domain/types.ts';
import type { ChannelStateStore } from './channel-state.ts';

export interface FeedDefinition {
  id: string;
  url: string;
  name: string | null;
  intervalMs: number;
}

/**
 * A tenant: a Slack team or Discord guild (workspace null: the console). Feeds added from chat
 * belong to the workspaces that added them; config feeds belong to every workspace.
 */
export interface WorkspaceRef {
  platform: PlatformName;
  workspace: string | null;
}

/** Rows of a chat feed joined to its workspaces ('' is the console's none) as a map; both stores share it. */
export function groupFeedWorkspaces(rows: { id: string; platform: string | null; workspace: string | null }[]): Map<string, WorkspaceRef[]> {
  const grouped = new Map<string, WorkspaceRef[]>();
  for (const row of rows) {
    const owners = grouped.get(row.id) ?? [];
    if (row.platform !== null) owners.push({ platform: row.platform as PlatformName, workspace: row.workspace === '' ? null : row.workspace });
    grouped.set(row.id, owners);
  }
  return grouped;
}

export interface AddFeedOptions {
  /** Created by `subscribe <url>`: removed with the last subscription naming it (FeedRecord.followsSubscriptions). */
  followsSubscriptions?: boolean;
}

/** What removing a subscription took with it. */
export interface RemovedSubscription {
  /** Feeds that followed subscriptions and that it was the last to name, removed with their seen items. */
  feeds: FeedRecord[];
}

/** What the store remembers of an item it has seen. */
export interface SeenItem {
  feedId: string;
  key: string;
  contentHash: string;
  storyId: string;
}

/** A poll answered 304 Not Modified: the feed was polled at `now` and is due again at `nextPollAt`. */
export interface NotModifiedPoll {
  feedId: string;
  now: number;
  nextPollAt: number;
}

/**
 * An item's write in a poll. `previousHash` says what the poll found stored: null for an item
 * it saw first, which is recorded only if no other process recorded it meanwhile; a hash for a
 * changed item, recorded only if the store still has that hash. Absent: written regardless.
 */
export interface PolledItem {
  item: Item;
  storyId: string;
  previousHash?: string | null;
}

/** An alert to queue, and what it depends on. */
export interface QueuedAlert {
  idempotencyKey: string;
  alert: Alert;
  /**
   * The item (by feed and key) whose arrival or edit caused it, when it is one of the commit's
   * items: the alert is queued only if that item is recorded (see PolledItem), so two processes
   * that polled the same item queue its alerts once.
   */
  cause?: { feedId: string; key: string };
  /**
   * The channel's message about the story had not gone out when the poll looked: `alert` (its new
   * content) replaces the entry's alert instead, while the entry is still `expected` and neither
   * claimed by a worker nor sealed into a digest. Otherwise the alert is queued as planned.
   */
  fold?: { entryId: number; expected: Alert; alert: Alert };
}

/** Everything one successful poll of one feed changes, written atomically. */
export interface PollCommit {
  feedId: string;
  now: number;
  etag: string | null;
  lastModified: string | null;
  /** The feed's own title, when the poll parsed one. */
  title: string | null;
  nextPollAt: number;
  /** New or changed items to remember (by feedId + key, see PolledItem). */
  items: PolledItem[];
  /**
   * New stories, and existing stories with new sources (upsert by id; sources merged by feedId +
   * itemKey). A source, or a story, that stands only on items another process recorded first is
   * left out: one item is never two sources.
   */
  stories: Story[];
  /** Alerts to queue or fold; an entry whose idempotencyKey already exists is skipped, never duplicated. */
  alerts: QueuedAlert[];
}

/** Held entries sealed into one digest: one channel, one hold reason, one idempotency key. */
export interface DigestClaim {
  key: string;
  platform: PlatformName;
  workspace: string | null;
  channel: string;
  reason: HoldReason;
  /** Oldest first. */
  entries: OutboxEntry[];
}

/** What operators watch on the outbox: entries not yet delivered (pending or held) and the oldest one's age. */
export interface OutboxStats {
  depth: number;
  /** When the oldest undelivered entry was queued; null when there is none. */
  oldestCreatedAt: number | null;
}

/** Feeds by health: disabled (not polled), failing (the last poll failed), ok. */
export interface FeedHealthCounts {
  ok: number;
  failing: number;
  disabled: number;
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

/** Epoch-ms ages past which finished rows may go (see the retention section of docs/ARCHITECTURE.md). */
export interface PruneCutoffs {
  /** Stories last updated before this, with nothing pending or held for them; their sources and urls go with them. */
  storiesUpdatedBefore: number;
  /** Sent outbox rows sent before this; a sent 'new' row stays while its story does (an update still edits its message). */
  sentOutboxBefore: number;
  /** Dead outbox rows that died before this. */
  deadOutboxBefore: number;
  /** Sent or dead notices finished before this. */
  noticesBefore: number;
}

/** How many rows one prune batch deleted, by kind. */
export interface PruneCounts {
  stories: number;
  sentOutbox: number;
  deadOutbox: number;
  notices: number;
}

export interface Store extends ChannelStateStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Deletes at most `limit` rows of each kind past its cutoff, stories first so their 'new' outbox
   * rows may follow in the same batch. Callers repeat until every count is below `limit`.
   */
  pruneBatch(cutoffs: PruneCutoffs, limit: number): Promise<PruneCounts>;
  /** Resolves when the store answers a query on its schema; rejects (coded) when closed, unreachable or unmigrated. */
  ping(): Promise<void>;

  // Feeds
  /** Makes config-origin feeds match the config: inserts, updates url/name/interval, deletes the rest. Keeps HTTP state. */
  syncConfigFeeds(feeds: FeedDefinition[], now: number): Promise<void>;
  /** Adds a command-origin feed; returns null when the id is taken. */
  addFeed(feed: FeedDefinition, now: number, options?: AddFeedOptions): Promise<FeedRecord | null>;
  /** Makes a feed that followed subscriptions stay without them, as if an admin had added it; null when there is no such feed. */
  keepFeed(id: string): Promise<FeedRecord | null>;
  removeFeed(id: string): Promise<boolean>;
  getFeed(id: string): Promise<FeedRecord | null>;
  /** Every feed; with `visibleTo`, the config feeds and the chat feeds that workspace added. */
  listFeeds(visibleTo?: WorkspaceRef): Promise<FeedRecord[]>;
  /** Records that a workspace uses a chat feed (added it, or subscribed to its URL), brought in by `addedBy`; idempotent (the first stays). */
  addFeedWorkspace(feedId: string, owner: WorkspaceRef, addedBy?: string): Promise<void>;
  /** How many chat feeds `userId` brought into the workspace that still use them. */
  countFeedsAddedBy(owner: WorkspaceRef, userId: string): Promise<number>;
  /** Forgets one workspace's use of a feed; returns how many workspaces still use it. */
  removeFeedWorkspace(feedId: string, owner: WorkspaceRef): Promise<number>;
  /** Every chat feed with the workspaces using it (none, for one no workspace uses): who may read its items. */
  chatFeedWorkspaces(): Promise<Map<string, WorkspaceRef[]>>;
  /** Sets (or, with null, clears) the reason a feed is not polled; returns null when there is no such feed. */
  setFeedDisabled(id: string, reason: string | null): Promise<FeedRecord | null>;
  /** Claims up to `limit` feeds due at `now` (not disabled), pushing their nextPollAt to `leaseUntil`. */
  claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]>;
  /** Records a failed poll: failureCount + 1, lastError, nextPollAt; returns the updated feed. */
  recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord>;
  /**
   * Records 304s in one write: lastPolledAt/lastSuccessAt, failures reset, nextPollAt; validators
   * kept. A feed removed since it was claimed is skipped: there is nothing left to record.
   */
  recordNotModified(polls: NotModifiedPoll[]): Promise<void>;
  /**
   * Applies successful polls in one write, each atomically: feed state (seeded, failures reset),
   * items, stories, outbox. Returns, per commit in order, how many alerts it queued, or null when
   * its feed no longer exists (then nothing of that commit is written). A store failure writes none.
   */
  commitPolls(commits: PollCommit[]): Promise<(number | null)[]>;
  /** Marks a healthy feed failing and queues `notices` in the same transaction; false (nothing queued) when already failing. */
  markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean>;
  /** Marks a failing feed healthy and queues `notices` in the same transaction; false (nothing queued) when it was not failing. */
  markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean>;

  // Items and stories
  seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>>;
  /** Story ids of items already seen under these canonical URLs, from any feed. */
  storiesByUrl(urls: string[]): Promise<Map<string, string>>;
  getStory(id: string): Promise<Story | null>;
  /** Stories updated at or after `since`, for rebuilding the near-duplicate index on start. */
  recentStories(since: number): Promise<Story[]>;

  // Subscriptions
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

  // Outbox
  /**
   * Claims up to `limit` pending entries due at `now`, oldest first, pushing nextAttemptAt to
   * `leaseUntil`. An entry waits while an older pending entry of its channel is not due (a
   * retry, a lease), so each channel receives its alerts in order. At most `perChannel` entries
   * of one channel are claimed (default: no cap beyond `limit`), so a claim reaches every
   * channel with something due instead of one channel's backlog.
   */
  claimDueOutbox(now: number, limit: number, leaseUntil: number, perChannel?: number): Promise<OutboxEntry[]>;
  markSent(id: number, ref: MessageRef, now: number): Promise<void>;
  markRetry(id: number, error: string, nextAttemptAt: number): Promise<void>;
  markDead(id: number, error: string, now: number): Promise<void>;
  /** Moves a due time later without counting an attempt (an entry queued behind a retried one). */
  postponeOutbox(id: number, until: number): Promise<void>;
  /** Holds a pending entry back for a digest, released at `releaseAt`. */
  holdOutbox(id: number, reason: HoldReason, releaseAt: number): Promise<void>;
  /**
   * Seals held entries due at `now` into digests (one per channel and reason, keyed by its
   * oldest entry) and claims them together with sealed digests whose lease ran out (a crash
   * mid-send), pushing their due time to `leaseUntil`. A sealed digest never gains entries, so
   * its key names the same message on every attempt.
   */
  claimDueDigests(now: number, leaseUntil: number): Promise<DigestClaim[]>;
  markDigestSent(key: string, ref: MessageRef, now: number): Promise<void>;
  markDigestRetry(key: string, error: string, nextAttemptAt: number): Promise<void>;
  markDigestDead(key: string, error: string, now: number): Promise<void>;
  /** Puts a dead entry back to pending, due now, out of any digest it was sealed into. */
  retryOutbox(id: number, now: number): Promise<boolean>;
  listOutbox(status?: OutboxStatus, limit?: number): Promise<OutboxEntry[]>;
  /** The channel's first 'new' entry (any status) for each of these stories it has one for: its message about the story. */
  storyMessages(channel: ChannelRef, storyIds: string[]): Promise<Map<string, OutboxEntry>>;
  /** The message posted to this channel for this story, to edit on story updates. */
  sentMessage(channel: ChannelRef, storyId: string): Promise<MessageRef | null>;
  /** The channel's first 'new' entry (any status) for this story: what a story update edits. */
  originalEntry(channel: ChannelRef, storyId: string): Promise<OutboxEntry | null>;
  /** When each of these subscriptions last had an alert delivered; subscriptions with none are absent. */
  lastSentAt(subscriptionIds: string[]): Promise<Map<string, number>>;
  /** Messages carrying 'new' alerts posted to a channel since `since`, a digest counting once (per-channel hourly caps). */
  countSentSince(platform: PlatformName, channel: string, since: number): Promise<number>;

  // Notices
  /** Claims up to `limit` pending notices due at `now`, oldest first, pushing nextAttemptAt to `leaseUntil`. */
  claimDueNotices(now: number, limit: number, leaseUntil: number): Promise<Notice[]>;
  markNoticeSent(id: number, now: number): Promise<void>;
  markNoticeRetry(id: number, error: string, nextAttemptAt: number): Promise<void>;
  markNoticeDead(id: number, error: string, now: number): Promise<void>;
  listNotices(status?: Notice['status'], limit?: number): Promise<Notice[]>;

  // Operations
  /** One aggregate query, cheap enough for every metrics scrape. */
  outboxStats(): Promise<OutboxStats>;
  /** One aggregate query, cheap enough for every metrics scrape. */
  feedHealthCounts(): Promise<FeedHealthCounts>;
  /**
   * Takes the named lease for `owner` until `now + ttlMs`, or renews it when `owner` holds it;
   * false while another owner holds it unexpired. Keeps one process per chat app on its gateway.
   */
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives the lease up when `owner` holds it, so a standby process need not wait for expiry. */
  releaseLease(name: string, owner: string): Promise<void>;
}
