// The stories concern: what the store remembers of items it has seen and the stories they
// make, read by the pipeline to tell new from changed and to join duplicates into one story.
// They are written only by a poll commit (commit-poll.ts), never one at a time.
import type { Story } from '../../domain/types.ts';

/** What the store remembers of an item it has seen. */
export interface SeenItem {
  feedId: string;
  key: string;
  contentHash: string;
  /** Null for an entry a first poll only recorded (older than dedup.window): it never had a story. */
  storyId: string | null;
}

export interface StoryStore {
  seenItems(feedId: string, keys: string[]): Promise<Map<string, SeenItem>>;
  /** Story ids of items already seen under these canonical URLs, from any feed. */
  storiesByUrl(urls: string[]): Promise<Map<string, string>>;
  /** The story, or the one it was merged into when `id` is an alias (StoryMerge): then its id is the survivor's. */
  getStory(id: string): Promise<Story | null>;
  /**
   * Stories updated at or after `since`, for rebuilding the near-duplicate index on start: the
   * `limit` most recently updated of them (all when left out), oldest first as the index adds them.
   */
  recentStories(since: number, limit?: number): Promise<Story[]>;
}
