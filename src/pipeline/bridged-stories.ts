// Stories an item bridges become one. An item alike to two stories (a wire copy between a
// shortened headline and a rewritten lead) shows they were one story all along: whichever order
// the outlets came in, the channel must get one message. Stories this batch started fold into
// the others in memory; a story stored by an earlier poll folds into an older one through the
// store (a StoryMerge in the commit, see merge-plan.ts for what happens to its messages).
import type { StoryAssignment } from '../dedup/assign.ts';
import type { StoryIndex } from '../dedup/story-index.ts';
import type { Item, Story, StorySource } from '../domain/types.ts';
import type { StoryStore } from '../store/store.ts';
import type { ItemOutcome, ItemRef } from './alert-plan.ts';

/** A stored story folded into another by an item of this batch. */
export interface StoredMerge {
  from: string;
  into: string;
  cause: ItemRef;
}

/** Stories of the batch so far: later feeds join what earlier feeds of the same batch started. */
export interface BatchStories {
  byUrl: Map<string, string>;
  loaded: Map<string, Story>;
  at: number;
  /** Stories this batch started: nothing of them is stored or queued yet. */
  started: Set<string>;
  /** Stories folded into another one an item bridged them with, to the one they joined. */
  mergedInto: Map<string, string>;
  /** The sources each story loaded from the store had there (feedId NUL itemKey), by story. */
  storedSources: Map<string, Set<string>>;
  /** Stored stories merged into another, in order: the store moves them (StoryMerge). */
  storedMerges: StoredMerge[];
}

export function batchStories(byUrl: Map<string, string>, at: number): BatchStories {
  return { byUrl, loaded: new Map(), at, started: new Set(), mergedInto: new Map(), storedSources: new Map(), storedMerges: [] };
}

export const sourceKey = (source: Pick<StorySource, 'feedId' | 'itemKey'>): string => `${source.feedId}\u0000${source.itemKey}`;

/** The story `id` became, following merges of this batch. */
export function finalId(stories: BatchStories, id: string): string {
  let at = id;
  for (let next = stories.mergedInto.get(at); next !== undefined; next = stories.mergedInto.get(at)) at = next;
  return at;
}

/**
 * The story as this batch knows it, else as the store has it (through an alias, the story it
 * was merged into: then the returned id differs from `id`). What the store had is remembered,
 * so a merge knows which sources the store moves.
 */
export async function loadStory(id: string, stories: BatchStories, store: StoryStore): Promise<Story | null> {
  const known = stories.loaded.get(finalId(stories, id));
  if (known) return known;
  const story = await store.getStory(id);
  if (story && !stories.storedSources.has(story.id)) stories.storedSources.set(story.id, new Set(story.sources.map(sourceKey)));
  return story;
}

/**
 * The item joined `joined` and matched `assignment.bridges` as well: those that can be one story
 * with it (StoryIndex.merge) fold into one. The survivor is a stored story over one this batch
 * started (its message may be out), and the older of two stored ones (the younger's members move
 * to it, and its first message stays the one people saw first).
 */
export async function mergeBridged(
  item: Item,
  assignment: StoryAssignment,
  joined: Story,
  stories: BatchStories,
  deps: { index: StoryIndex; store: StoryStore },
): Promise<{ assignment: StoryAssignment; story: Story }> {
  const bridged: Story[] = [];
  for (const id of assignment.bridges) {
    const story = await loadStory(id, stories, deps.store);
    if (story && story.id !== joined.id && !bridged.some((known) => known.id === story.id)) bridged.push(story);
  }
  const stored = (story: Story): boolean => !stories.started.has(story.id);
  // Stored ones first, oldest first: a started story folds into the survivor, not the other way.
  bridged.sort((a, b) => Number(stored(b)) - Number(stored(a)) || a.createdAt - b.createdAt);
  let into = joined;
  for (const story of bridged) into = fold(into, story, { feedId: item.feedId, key: item.key }, stories, deps.index) ?? into;
  if (into === joined) return { assignment, story: joined };
  stories.loaded.set(into.id, into);
  return { assignment: { ...assignment, storyId: into.id, fingerprint: into.fingerprint }, story: into };
}

/** Which of two stories survives their merge: a stored one over one this batch started, then the older. */
function survivor(a: Story, b: Story, stories: BatchStories): [Story, Story] {
  const startedA = stories.started.has(a.id);
  const startedB = stories.started.has(b.id);
  if (startedA !== startedB) return startedA ? [b, a] : [a, b];
  if (startedA) return [a, b];
  return b.createdAt < a.createdAt || (b.createdAt === a.createdAt && b.id < a.id) ? [b, a] : [a, b];
}

/** The two stories as one, or null when they must stay apart (a feed in both, or StoryIndex.merge says no). */
function fold(a: Story, b: Story, cause: ItemRef, stories: BatchStories, index: StoryIndex): Story | null {
  if (b.sources.some((source) => a.sources.some((known) => known.feedId === source.feedId))) return null;
  const [into, story] = survivor(a, b, stories);
  const fingerprint = index.merge(into.id, story.id, stories.at);
  if (fingerprint === null) return null;
  stories.loaded.delete(story.id);
  stories.mergedInto.set(story.id, into.id);
  // A started story has nothing stored: its sources are written with the survivor's.
  if (!stories.started.delete(story.id)) stories.storedMerges.push({ from: story.id, into: into.id, cause });
  for (const [url, id] of stories.byUrl) if (id === story.id) stories.byUrl.set(url, into.id);
  return { ...into, updatedAt: stories.at, fingerprint, sources: story.sources.reduce(addSource, into.sources) };
}

export function addSource(sources: StorySource[], source: StorySource): StorySource[] {
  const exists = sources.some((s) => s.feedId === source.feedId && s.itemKey === source.itemKey);
  return exists ? sources : [...sources, source];
}

/** Outcomes of stories merged into another now belong to that story: copies joining it, not stories of their own. */
export function redirectMerged(settled: ItemOutcome[][], stories: BatchStories): void {
  for (const outcomes of settled) {
    outcomes.forEach((outcome, i) => {
      if (!stories.mergedInto.has(outcome.story.id)) return;
      const story = stories.loaded.get(finalId(stories, outcome.story.id))!;
      outcomes[i] = { ...outcome, kind: outcome.kind === 'new-story' ? 'joined-story' : outcome.kind, story };
    });
  }
}

/**
 * The story as the commit writes it: without the sources a stored story merged into it had in
 * the store, which the merge moves there itself (and leaves where they are if it does not stand).
 */
export function storyToWrite(story: Story, stories: BatchStories): Story {
  const moved = stories.storedMerges.filter((merge) => finalId(stories, merge.from) === story.id).flatMap((merge) => [...(stories.storedSources.get(merge.from) ?? [])]);
  if (moved.length === 0) return story;
  const skip = new Set(moved);
  return { ...story, sources: story.sources.filter((source) => !skip.has(sourceKey(source))) };
}
