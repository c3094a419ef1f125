// The recent stories, searchable by fingerprint. Each story keeps up to MAX_MEMBERS member
// fingerprints (fingerprint.ts); MinHash rows of every member are cut into LSH bands: two
// signatures that agree on every row of some band share a bucket, so a lookup reads a few dozen
// buckets instead of comparing against every story, and only those candidates are scored
// against each of their members. Stories leave with the window (config dedup.window), or
// earlier when more than maxStories are open (config dedup.maxStories): then the least recently
// updated go first, so memory follows that bound and not the number of feeds configured.
//
// Cost: a lookup reads 42 buckets of at most BUCKET_CAP stories each and scores each candidate's
// members, so it does not grow with the number of open stories (a hash map lookup per bucket).
// Without the cap, text many stories share (a site blurb, a recurring title) made one bucket
// hold thousands of stories and every item of such a feed scan all of them.
import {
  encodeStory,
  feedTag,
  numbersConflict,
  parseFingerprint,
  SIGNATURE_SIZE,
  signatureSimilarity,
  withMember,
  type Member,
  type StoryPrint,
} from './fingerprint.ts';
import { BucketTable } from './bucket-table.ts';

// 21 bands of 3 rows: a pair at similarity s becomes a candidate with 1 - (1 - s^3)^21, i.e.
// 0.94 at 0.5, 0.994 at 0.6 and 0.9998 at 0.7, while unrelated stories (s < 0.1) almost never
// share a bucket. Thresholds configured below 0.5 therefore start to miss pairs.
const BAND_ROWS = 3;
const BANDS = Math.floor(SIGNATURE_SIZE / BAND_ROWS);

/**
 * Stories per bucket. A full bucket gives up its least recently updated story: a true copy
 * shares many bands with its story, so losing one bucket rarely loses the match, while a bucket
 * that overflows holds text common to many stories, which identifies none of them.
 */
export const BUCKET_CAP = 32;

/**
 * Two headlines alike but two leads that share almost nothing are two stories under a
 * recurring title ("Morning briefing: what you need to know"), not one: posting a second alert
 * for a true copy costs a glance, merging two stories silently loses one.
 */
const LEADS_DISAGREE = 0.2;

/**
 * Two stories an item bridges are merged only when they also look alike without it: a headline
 * or a lead at least this similar between some of their members. A shortened headline and the
 * full one share most of their words, and a rewritten lead keeps much of the wire's; two
 * distinct stories that one vague item happens to resemble share far less.
 */
const BRIDGE_CORROBORATION = 0.3;

function corroborates(a: Member, b: Member): boolean {
  const alike = (x: Uint16Array | null, y: Uint16Array | null): boolean => x !== null && y !== null && signatureSimilarity(x, y) >= BRIDGE_CORROBORATION;
  return alike(a.title, b.title) || alike(a.lead, b.lead);
}

export interface StoryMatch {
  storyId: string;
  similarity: number;
  by: 'title' | 'lead';
}

interface Entry extends StoryPrint {
  id: string;
  updatedAt: number;
}

interface Slotted extends Entry {
  /** Its number in the bucket table. */
  slot: number;
}

type Part = 'title' | 'lead';

function bucketKeys(part: Part, signature: Uint16Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hash = part === 'title' ? 0x2545f491 : 0x6c078965;
    hash = Math.imul(hash ^ band, 0x01000193);
    for (let row = band * BAND_ROWS; row < (band + 1) * BAND_ROWS; row++) {
      hash = Math.imul(hash ^ signature[row]!, 0x01000193);
    }
    keys.push((hash ^ (hash >>> 15)) >>> 0);
  }
  return keys;
}

function memberKeys(member: Member): number[] {
  return [...(member.title ? bucketKeys('title', member.title) : []), ...(member.lead ? bucketKeys('lead', member.lead) : [])];
}

export class StoryIndex {
  readonly #windowMs: number;
  readonly #maxStories: number;
  readonly #titleThreshold: number;
  readonly #leadThreshold: number;
  /**
   * In update order, least recently updated first: an updated story moves to the end. Stories are
   * updated at the clock's time and loaded oldest first, so the first is the one to give up.
   */
  readonly #stories = new Map<string, Slotted>();
  readonly #buckets = new BucketTable();
  /** Stories by slot; slots of removed stories are reused. */
  readonly #bySlot: (Slotted | undefined)[] = [];
  readonly #freeSlots: number[] = [];

  /** `maxStories`: the most stories held (dedup.maxStories); no bound when left out. */
  constructor(options: { windowMs: number; maxStories?: number; titleThreshold: number; leadThreshold: number }) {
    this.#windowMs = options.windowMs;
    this.#maxStories = options.maxStories ?? Infinity;
    this.#titleThreshold = options.titleThreshold;
    this.#leadThreshold = options.leadThreshold;
  }

  /** Stories currently indexed (stories without a readable fingerprint are not kept). */
  get size(): number {
    return this.#stories.size;
  }

  /**
   * Adds a stored story, or replaces it when the id is already indexed, as the most recently
   * updated (add stories oldest first, as recentStories reads them). `sourceFeeds` are the
   * feeds of its stored sources: a fingerprint stored before stories kept their feeds lists none,
   * and without them a feed's next item could fold into its own earlier one.
   */
  add(story: { id: string; fingerprint: string | null; updatedAt: number; sourceFeeds?: readonly string[] }): void {
    this.#remove(story.id);
    const print = parseFingerprint(story.fingerprint);
    if (!print) return;
    const feeds = [...new Set([...print.feeds, ...(story.sourceFeeds ?? []).map(feedTag)])];
    this.#insert({ id: story.id, updatedAt: story.updatedAt, feeds, members: print.members });
  }

  /** Starts a story with one item of `feedId`; returns the story's fingerprint to store. */
  create(storyId: string, feedId: string, member: Member, now: number): string {
    const print = withMember({ feeds: [], members: [] }, feedTag(feedId), member);
    this.#remove(storyId);
    this.#insert({ id: storyId, updatedAt: now, ...print });
    return encodeStory(print);
  }

  /**
   * An item of `feedId` joined the story: the feed is remembered, the member kept while the
   * story has fewer than MAX_MEMBERS distinct ones, and the story stays in the window from
   * `now` on. Returns the story's fingerprint to store, or null when the story is not indexed
   * (left the window): its stored fingerprint stays as it is.
   */
  join(storyId: string, feedId: string, member: Member, now: number): string | null {
    const entry = this.#stories.get(storyId);
    if (!entry) return null;
    this.#updated(entry, now);
    const print = withMember(entry, feedTag(feedId), member);
    entry.feeds = print.feeds;
    if (print.members.length !== entry.members.length) {
      entry.members = print.members;
      this.#link(entry, memberKeys(member));
    }
    return encodeStory(entry);
  }

  /** Whether an item of `feedId` is already part of the story; undefined when the story is not indexed. */
  hasFeed(storyId: string, feedId: string): boolean | undefined {
    return this.#stories.get(storyId)?.feeds.includes(feedTag(feedId));
  }

  /** A story got a new source or an edit: it stays in the window from `updatedAt` on. */
  touch(storyId: string, updatedAt: number): void {
    const entry = this.#stories.get(storyId);
    if (entry) this.#updated(entry, updatedAt);
  }

  /**
   * The most similar story updated within the window before `now` one of whose members has a
   * headline reaching the title threshold (unless the leads disagree) or a lead reaching
   * the lead threshold. Stories that already hold an item of `feedId` never match (a feed's own
   * items are different items, or the same one edited, which never gets here), nor do stories
   * whose headlines carry other numbers.
   */
  findSimilar(member: Member, now: number, feedId?: string): StoryMatch | null {
    return this.findMatches(member, now, feedId)[0] ?? null;
  }

  /** Every story findSimilar would accept, best first (ties: the more recently updated first). */
  findMatches(member: Member, now: number, feedId?: string): StoryMatch[] {
    const oldest = now - this.#windowMs;
    const feed = feedId === undefined ? null : feedTag(feedId);
    const found: { match: StoryMatch; updatedAt: number }[] = [];
    for (const id of this.#candidates(member)) {
      const entry = this.#stories.get(id);
      if (!entry || entry.updatedAt < oldest || (feed !== null && entry.feeds.includes(feed))) continue;
      if (entry.members.some((known) => numbersConflict(member.numbers, known.numbers))) continue;
      let best: StoryMatch | null = null;
      for (const known of entry.members) {
        const match = this.#score(member, known, entry.id);
        if (match && (!best || match.similarity > best.similarity)) best = match;
      }
      if (best) found.push({ match: best, updatedAt: entry.updatedAt });
    }
    return found.sort((a, b) => b.match.similarity - a.match.similarity || b.updatedAt - a.updatedAt).map(({ match }) => match);
  }

  /**
   * Folds story `fromId` into story `intoId` after an item matched both (it bridges a shortened
   * headline over the wire lead and the full headline over another lead). Sound only when the two
   * could be one story on their own evidence too: no feed in both (a feed's items stay apart), no
   * headline figures in conflict, and some pair of their members alike at least at
   * BRIDGE_CORROBORATION. Returns the merged story's fingerprint, or null when they stay apart.
   */
  merge(intoId: string, fromId: string, now: number): string | null {
    const into = this.#stories.get(intoId);
    const from = this.#stories.get(fromId);
    if (!into || !from || intoId === fromId || from.feeds.some((feed) => into.feeds.includes(feed))) return null;
    const pairs = into.members.flatMap((a) => from.members.map((b) => [a, b] as const));
    if (pairs.some(([a, b]) => numbersConflict(a.numbers, b.numbers))) return null;
    if (!pairs.some(([a, b]) => corroborates(a, b))) return null;
    return this.absorb(intoId, fromId, now);
  }

  /**
   * Story `fromId` is part of story `intoId` from now on, without the checks of merge: the
   * store merged them already (another process did, and this index still holds both). The
   * merged story takes `intoId` even when only `fromId` was indexed. Returns its fingerprint,
   * or null when neither is indexed.
   */
  absorb(intoId: string, fromId: string, now: number): string | null {
    const into = this.#stories.get(intoId);
    const from = this.#stories.get(fromId);
    if (!from || intoId === fromId) return into ? encodeStory(into) : null;
    let print: StoryPrint = { feeds: [...new Set([...(into?.feeds ?? []), ...from.feeds])], members: into?.members ?? [] };
    for (const member of from.members) print = withMember(print, null, member);
    this.#remove(fromId);
    this.#remove(intoId);
    this.#insert({ id: intoId, updatedAt: Math.max(now, into?.updatedAt ?? from.updatedAt), ...print });
    return encodeStory(print);
  }

  /** Drops every story last updated before the window that ends at `now`. */
  prune(now: number): void {
    const oldest = now - this.#windowMs;
    for (const entry of [...this.#stories.values()]) {
      if (entry.updatedAt < oldest) this.#remove(entry.id);
    }
  }

  #score(probe: Member, known: Member, storyId: string): StoryMatch | null {
    const lead = probe.lead && known.lead ? signatureSimilarity(probe.lead, known.lead) : null;
    const title = probe.title && known.title ? signatureSimilarity(probe.title, known.title) : null;
    const byLead = lead !== null && lead >= this.#leadThreshold;
    const byTitle = title !== null && title >= this.#titleThreshold && (lead === null || lead >= LEADS_DISAGREE);
    if (byLead && (!byTitle || lead >= title)) return { storyId, similarity: lead, by: 'lead' };
    if (byTitle) return { storyId, similarity: title, by: 'title' };
    return null;
  }

  #candidates(member: Member): Set<string> {
    const ids = new Set<string>();
    for (const key of memberKeys(member)) {
      for (const slot of this.#buckets.get(key)) ids.add(this.#bySlot[slot]!.id);
    }
    return ids;
  }

  /** A later update moves the story to the end of the update order. */
  #updated(entry: Slotted, updatedAt: number): void {
    if (updatedAt <= entry.updatedAt) return;
    entry.updatedAt = updatedAt;
    this.#stories.delete(entry.id);
    this.#stories.set(entry.id, entry);
  }

  /** Indexes the story, first giving up the least recently updated ones beyond maxStories. */
  #insert(story: Entry): void {
    for (const stalest of this.#stories.keys()) {
      if (this.#stories.size < this.#maxStories) break;
      this.#remove(stalest);
    }
    const slot = this.#freeSlots.pop() ?? this.#bySlot.length;
    const entry: Slotted = { ...story, slot };
    this.#bySlot[slot] = entry;
    this.#stories.set(entry.id, entry);
    this.#link(entry, entry.members.flatMap(memberKeys));
  }

  /** Puts the story in each bucket once; a full bucket gives up its least recently updated story. */
  #link(entry: Slotted, keys: number[]): void {
    for (const key of keys) this.#buckets.add(key, entry.slot, BUCKET_CAP, this.#stalest);
  }

  readonly #stalest = (bucket: readonly number[]): number => {
    let at = 0;
    let oldest = Infinity;
    bucket.forEach((slot, i) => {
      const updatedAt = this.#bySlot[slot]?.updatedAt ?? -Infinity;
      if (updatedAt < oldest) {
        oldest = updatedAt;
        at = i;
      }
    });
    return at;
  };

  #remove(id: string): void {
    const entry = this.#stories.get(id);
    if (!entry) return;
    this.#stories.delete(id);
    for (const member of entry.members) for (const key of memberKeys(member)) this.#buckets.delete(key, entry.slot);
    this.#bySlot[entry.slot] = undefined;
    this.#freeSlots.push(entry.slot);
  }
}
