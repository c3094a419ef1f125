// The feeds concern: the feed list (config and chat feeds, the workspaces using chat feeds),
// the due-feed claim, and each poll's outcome for the feed's own state and health.
import type { FeedRecord, NoticeDraft, PlatformName } from '../../domain/types.ts';

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

/** A poll answered 304 Not Modified: the feed was polled at `now` and is due again at `nextPollAt`. */
export interface NotModifiedPoll {
  feedId: string;
  now: number;
  nextPollAt: number;
}

/** Feeds by health: failing (the last poll failed), ok. */
export interface FeedHealthCounts {
  ok: number;
  failing: number;
}

export interface FeedStore {
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
  /** Claims up to `limit` feeds due at `now`, pushing their nextPollAt to `leaseUntil`. */
  claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]>;
  /** Records a failed poll: failureCount + 1, lastError, nextPollAt; returns the updated feed. */
  recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord>;
  /**
   * Records 304s in one write: lastPolledAt/lastSuccessAt, failures reset, nextPollAt; validators
   * kept. A feed removed since it was claimed is skipped: there is nothing left to record.
   */
  recordNotModified(polls: NotModifiedPoll[]): Promise<void>;
  /** Marks a healthy feed failing and queues `notices` in the same transaction; false (nothing queued) when already failing. */
  markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean>;
  /** Marks a failing feed healthy and queues `notices` in the same transaction; false (nothing queued) when it was not failing. */
  markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean>;
  /** One aggregate query, cheap enough for every metrics scrape. */
  feedHealthCounts(): Promise<FeedHealthCounts>;
}
