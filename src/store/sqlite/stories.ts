// The stories concern on SQLite (concerns/stories.ts).
import type { Story } from '../../domain/types.ts';
import type { SeenItem, StoryStore } from '../concerns/stories.ts';
import type { SqliteContext } from './context.ts';
import { toStory } from './rows.ts';
import type { SourceRow } from './rows.ts';

export function sqliteStories(ctx: SqliteContext): StoryStore {
  return {
    seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>> {
      return ctx.run('seenItems', (q) => {
        const rows = q.seenItems.all(feedId, JSON.stringify(keys));
        return new Map(rows.map((row) => [row.key, { feedId, key: row.key, contentHash: row.content_hash, storyId: row.story_id }]));
      });
    },

    storiesByUrl(urls: string[]): Promise<Map<string, string>> {
      return ctx.run('storiesByUrl', (q) => new Map(q.storiesByUrl.all(JSON.stringify(urls)).map((row) => [row.url, row.story_id])));
    },

    getStory(id: string): Promise<Story | null> {
      return ctx.run('getStory', (q) => {
        const row = q.getStory.get(id, id);
        return row ? toStory(row, q.storySources.all(row.id)) : null;
      });
    },

    recentStories(since: number, limit?: number): Promise<Story[]> {
      // SQLite reads LIMIT -1 as no limit.
      const params = { since, limit: limit ?? -1 };
      return ctx.run('recentStories', (q) =>
        ctx.db.transaction(() => {
          const sources = new Map<string, SourceRow[]>();
          for (const source of q.recentSources.all(params)) sources.set(source.story_id, [...(sources.get(source.story_id) ?? []), source]);
          return q.recentStories.all(params).map((row) => toStory(row, sources.get(row.id) ?? []));
        })(),
      );
    },
  };
}
