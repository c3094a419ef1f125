// Which story an item belongs to. Identity first (one canonical URL is one item, whichever
// feed carried it), then near-duplicate text among the recent stories, else a new story.
import type { Item } from '../domain/types.ts';
import { fingerprintItem } from './fingerprint.ts';
import type { StoryIndex } from './story-index.ts';

export interface StoryAssignment {
  storyId: string;
  created: boolean;
  reason: 'url' | 'title' | 'lead' | 'new';
  /** The item's own fingerprint; a new story stores it as Story.fingerprint. */
  fingerprint: string | null;
}

export interface AssignContext {
  /** Stories by canonical URL, as the store knows them before this poll. */
  storyIdByUrl: ReadonlyMap<string, string>;
  index: StoryIndex;
  now: number;
  newStoryId: () => string;
}

/**
 * Assigns the item to a story. A new story is added to the index, and a joined story is kept
 * in the window from `now`, so later items of the same poll and later polls find it.
 */
export function assignStory(item: Item, context: AssignContext): StoryAssignment {
  const fingerprint = fingerprintItem(item);
  const byUrl = item.url === null ? undefined : context.storyIdByUrl.get(item.url);
  if (byUrl !== undefined) {
    context.index.touch(byUrl, context.now);
    return { storyId: byUrl, created: false, reason: 'url', fingerprint };
  }
  const similar = context.index.findSimilar(fingerprint, context.now);
  if (similar) {
    context.index.touch(similar.storyId, context.now);
    return { storyId: similar.storyId, created: false, reason: similar.by, fingerprint };
  }
  const storyId = context.newStoryId();
  context.index.add({ id: storyId, fingerprint, updatedAt: context.now });
  return { storyId, created: true, reason: 'new', fingerprint };
}
