// The recent stories, searchable by fingerprint. MinHash rows are cut into LSH bands: two
// stories whose signatures agree on every row of some band share a bucket, so a lookup reads
// a few dozen buckets instead of comparing against every story, and only those candidates are
// scored. Stories leave with the window (config dedup.window).
import { parseFingerprint, SIGNATURE_SIZE, signatureSimilarity } from './fingerprint.ts';

// 21 bands of 3 rows: a pair at similarity s becomes a candidate with 1 - (1 - s^3)^21, i.e.
// 0.94 at 0.5, 0.994 at 0.6 and 0.9998 at 0.7, while unrelated stories (s < 0.1) almost never
// share a bucket. Thresholds configured below 0.5 therefore start to miss pairs.
const BAND_ROWS = 3;
const BANDS = Math.floor(SIGNATURE_SIZE / BAND_ROWS);

/**
 * Two headlines alike but two leads that share almost nothing are two stories under a
 * recurring title ("Morning briefing: what you need to know"), not one: posting a second alert
 * for a true copy costs a glance, merging two stories silently loses one.
 */
const LEADS_DISAGREE = 0.2;

export interface StoryMatch {
  storyId: string;
  similarity: number;
  by: 'title' | 'lead';
}

interface Entry {
  id: string;
  updatedAt: number;
  title: Uint16Array | null;
  lead: Uint16Array | null;
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

export class StoryIndex {
  readonly #windowMs: number;
  readonly #titleThreshold: number;
  readonly #leadThreshold: number;
  readonly #stories = new Map<string, Entry>();
  // Most buckets hold one story, so a bare id saves an array per bucket.
  readonly #buckets = new Map<number, string | string[]>();

  constructor(options: { windowMs: number; titleThreshold: number; leadThreshold: number }) {
    this.#windowMs = options.windowMs;
    this.#titleThreshold = options.titleThreshold;
    this.#leadThreshold = options.leadThreshold;
  }

  /** Stories currently indexed (stories without a usable fingerprint are not kept). */
  get size(): number {
    return this.#stories.size;
  }

  /** Adds a story, or replaces it when the id is already indexed. */
  add(story: { id: string; fingerprint: string | null; updatedAt: number }): void {
    this.#remove(story.id);
    const fingerprint = parseFingerprint(story.fingerprint);
    if (!fingerprint) return;
    const entry: Entry = { id: story.id, updatedAt: story.updatedAt, ...fingerprint };
    this.#stories.set(story.id, entry);
    this.#eachKey(entry, (key) => {
      const bucket = this.#buckets.get(key);
      if (bucket === undefined) this.#buckets.set(key, story.id);
      else if (typeof bucket === 'string') this.#buckets.set(key, [bucket, story.id]);
      else bucket.push(story.id);
    });
  }

  /** A story got a new source or an edit: it stays in the window from `updatedAt` on. */
  touch(storyId: string, updatedAt: number): void {
    const entry = this.#stories.get(storyId);
    if (entry && updatedAt > entry.updatedAt) entry.updatedAt = updatedAt;
  }

  /**
   * The most similar story updated within the window before `now` whose headline reaches the
   * title threshold (unless the leads disagree) or whose lead reaches the lead threshold.
   */
  findSimilar(fingerprint: string | null, now: number): StoryMatch | null {
    const probe = parseFingerprint(fingerprint);
    if (!probe) return null;
    const oldest = now - this.#windowMs;
    let best: StoryMatch | null = null;
    let bestUpdatedAt = -Infinity;
    for (const id of this.#candidates(probe)) {
      const entry = this.#stories.get(id);
      if (!entry || entry.updatedAt < oldest) continue;
      const match = this.#score(probe, entry);
      if (!match) continue;
      const better = !best || match.similarity > best.similarity || (match.similarity === best.similarity && entry.updatedAt > bestUpdatedAt);
      if (better) {
        best = match;
        bestUpdatedAt = entry.updatedAt;
      }
    }
    return best;
  }

  /** Drops every story last updated before the window that ends at `now`. */
  prune(now: number): void {
    const oldest = now - this.#windowMs;
    for (const entry of [...this.#stories.values()]) {
      if (entry.updatedAt < oldest) this.#remove(entry.id);
    }
  }

  #score(probe: { title: Uint16Array | null; lead: Uint16Array | null }, entry: Entry): StoryMatch | null {
    const lead = probe.lead && entry.lead ? signatureSimilarity(probe.lead, entry.lead) : null;
    const title = probe.title && entry.title ? signatureSimilarity(probe.title, entry.title) : null;
    const byLead = lead !== null && lead >= this.#leadThreshold;
    const byTitle = title !== null && title >= this.#titleThreshold && (lead === null || lead >= LEADS_DISAGREE);
    if (byLead && (!byTitle || lead >= title)) return { storyId: entry.id, similarity: lead, by: 'lead' };
    if (byTitle) return { storyId: entry.id, similarity: title, by: 'title' };
    return null;
  }

  #candidates(probe: { title: Uint16Array | null; lead: Uint16Array | null }): Set<string> {
    const ids = new Set<string>();
    this.#eachKey(probe, (key) => {
      const bucket = this.#buckets.get(key);
      if (typeof bucket === 'string') ids.add(bucket);
      else if (bucket) for (const id of bucket) ids.add(id);
    });
    return ids;
  }

  #eachKey(signatures: { title: Uint16Array | null; lead: Uint16Array | null }, visit: (key: number) => void): void {
    if (signatures.title) for (const key of bucketKeys('title', signatures.title)) visit(key);
    if (signatures.lead) for (const key of bucketKeys('lead', signatures.lead)) visit(key);
  }

  #remove(id: string): void {
    const entry = this.#stories.get(id);
    if (!entry) return;
    this.#stories.delete(id);
    this.#eachKey(entry, (key) => {
      const bucket = this.#buckets.get(key);
      if (bucket === id) this.#buckets.delete(key);
      else if (Array.isArray(bucket)) {
        const rest = bucket.filter((member) => member !== id);
        if (rest.length === 0) this.#buckets.delete(key);
        else this.#buckets.set(key, rest.length === 1 ? rest[0]! : rest);
      }
    });
  }
}
