// The feeds concern on SQLite (concerns/feeds.ts).
import type { FeedRecord, NoticeDraft } from '../../domain/types.ts';
import { groupFeedWorkspaces } from '../concerns/feeds.ts';
import type { AddFeedOptions, FeedDefinition, FeedHealthCounts, FeedStore, NotModifiedPoll, WorkspaceRef } from '../concerns/feeds.ts';
import { missingFeed } from '../store-errors.ts';
import type { SqliteContext } from './context.ts';
import { toFeed } from './rows.ts';

export function sqliteFeeds(ctx: SqliteContext): FeedStore {
  return {
    syncConfigFeeds(feeds: FeedDefinition[], now: number): Promise<void> {
      return ctx.run('syncConfigFeeds', (q) => {
        ctx.immediate(() => {
          q.deleteConfigFeedsExcept.run(JSON.stringify(feeds.map((feed) => feed.id)));
          for (const feed of feeds) q.syncConfigFeed.run({ ...definitionParams(feed), now });
        });
      });
    },

    addFeed(feed: FeedDefinition, now: number, options: AddFeedOptions = {}): Promise<FeedRecord | null> {
      return ctx.run('addFeed', (q) => {
        const row = q.addFeed.get({ ...definitionParams(feed), followsSubscriptions: options.followsSubscriptions ? 1 : 0, now });
        return row ? toFeed(row) : null;
      });
    },

    keepFeed(id: string): Promise<FeedRecord | null> {
      return ctx.run('keepFeed', (q) => {
        const row = q.keepFeed.get(id);
        return row ? toFeed(row) : null;
      });
    },

    removeFeed(id: string): Promise<boolean> {
      return ctx.run('removeFeed', (q) => q.removeFeed.run(id).changes > 0);
    },

    getFeed(id: string): Promise<FeedRecord | null> {
      return ctx.run('getFeed', (q) => {
        const row = q.getFeed.get(id);
        return row ? toFeed(row) : null;
      });
    },

    listFeeds(visibleTo?: WorkspaceRef): Promise<FeedRecord[]> {
      return ctx.run('listFeeds', (q) => (visibleTo ? q.listVisibleFeeds.all(workspaceParams(visibleTo)) : q.listFeeds.all()).map(toFeed));
    },

    addFeedWorkspace(feedId: string, owner: WorkspaceRef, addedBy?: string): Promise<void> {
      return ctx.run('addFeedWorkspace', (q) => {
        q.addFeedWorkspace.run({ feedId, ...workspaceParams(owner), addedBy: addedBy ?? null });
      });
    },

    countFeedsAddedBy(owner: WorkspaceRef, userId: string): Promise<number> {
      return ctx.run('countFeedsAddedBy', (q) => q.countFeedsAddedBy.get({ ...workspaceParams(owner), userId })?.count ?? 0);
    },

    chatFeedWorkspaces(): Promise<Map<string, WorkspaceRef[]>> {
      return ctx.run('chatFeedWorkspaces', (q) => groupFeedWorkspaces(q.chatFeedWorkspaces.all()));
    },

    removeFeedWorkspace(feedId: string, owner: WorkspaceRef): Promise<number> {
      return ctx.run('removeFeedWorkspace', (q) =>
        ctx.db.transaction(() => {
          q.removeFeedWorkspace.run({ feedId, ...workspaceParams(owner) });
          return q.countFeedWorkspaces.get(feedId)?.count ?? 0;
        })(),
      );
    },

    claimDueFeeds(now: number, limit: number, leaseUntil: number): Promise<FeedRecord[]> {
      return ctx.run('claimDueFeeds', (q) =>
        ctx.claim(() => q.dueFeeds.all({ now, limit }), (row) => q.leaseFeed.run(leaseUntil, row.id), (row) => toFeed({ ...row, next_poll_at: leaseUntil })),
      );
    },

    recordPollFailure(feedId: string, error: string, now: number, nextPollAt: number): Promise<FeedRecord> {
      return ctx.run('recordPollFailure', (q) => {
        const row = q.recordPollFailure.get({ id: feedId, error, now, nextPollAt });
        if (!row) throw missingFeed(feedId);
        return toFeed(row);
      });
    },

    // One transaction for many writes: a commit, not a statement, is what costs (the WAL append).
    recordNotModified(polls: NotModifiedPoll[]): Promise<void> {
      return ctx.run('recordNotModified', (q) =>
        ctx.immediate(() => {
          for (const { feedId, now, nextPollAt } of polls) q.recordNotModified.run({ id: feedId, now, nextPollAt });
        }),
      );
    },

    markFeedFailing(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.run('markFeedFailing', (q) => ctx.transition(q, () => q.markFeedFailing.run({ id: feedId, now }).changes > 0, notices, now));
    },

    markFeedRecovered(feedId: string, now: number, notices: NoticeDraft[]): Promise<boolean> {
      return ctx.run('markFeedRecovered', (q) => ctx.transition(q, () => q.markFeedRecovered.run(feedId).changes > 0, notices, now));
    },

    feedHealthCounts(): Promise<FeedHealthCounts> {
      return ctx.run('feedHealthCounts', (q) => ({ ok: 0, failing: 0, ...q.feedHealthCounts.get() }));
    },
  };
}

/** The console has no workspace; the key stores it as ''. */
function workspaceParams(owner: WorkspaceRef): { platform: string; workspace: string } {
  return { platform: owner.platform, workspace: owner.workspace ?? '' };
}

function definitionParams(feed: FeedDefinition): Record<string, string | number | null> {
  return { id: feed.id, url: feed.url, name: feed.name, intervalMs: feed.intervalMs };
}
