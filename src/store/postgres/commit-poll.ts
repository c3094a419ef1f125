// One successful poll written as one statement (sql.WRITE_POLL): feed state, stories, their
// sources and URLs, seen items and outbox entries, the lists as JSON arrays.
import type { PollCommit } from '../store.ts';
import { missingFeed } from '../store-errors.ts';
import * as sql from './sql.ts';

export type WriteQuery = (text: string, values: unknown[]) => Promise<{ feeds: number; queued: number }[]>;

export async function writePoll(query: WriteQuery, commit: PollCommit): Promise<{ alertsQueued: number }> {
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

  const rows = stories.map((story) => ({
    id: story.id,
    title: story.title,
    url: story.url,
    created_at: story.createdAt,
    updated_at: story.updatedAt,
    fingerprint: story.fingerprint,
  }));
  const [written] = await query(sql.WRITE_POLL, [
    feedId,
    now,
    JSON.stringify(rows),
    JSON.stringify(numbered),
    JSON.stringify(items),
    JSON.stringify(alerts),
    commit.etag,
    commit.lastModified,
    commit.title,
    commit.nextPollAt,
  ]);
  if (!written || written.feeds === 0) throw missingFeed(feedId);
  return { alertsQueued: written.queued };
}
