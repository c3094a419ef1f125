// Successful polls of several feeds written as one statement (sql.WRITE_POLLS), the lists as
// JSON arrays whose rows name the poll (feed) they belong to.
import type { PollCommit, PollCommitStore, StoriesCommit } from '../concerns/commit-poll.ts';
import type { PostgresContext } from './context.ts';
import { toBoilerplate, type BoilerplateRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresPollCommits(ctx: PostgresContext): PollCommitStore {
  return {
    async commitPolls(commits: (PollCommit | StoriesCommit)[]): Promise<(number | null)[]> {
      if (!commits.some((commit) => (commit.merges ?? []).length > 0)) {
        return (await writePolls((text, values) => ctx.query('commitPolls', text, values), commits)).counts;
      }
      // Story merges move rows the write just wrote: one transaction, the merges after the write.
      return ctx.transaction('commitPolls', async (client) => {
        const query: WriteQuery = async (text, values) => (await client.query(text, values)).rows;
        const { counts, causes } = await writePolls(query, commits);
        const merges = commits.flatMap((commit, index) => (counts[index] === null ? [] : (commit.merges ?? []).map((merge) => ({ ...merge, now: commit.now }))));
        for (const merge of merges) {
          if (!causes.has(causeKey(merge.cause))) continue;
          const resolve = async (id: string): Promise<string> => (await client.query<{ survivor_id: string }>(sql.STORY_ALIAS, [id])).rows[0]?.survivor_id ?? id;
          const [from, into] = [await resolve(merge.from), await resolve(merge.into)];
          if (from === into) continue;
          for (const statement of sql.MERGE_STORIES) {
            const values: unknown[] = [from, into, merge.now, merge.retire];
            await client.query(statement, values.slice(0, statementParams(statement)));
          }
        }
        return counts;
      });
    },

    async feedBoilerplate(feedIds: readonly string[]): Promise<Map<string, string[]>> {
      return toBoilerplate(await ctx.query<BoilerplateRow>('feedBoilerplate', sql.FEED_BOILERPLATE, [feedIds]));
    },
  };
}

type WriteQuery = (text: string, values: unknown[]) => Promise<{ feeds: string[]; queued: string[]; causes: [string, string][] }[]>;

const causeKey = (cause: { feedId: string; key: string }): string => JSON.stringify([cause.feedId, cause.key]);

/** How many of $1..$4 a merge statement names (pg refuses values it does not use). */
function statementParams(statement: string): number {
  return Math.max(...[...statement.matchAll(/\$(\d)/gu)].map((match) => Number(match[1])));
}

/** Per commit, the alerts queued or null (feed gone); `causes`: the merges' bridging items the write recorded. */
async function writePolls(query: WriteQuery, commits: (PollCommit | StoriesCommit)[]): Promise<{ counts: (number | null)[]; causes: Set<string> }> {
  const feeds = commits.map((commit) =>
    commit.storiesOnly
      ? { feed_id: commit.feedId, stories_only: true }
      : {
          feed_id: commit.feedId,
          now: commit.now,
          etag: commit.etag,
          last_modified: commit.lastModified,
          body_hash: commit.bodyHash ?? null,
          title: commit.title,
          next_poll_at: commit.nextPollAt,
          stories_only: false,
        },
  );
  // A story two polls of the batch share is upserted once (one statement may not update a row
  // twice), in its last version, which holds the sources of both; it is written if either is.
  const stories = new Map<string, { story: PollCommit['stories'][number]; polls: string[] }>();
  for (const commit of commits) {
    for (const story of commit.stories) {
      const polls = stories.get(story.id)?.polls ?? [];
      stories.set(story.id, { story, polls: [...polls, commit.feedId] });
    }
  }
  const storyRows = [...stories.values()].map(({ story, polls }) => ({
    id: story.id,
    title: story.title,
    url: story.url,
    created_at: story.createdAt,
    updated_at: story.updatedAt,
    fingerprint: story.fingerprint,
    polls,
  }));
  const sources = commits.flatMap((commit) =>
    uniqueBy(commit.stories, (story) => story.id).flatMap((story) =>
      story.sources.map((source) => ({
        poll: commit.feedId,
        story_id: story.id,
        feed_id: source.feedId,
        item_key: source.itemKey,
        source_name: source.sourceName,
        url: source.url,
        link: source.link ?? null,
        seen_at: source.seenAt,
      })),
    ),
  );
  const items = commits.flatMap((commit) => {
    const polled = commit.items.map(({ item, storyId, previousHash }) => ({ key: item.key, contentHash: item.contentHash, storyId, previousHash }));
    const recorded = (commit.recorded ?? []).map((entry) => ({ ...entry, storyId: null }));
    return uniqueBy([...polled, ...recorded], ({ key }) => key).map(({ key, contentHash, storyId, previousHash }) => ({
      feed_id: commit.feedId,
      key,
      content_hash: contentHash,
      story_id: storyId,
      seen_at: commit.now,
      mode: previousHash === undefined ? 'any' : previousHash === null ? 'new' : 'changed',
      previous_hash: previousHash ?? null,
    }));
  });
  const alerts = commits.flatMap((commit) =>
    commit.alerts.map(({ idempotencyKey, alert, cause, fold }) => ({
      poll: commit.feedId,
      key: idempotencyKey,
      alert,
      now: commit.now,
      cause_feed: cause?.feedId ?? null,
      cause_key: cause?.key ?? null,
      fold_id: fold?.entryId ?? null,
      fold_expected: fold?.expected ?? null,
      fold_alert: fold?.alert ?? null,
    })),
  );
  const [written] = await query(sql.WRITE_POLLS, [
    JSON.stringify(feeds),
    JSON.stringify(storyRows),
    JSON.stringify(sources.map((source, n) => ({ ...source, n }))),
    JSON.stringify(items),
    JSON.stringify(alerts.map((alert, n) => ({ ...alert, n }))),
    JSON.stringify(commits.flatMap((commit) => commit.servedKeys.map((key) => ({ feed_id: commit.feedId, key, now: commit.now })))),
    JSON.stringify(commits.flatMap((commit) => (commit.merges ?? []).map(({ cause }) => ({ feed_id: cause.feedId, key: cause.key })))),
    // One row per feed: a statement may not update a row twice.
    JSON.stringify(uniqueBy(commits.flatMap((commit) => (commit.boilerplate ? [{ feed_id: commit.feedId, sentences: commit.boilerplate }] : [])), (row) => row.feed_id)),
  ]);
  const feedsWritten = new Set(written?.feeds ?? []);
  const queued = new Set(written?.queued ?? []);
  const counts = commits.map((commit) =>
    feedsWritten.has(commit.feedId) ? commit.alerts.filter(({ idempotencyKey }) => queued.delete(idempotencyKey)).length : null,
  );
  return { counts, causes: new Set((written?.causes ?? []).map(([feedId, key]) => causeKey({ feedId, key }))) };
}

/** The last of each key: a later version of a story or item supersedes an earlier one. */
function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  return [...new Map(values.map((value) => [key(value), value])).values()];
}
