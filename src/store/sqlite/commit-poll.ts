// One successful poll (or StoriesCommit) written through the SQLite statements: feed state,
// stories and their sources and URLs, seen items, and the outbox entries, inside the caller's
// transaction.
// Items go first: what stands on an item another process recorded first (its sources, a story
// made of it, its alerts) is left out, so one item is never two sources nor alerted twice.
import type { Alert } from '../../domain/types.ts';
import type { PollCommit, PollCommitStore, PolledItem, StoriesCommit, StoryMerge } from '../concerns/commit-poll.ts';
import type { SqliteContext } from './context.ts';
import { toBoilerplate } from './rows.ts';
import type { Statements } from './statements.ts';

export function sqlitePollCommits(ctx: SqliteContext): PollCommitStore {
  return {
    commitPolls(commits: (PollCommit | StoriesCommit)[]): Promise<(number | null)[]> {
      return ctx.run('commitPolls', (q) => ctx.immediate(() => commits.map((commit) => writePoll(q, commit))));
    },

    feedBoilerplate(feedIds: readonly string[]): Promise<Map<string, string[]>> {
      return ctx.run('feedBoilerplate', (q) => toBoilerplate(q.feedBoilerplate.all(JSON.stringify(feedIds))));
    },
  };
}

/** The alerts queued, or null (nothing written) when the feed no longer exists. */
function writePoll(q: Statements, commit: PollCommit | StoriesCommit): number | null {
  const { feedId, now } = commit;
  // A StoriesCommit leaves the feed's state as it is.
  const feedExists = commit.storiesOnly ? q.getFeed.get(feedId) !== undefined : writeFeed(q, commit);
  if (!feedExists) return null;
  if (commit.boilerplate) q.writeBoilerplate.run({ feedId, sentences: JSON.stringify(commit.boilerplate) });
  // Items (by feed and key) and stories this poll lost to another process, and stories it kept.
  const lost = new Set<string>();
  const lostStories = new Set<string>();
  const keptStories = new Set<string>();
  const kept = new Set<string>();
  for (const polled of commit.items) {
    if (writeItem(q, feedId, now, polled)) {
      keptStories.add(polled.storyId);
      kept.add(itemKey(feedId, polled.item.key));
    } else {
      lost.add(itemKey(feedId, polled.item.key));
      lostStories.add(polled.storyId);
    }
  }
  for (const entry of commit.recorded ?? []) writeSeen(q, { feedId, now, key: entry.key, contentHash: entry.contentHash, storyId: null }, entry.previousHash);
  if (commit.servedKeys.length > 0) q.refreshSeenItems.run({ feedId, now, keys: JSON.stringify(commit.servedKeys) });
  for (const story of commit.stories) {
    const { sources, ...fields } = story;
    if (lostStories.has(story.id) && !keptStories.has(story.id)) continue;
    q.upsertStory.run(fields);
    for (const source of sources) {
      if (lost.has(itemKey(source.feedId, source.itemKey))) continue;
      q.insertSource.run({ storyId: story.id, ...source, link: source.link ?? null });
      if (source.url !== null) q.insertStoryUrl.run(source.url, story.id);
    }
  }
  let alertsQueued = 0;
  for (const { idempotencyKey, alert, cause, fold } of commit.alerts) {
    if (cause && lost.has(itemKey(cause.feedId, cause.key))) continue;
    if (fold && q.foldOutbox.run({ id: fold.entryId, alert: JSON.stringify(fold.alert), expected: JSON.stringify(fold.expected), now }).changes > 0) continue;
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
  for (const merge of commit.merges ?? []) {
    if (kept.has(itemKey(merge.cause.feedId, merge.cause.key))) mergeStories(q, merge, now);
  }
  return alertsQueued;
}

/** The poll's state of the feed; false when the feed no longer exists. */
function writeFeed(q: Statements, commit: PollCommit): boolean {
  const { feedId, now, etag, lastModified, title, nextPollAt } = commit;
  return q.commitFeed.run({ feedId, now, etag, lastModified, bodyHash: commit.bodyHash ?? null, title, nextPollAt }).changes > 0;
}

/** concerns/commit-poll.ts StoryMerge: ids already merged elsewhere resolve to their survivor first. */
function mergeStories(q: Statements, merge: StoryMerge, now: number): void {
  const resolve = (id: string): string => q.storyAlias.get(id)?.survivor_id ?? id;
  const ids = { from: resolve(merge.from), into: resolve(merge.into), now };
  if (ids.from === ids.into) return;
  q.retireOutbox.run({ ...ids, ids: JSON.stringify(merge.retire) });
  for (const row of q.mergedOutbox.all(ids.from)) {
    // Rewritten whole, as the pipeline wrote it, so a later fold finds it as it reads it.
    const alert = { ...(JSON.parse(row.alert) as Alert), storyId: ids.into };
    q.moveOutboxEntry.run({ id: row.id, into: ids.into, alert: JSON.stringify(alert) });
  }
  q.moveSeenItems.run(ids);
  q.moveSources.run(ids);
  q.moveStoryUrls.run(ids);
  q.keepStoryTimes.run(ids);
  q.moveAliases.run(ids);
  q.deleteStory.run(ids.from);
  q.addAlias.run(ids);
}

function writeItem(q: Statements, feedId: string, now: number, { item, storyId, previousHash }: PolledItem): boolean {
  return writeSeen(q, { feedId, key: item.key, contentHash: item.contentHash, storyId, now }, previousHash);
}

/** concerns/commit-poll.ts PolledItem: whether the row was written. */
function writeSeen(q: Statements, row: { feedId: string; key: string; contentHash: string; storyId: string | null; now: number }, previousHash: string | null | undefined): boolean {
  if (previousHash === undefined) return q.upsertSeenItem.run(row).changes > 0;
  if (previousHash === null) return q.insertSeenItem.run(row).changes > 0;
  return q.changeSeenItem.run({ ...row, previousHash }).changes > 0;
}

function itemKey(feedId: string, key: string): string {
  return `${feedId}\u0000${key}`;
}
