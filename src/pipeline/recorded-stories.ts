// A backfill (`subscribe ... backfill:N`) about to alert an entry that a feed's first poll
// recorded without a story (seed-entries.ts) first gives it the story a poll would have given
// it: the entry, as the backfill's feed load cleaned it, goes through the process's commit
// batches like a poll's new item (story index, same-URL stories, store write; commit-batch.ts),
// with no alert of its own. Another outlet's later copy then joins that story, and the channel's
// backfilled message, filed under it, is the one the copy updates instead of a second post.
import type { Item } from '../domain/types.ts';
import type { FeedStore, StoryStore } from '../store/store.ts';
import type { CommittedFeed, RecordedEntries } from './commit-batch.ts';

export interface RecordedStoriesDependencies {
  store: FeedStore & StoryStore;
  /**
   * The process's commit batches, one at a time with its polls' (app.ts), so the entries are
   * assigned in the story index its polls use; a process that does not poll runs its own.
   */
  commit: (entries: RecordedEntries) => Promise<CommittedFeed | null>;
}

/**
 * The stories of `items` (entries of feed `feedId`) by key, after giving one to each the store
 * has recorded without a story. An entry is left out when it has no story still: its feed was
 * removed, or a poll recorded an edit of it meanwhile (the write goes only over the hash read).
 */
export function recordedStories(deps: RecordedStoriesDependencies): (feedId: string, items: Item[]) => Promise<Map<string, string>> {
  return async (feedId, items) => {
    const keys = items.map((item) => item.key);
    const [feed, seen] = await Promise.all([deps.store.getFeed(feedId), deps.store.seenItems(feedId, keys)]);
    const storyless = items.flatMap((item) => {
      const stored = seen.get(item.key);
      return stored?.storyId === null ? [{ item, stored }] : [];
    });
    if (feed !== null && storyless.length > 0) {
      await deps.commit({ storiesOnly: true, feed, items: storyless.map(({ item }) => item), seen: new Map(storyless.map(({ item, stored }) => [item.key, stored])) });
    }
    // Read back: another process may have given an entry its story first, or a merge moved it.
    const stories = new Map<string, string>();
    for (const [key, { storyId }] of await deps.store.seenItems(feedId, keys)) if (storyId !== null) stories.set(key, storyId);
    return stories;
  };
}
