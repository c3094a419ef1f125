// A successful poll's write: the one operation that crosses concerns (feed state, seen items,
// stories, outbox) in one transaction, so a crash never leaves an item seen but not alerted.
import type { Alert, Item, Story } from '../../domain/types.ts';

/**
 * An item's write in a poll. `previousHash` says what the poll found stored: null for an item
 * it saw first, which is recorded only if no other process recorded it meanwhile; a hash for a
 * changed item, recorded only if the store still has that hash (an item recorded without a
 * story takes `storyId` then; one with a story keeps it). Absent: written regardless.
 */
export interface PolledItem {
  item: Item;
  storyId: string;
  previousHash?: string | null;
}

/**
 * An entry recorded as seen without a story (pipeline/seed-entries.ts), written like a PolledItem
 * with `previousHash` null or a hash; no story, source or alert stands on it.
 */
export interface RecordedEntry {
  key: string;
  contentHash: string;
  previousHash: string | null;
}

/** An alert to queue, and what it depends on. */
export interface QueuedAlert {
  idempotencyKey: string;
  alert: Alert;
  /**
   * The item (by feed and key) whose arrival or edit caused it, when it is one of the commit's
   * items: the alert is queued only if that item is recorded (see PolledItem), so two processes
   * that polled the same item queue its alerts once.
   */
  cause?: { feedId: string; key: string };
  /**
   * The channel's message about the story had not gone out when the poll looked: `alert` (its new
   * content) replaces the entry's alert instead, while the entry is still `expected` and neither
   * claimed by a worker nor sealed into a digest. Otherwise the alert is queued as planned.
   */
  fold?: { entryId: number; expected: Alert; alert: Alert };
}

/**
 * Two stored stories become one: an item of this commit matched both (it bridges a shortened
 * headline and a rewritten lead whose stories started in earlier polls). Written after the
 * commit's stories and alerts, and only when the commit records `cause`: the younger story's
 * sources, URLs, items and outbox entries move to the older one, `from` becomes an alias of
 * `into` (getStory(from) answers `into`), and the `from` story row goes.
 */
export interface StoryMerge {
  from: string;
  into: string;
  /** The bridging item, by feed and key. */
  cause: { feedId: string; key: string };
  /**
   * Outbox entries to drop, of the message that came second in a channel that has one about
   * each story, and its edits: a first post only while not out (pending and due, or held outside
   * a digest), an edit while pending or held outside a digest (one waiting for its post would
   * otherwise edit the kept message with the other story's headline). The kept message takes
   * their sources through an alert of the commit.
   */
  retire: number[];
}

/** What a write of a feed's entries changes besides the feed itself: a poll's, or a StoriesCommit. */
interface EntriesCommit {
  feedId: string;
  now: number;
  /** New or changed items to remember (by feedId + key, see PolledItem); their last-seen time becomes `now`. */
  items: PolledItem[];
  /** Entries recorded as seen without a story; their last-seen time becomes `now` too. */
  recorded?: RecordedEntry[];
  /**
   * Keys of the other items the feed still served, already stored and unchanged: their last-seen
   * time moves to `now` (at most once a day, SEEN_REFRESH_MS), so retention never prunes an item
   * its feed still serves and a re-served item is never alerted again.
   */
  servedKeys: string[];
  /**
   * New stories, and existing stories with new sources (upsert by id; sources merged by feedId +
   * itemKey). A source, or a story, that stands only on items another process recorded first is
   * left out: one item is never two sources.
   */
  stories: Story[];
  /** Alerts to queue or fold; an entry whose idempotencyKey already exists is skipped, never duplicated. */
  alerts: QueuedAlert[];
  /** Stored stories this poll merged, in the order they were merged. */
  merges?: StoryMerge[];
  /**
   * The folded sentences the feed repeats across its items (dedup/feed-boilerplate.ts), when
   * this poll changed them: they replace what the store kept. Absent: kept as they are.
   */
  boilerplate?: readonly string[];
}

/** Everything one successful poll of one feed changes, written atomically. */
export interface PollCommit extends EntriesCommit {
  storiesOnly?: false;
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the body this poll read, so the next poll can tell an identical body without parsing it. */
  bodyHash?: string | null;
  /** The feed's own title, when the poll parsed one. */
  title: string | null;
  nextPollAt: number;
}

/**
 * Not a poll: entries a feed's first poll recorded without a story get the stories a poll would
 * have given them, as a backfill alerts them (pipeline/recorded-stories.ts). Their items are
 * written over the hash the store had for them, and take their stories then. The feed's own
 * state (validators, title, poll times, failures) stays as it is; nothing is written when the
 * feed no longer exists.
 */
export interface StoriesCommit extends EntriesCommit {
  storiesOnly: true;
}

export interface PollCommitStore {
  /**
   * Applies successful polls (and StoriesCommits) in one write, each atomically: feed state
   * (seeded, failures reset; a poll's only), items, stories, outbox. Returns, per commit in
   * order, how many alerts it queued, or null when its feed no longer exists (then nothing of
   * that commit is written). A store failure writes none.
   */
  commitPolls(commits: (PollCommit | StoriesCommit)[]): Promise<(number | null)[]>;
  /**
   * What each of `feedIds` is known to repeat (PollCommit.boilerplate), in the order it was
   * stored; a feed that repeats nothing, or does not exist, is not in the map.
   */
  feedBoilerplate(feedIds: readonly string[]): Promise<Map<string, string[]>>;
}
