// The feeds concern on PostgreSQL (concerns/feeds.ts).
import type { FeedRecord, NoticeDraft } from '../../domain/types.ts';
import { groupFeedWorkspaces } from '../concerns/feeds.ts';
import type { AddFeedOptions, FeedDefinition, FeedHealthCounts, FeedStore, NotModifiedPoll, WorkspaceRef } from '../concerns/feeds.ts';
import { missingFeed } from '../store-errors.ts';
import type { PostgresContext } from './context.ts';
import { toFeed } from './rows.ts';
import type { FeedRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresFeeds(ctx: PostgresContext): FeedStore {
  return {
    syncConfigFeeds(feeds: FeedDefinition[], now: number): Promise<void> {
      // One row per id: a statement may not upsert the same row twice.
      const unique = [...new Map(feeds.map((feed) => [feed.id, feed])).values()];
      const batch = unique.map((feed) => ({ id: feed.id, url: feed.url, name: feed.name, interval_ms: feed.intervalMs }));
      return ctx.transaction('syncConfigFeeds', async (client) => {
        await client.query(`DELETE FROM feeds WHERE origin = 'config' AND NOT (id = ANY($1::text[]))`, [unique.map((feed) => feed.id)]);
        await client.query(sql.SYNC_CONFIG_FEEDS, [JSON.stringify(batch), now]);
        // A config may add thousands of feeds at once; without fresh statistics the planner takes
        // the due-feed claim for a small table and sorts every due feed on each claim.
        await client.query('ANALYZE feeds');
      });
    },

    async addFeed(feed: FeedDefinition, now: number, options: AddFeedOptions = {}): Promise<FeedRecord | null> {
      const rows = await ctx.query<FeedRow>('addFeed', sql.ADD_FEED, [feed.id, feed.url, feed.name, feed.intervalMs, now, options.followsSubscriptions ?? false]);
      return rows[0] ? toFeed(rows[0]) : null;
    },

    async keepFeed(id: string): Promise<FeedRecord | null> {
      const rows = await ctx.query<FeedRow>('keepFeed', 'UPDATE feeds SET follows_subscriptions = false WHERE id = $1 RETURNING *', [id]);
      return rows[0] ? toFeed(rows[0]) : null;
    },

    async removeFeed(id: string): Promise<boolean> {
      return (await ctx.query('removeFeed', 'DELETE FROM feeds WHERE id = $1 RETURNING id', [id])).length > 0;
    },

    async getFeed(id: string): Promise<FeedRecord | null> {
      const rows = await ctx.query<FeedRow>('getFeed', 'SELECT * FROM feeds WHERE id = $1', [id]);
      return rows[0] ? toFeed(rows[0]) : null;
    },

    async listFeeds(visibleTo?: WorkspaceRef): Promise<FeedRecord[]> {
      if (!visibleTo) return (await ctx.query<FeedRow>('listFeeds', 'SELECT * FROM feeds ORDER BY id COLLATE "C"')).map(toFeed);
      const rows = await ctx.query<FeedRow>(
        'listFeeds',
        `SELECT * FROM feeds WHERE origin = 'config'
           OR id IN (SELECT feed_id FROM feed_workspaces WHERE platform = $1 AND workspace = $2)
         ORDER BY id COLLATE "C"`,
        [visibleTo.platform, visibleTo.workspace ?? ''],
      );
      return rows.map(toFeed);
    },

    async addFeedWorkspace(feedId: string, owner: WorkspaceRef, addedBy?: string): Promise<void> {
      await ctx.query('addFeedWorkspace', 'INSERT INTO feed_workspaces (feed_id, platform, workspace, added_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
        feedId,
        owner.platform,
        owner.workspace ?? '',
        addedBy ?? null,
      ]);
    },

    async countFeedsAddedBy(owner: WorkspaceRef, userId: string): Promise<number> {
      const rows = await ctx.query<{ count: string }>(
        'countFeedsAddedBy',
        'SELECT count(*) AS count FROM feed_workspaces WHERE platform = $1 AND workspace = $2 AND added_by = $3',
        [owner.platform, owner.workspace ?? '', userId],
      );
      return Number(rows[0]?.count ?? 0);
    },

    async chatFeedWorkspaces(): Promise<Map<string, WorkspaceRef[]>> {
      const rows = await ctx.query<{ id: string; platform: string | null; workspace: string | null }>(
        'chatFeedWorkspaces',
        `SELECT feeds.id, feed_workspaces.platform, feed_workspaces.workspace
         FROM feeds LEFT JOIN feed_workspaces ON feed_workspaces.feed_id = feeds.id
         WHERE feeds.origin = 'command'`,
      );
      return groupFeedWorkspaces(rows);
    },

    async removeFeedWorkspace(feedId: string, owner: WorkspaceRef): Promise<number> {
      // One statement: the delete and the count of what is left see the same snapshot.
      const rows = await ctx.query<{ count: string }>(
        'removeFeedWorkspace',
        `WITH gone AS (DELETE FROM feed_workspaces WHERE feed_id = $1 AND platform = $2 AND workspace = $3 RETURNING workspace)
         SELECT count(*) AS count FROM feed_workspaces WHERE feed_id = $1 AND NOT (platform = $2 AND workspace = $3)`,
        [feedId, owner.platform, owner.workspace ?? ''],
      );
      return Number(rows[0]?.count ?? 0);
    },

    async claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]> {
      const rows = await ctx.query<FeedRow & { due_at: number }>('claimDueFeeds', sql.CLAIM_DUE_FEEDS, [now, limit, leaseUntil]);
      return rows.sort((a, b) => a.due_at - b.due_at || compare(a.id, b.id)).map(toFeed);
    },

    async recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord> {
      const rows = await ctx.query<FeedRow>('recordPollFailure', sql.RECORD_POLL_FAILURE, [feedId, error, now, nextPollAt]);
      if (!rows[0]) throw missingFeed(feedId);
      return toFeed(rows[0]);
    },

    async recordNotModified(polls: NotModifiedPoll[]): Promise<void> {
      const rows = polls.map((poll) => ({ feed_id: poll.feedId, now: poll.now, next_poll_at: poll.nextPollAt }));
      await ctx.query('recordNotModified', sql.RECORD_NOT_MODIFIED, [JSON.stringify(rows)]);
    },

    markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.transition('markFeedFailing', 'UPDATE feeds SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL', [feedId, now], notices, now);
    },

    markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.transition('markFeedRecovered', 'UPDATE feeds SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [feedId], notices, now);
    },

    async feedHealthCounts(): Promise<FeedHealthCounts> {
      const rows = await ctx.query<FeedHealthCounts>('feedHealthCounts', sql.FEED_HEALTH_COUNTS);
      return { ok: 0, failing: 0, ...rows[0] };
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
