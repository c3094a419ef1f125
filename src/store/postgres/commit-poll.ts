// One successful poll written in the caller's transaction: feed state, then stories, their
// sources and URLs, seen items and outbox entries together in one statement over JSON arrays.
import type pg from 'pg';
import type { PollCommit } from '../store.ts';
import { missingFeed } from '../store-errors.ts';
import * as sql from './sql.ts';

export async function writePoll(client: pg.PoolClient, commit: PollCommit): Promise<{ alertsQueued: number }> {
  const { feedId, now } = commit;
  const stories = [...new Map(commit.stories.map((story) => [story.id, story])).values()];
  const sources = stories.flatMap((story) =>
    story.sources.map((source) => ({
      story_id: story.id,
      feed_id: source.feedId,
      item_key: source.itemKey,
      source_name: source.sourceName,
      url: source.url,
      seen_at: source.seenAt,
    })),
  );
  const numbered = sources.map((source, n) => ({ ...source, n }));
  const items = [...new Map(commit.items.map(({ item, storyId }) => [item.key, { key: item.key, content_hash: item.contentHash, story_id: storyId }])).values()];
  const alerts = commit.alerts.map(({ idempotencyKey, alert }, n) => ({ key: idempotencyKey, alert, n }));

  const feed = await client.query(sql.COMMIT_FEED, [feedId, commit.etag, commit.lastModified, commit.title, now, commit.nextPollAt]);
  if (feed.rowCount === 0) throw missingFeed(feedId);
  const rows = stories.map((story) => ({
    id: story.id,
    title: story.title,
    url: story.url,
    created_at: story.createdAt,
    updated_at: story.updatedAt,
    fingerprint: story.fingerprint,
  }));
  const written = await client.query<{ queued: number }>(sql.WRITE_POLL_ROWS, [feedId, now, JSON.stringify(rows), JSON.stringify(numbered), JSON.stringify(items), JSON.stringify(alerts)]);
  return { alertsQueued: written.rows[0]?.queued ?? 0 };
}
