// Site boilerplate learned per feed. Text a feed repeats across its items (a site blurb every
// description opens with, a byline block, a newsletter plug) says nothing about the story, yet
// two items that carry it look alike: ten different stories of one outlet that open with its
// blurb would merge by lead. What a feed repeats is learned from each poll's items and kept per
// feed, so an item that arrives alone in a later poll loses the blurb too.
import { foldForCompare } from '../text/fold.ts';
import { splitSentences } from '../text/sentences.ts';

/** Only the opening sentences of a summary and a text make up a lead (fingerprint.ts). */
const LEAD_SENTENCES = 6;
/** Where those sentences are looked for: a text can be a whole article. */
export const LEAD_CHARS = 1_000;
/** Shorter sentences ("Watch.", "Updated.") are too common to be a site's own chrome. */
const MIN_SENTENCE = 16;
/** Sentences kept per feed; the oldest learned go first. */
export const MAX_PER_FEED = 64;
const NONE: ReadonlySet<string> = new Set();

/** The folded opening sentences of the item's lead: its summary, or its text when it has none. */
function leadSentenceKeys(item: { summary: string; text: string }): Set<string> {
  const lead = item.summary.trim() !== '' ? item.summary : item.text;
  const keys = new Set<string>();
  for (const sentence of splitSentences(lead.slice(0, LEAD_CHARS)).slice(0, LEAD_SENTENCES)) {
    const key = foldForCompare(sentence);
    if (key.length >= MIN_SENTENCE) keys.add(key);
  }
  return keys;
}

export class FeedBoilerplate {
  readonly #byFeed = new Map<string, Set<string>>();

  /** Learns, per feed, the lead sentences that two or more of `items` share. */
  learn(items: readonly { feedId: string; summary: string; text: string }[]): void {
    const counts = new Map<string, Map<string, number>>();
    for (const item of items) {
      const feed = counts.get(item.feedId) ?? new Map<string, number>();
      counts.set(item.feedId, feed);
      for (const key of leadSentenceKeys(item)) feed.set(key, (feed.get(key) ?? 0) + 1);
    }
    for (const [feedId, feed] of counts) {
      const repeated = [...feed].filter(([, count]) => count >= 2).map(([key]) => key);
      if (repeated.length === 0) continue;
      const known = this.#byFeed.get(feedId) ?? new Set<string>();
      this.#byFeed.set(feedId, known);
      for (const key of repeated) {
        known.delete(key);
        known.add(key);
      }
      for (const oldest of [...known].slice(0, Math.max(0, known.size - MAX_PER_FEED))) known.delete(oldest);
    }
  }

  /** The folded sentences `feedId` is known to repeat. */
  of(feedId: string): ReadonlySet<string> {
    return this.#byFeed.get(feedId) ?? NONE;
  }
}
