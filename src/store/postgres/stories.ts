// The stories concern on PostgreSQL (concerns/stories.ts).
import type { Story } from '../../domain/types.ts';
import type { SeenItem, StoryStore } from '../concerns/stories.ts';
import type { PostgresContext } from './context.ts';
import { toStory } from './rows.ts';
import type { SourceRow, StoryRow } from './rows.ts';
import * as sql from './sql.ts';

export function postgresStories(ctx: PostgresContext): StoryStore {
  return {
    async seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>> {
      const rows = await ctx.query<{ key: string; content_hash: string; story_id: string | null }>(
        'seenItems',
        'SELECT key, content_hash, story_id FROM seen_items WHERE feed_id = $1 AND key = ANY($2::text[])',
        [feedId, keys],
      );
      return new Map(rows.map((row) => [row.key, { feedId, key: row.key, contentHash: row.content_hash, storyId: row.story_id }]));
    },

    async storiesByUrl(urls: string[]): Promise<Map<string, string>> {
      const rows = await ctx.query<{ url: string; story_id: string }>('storiesByUrl', 'SELECT url, story_id FROM story_urls WHERE url = ANY($1::text[])', [urls]);
      return new Map(rows.map((row) => [row.url, row.story_id]));
    },

    async getStory(id: string): Promise<Story | null> {
      // One round trip: a commit batch (pipeline/commit-batch.ts) waits on this for every item that joins a story.
      const [row] = await ctx.query<StoryRow & { sources: SourceRow[] }>('getStory', sql.GET_STORY, [id]);
      return row ? toStory(row, row.sources) : null;
    },

    recentStories(since: number, limit?: number): Promise<Story[]> {
      return ctx.transaction('recentStories', async (client) => {
        const stories = await client.query<StoryRow>(sql.RECENT_STORIES, [since, limit ?? null]);
        const byStory = new Map<string, SourceRow[]>();
        for (const source of (await client.query<SourceRow>(sql.RECENT_SOURCES, [since, limit ?? null])).rows) {
          byStory.set(source.story_id, [...(byStory.get(source.story_id) ?? []), source]);
        }
        return stories.rows.map((row) => toStory(row, byStory.get(row.id) ?? []));
      });
    },
  };
}
