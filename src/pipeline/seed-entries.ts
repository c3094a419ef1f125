// What a poll does with each entry it read: nothing (stored and unchanged), clean it into an
// Item that may open or join a story and alert, or only record it as seen.
//
// A feed's first poll alerts its newest `backfill` entries and remembers the rest so they never
// alert. A remembered entry published before dedup.window would open a story that can alert
// nobody: a channel gets a later copy from another feed as new either way (alert-plan.ts, a
// channel that never heard of a story), and a Herald running when it was published would have
// closed that story already. So such an entry is recorded without cleaning, fingerprinting or a
// story: on a first poll of ordinary feeds that is most entries, and cleaning and stories were
// most of a first poll's cost (bench/README.md, issue 20). Entries without a date, and those
// inside the window, still open stories, so a copy arriving minutes later names both outlets.
// An entry recorded so stays so (a later edit of it is recorded again, not cleaned) until a
// backfill alerts it: then it gets its story (recorded-stories.ts).
import { isUnchangedEntry, recordedHash, type PreparedEntry } from '../feeds/normalize.ts';
import type { RecordedEntry, SeenItem } from '../store/store.ts';

export interface SeedPolicy {
  /** How many of a new feed's newest items alert on its first poll (config defaults.backfill). */
  backfill: number;
  /** config dedup.window: how long a story stays open for copies. */
  windowMs: number;
}

export type EntryFate = 'unchanged' | 'clean' | 'record';

export interface EntryContext {
  /** The feed has never been polled successfully: this poll seeds it. */
  firstPoll: boolean;
  now: number;
  policy: SeedPolicy;
}

/** The fate of `entry`, at `position` (newest first) among the feed's entries, given what the store has of it. */
export function entryFate(entry: PreparedEntry, position: number, stored: SeenItem | undefined, context: EntryContext): EntryFate {
  if (stored !== undefined) {
    if (isUnchangedEntry(stored.contentHash, entry)) return 'unchanged';
    return stored.storyId === null ? 'record' : 'clean';
  }
  const closed = entry.publishedAt !== null && entry.publishedAt < context.now - context.policy.windowMs;
  return context.firstPoll && position >= context.policy.backfill && closed ? 'record' : 'clean';
}

/** The write of an entry whose fate is 'record'. */
export function recordedEntry(entry: PreparedEntry, stored: SeenItem | undefined): RecordedEntry {
  return { key: entry.key, contentHash: recordedHash(entry), previousHash: stored?.contentHash ?? null };
}
