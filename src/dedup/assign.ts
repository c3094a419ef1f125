// Which story an item belongs to. Identity first (one canonical URL is one item, whichever
// feed carried it), then near-duplicate text against every member of the recent stories, else
// a new story. A feed's own items never fold into one another: another item of the same feed
// is another story, even under the same link (podcast episodes that all link the show's page);
// the same item edited keeps its key and never reaches this function (commit-batch.ts).
import type { Item } from '../domain/types.ts';
import { memberOf } from './fingerprint.ts';
import type { StoryIndex } from './story-index.ts';

export interface StoryAssignment {
  storyId: string;
  created: boolean;
  reason: 'url' | 'title' | 'lead' | 'new';
  /**
   * The story's fingerprint with this item in it, to store as Story.fingerprint; null when the
   * item joined a story the index no longer holds, whose stored fingerprint then stays.
   */
  fingerprint: string | null;
  /**
   * Other stories the item's text matched as well, best first: the item may bridge them with
   * this one (the caller decides whether they can still be merged; see StoryIndex.merge).
   */
  bridges: string[];
}

export interface AssignContext {
  /** Stories by canonical URL, as the store knows them before this poll. */
  storyIdByUrl: ReadonlyMap<string, string>;
  index: StoryIndex;
  now: number;
  newStoryId: () => string;
  /** Stories the item must not join (they already hold another item of its feed). */
  exclude?: ReadonlySet<string>;
  /** The folded sentences the item's feed repeats (feed-boilerplate.ts): not part of its lead. */
  boilerplate?: ReadonlySet<string>;
}

/**
 * Assigns the item to a story. A new story is added to the index, and a joined story keeps the
 * item's fingerprint among its members and stays in the window from `now`, so later items of
 * the same poll and later polls find it whichever of its items they resemble.
 */
export function assignStory(item: Item, context: AssignContext): StoryAssignment {
  const { index, now } = context;
  const member = memberOf(item, context.boilerplate);
  const excluded = (storyId: string): boolean => context.exclude?.has(storyId) === true;
  const byUrl = item.url === null ? undefined : context.storyIdByUrl.get(item.url);
  if (byUrl !== undefined && !excluded(byUrl) && index.hasFeed(byUrl, item.feedId) !== true) {
    return { storyId: byUrl, created: false, reason: 'url', fingerprint: index.join(byUrl, item.feedId, member, now), bridges: [] };
  }
  const [similar, ...others] = index.findMatches(member, now, item.feedId).filter((match) => !excluded(match.storyId));
  if (similar) {
    const fingerprint = index.join(similar.storyId, item.feedId, member, now);
    return { storyId: similar.storyId, created: false, reason: similar.by, fingerprint, bridges: others.map((match) => match.storyId) };
  }
  const storyId = context.newStoryId();
  return { storyId, created: true, reason: 'new', fingerprint: index.create(storyId, item.feedId, member, now), bridges: [] };
}
