// One successful poll written through the SQLite statements: feed state, stories and their
// sources and URLs, seen items, and the outbox entries, inside the caller's transaction.
import type { PollCommit } from '../store.ts';
import type { Statements } from './statements.ts';

/** The alerts queued, or null (nothing written) when the feed no longer exists. */
export function writePoll(q: Statements, commit: PollCommit): number | null {
  const { feedId, now } = commit;
  const feed = { feedId, now, etag: commit.etag, lastModified: commit.lastModified, title: commit.title };
  if (q.commitFeed.run({ ...feed, nextPollAt: commit.nextPollAt }).changes === 0) return null;
  for (const story of commit.stories) {
    const { sources, ...fields } = story;
    q.upsertStory.run(fields);
    for (const source of sources) {
      q.insertSource.run({ storyId: story.id, ...source, link: source.link ?? null });
      if (source.url !== null) q.insertStoryUrl.run(source.url, story.id);
    }
  }
  for (const { item, storyId } of commit.items) {
    q.upsertSeenItem.run({ feedId, key: item.key, contentHash: item.contentHash, storyId, now });
  }
  let alertsQueued = 0;
  for (const { idempotencyKey, alert } of commit.alerts) {
    alertsQueued += q.insertOutbox.run({
      idempotencyKey,
      subscriptionId: alert.subscriptionId,
      storyId: alert.storyId,
      platform: alert.platform,
      channel: alert.channel,
      kind: alert.kind,
      alert: JSON.stringify(alert),
      now,
    }).changes;
  }
  return alertsQueued;
}
