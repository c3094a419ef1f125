// Site boilerplate learned per feed. Text a feed repeats across its items (a site blurb every
// description opens with, a byline block, a newsletter plug) says nothing about the story, yet
// two items that carry it look alike: ten different stories of one outlet that open with its
// blurb would merge by lead. What a feed repeats is learned from each poll's items and kept with
// the feed in the store (PollCommit.boilerplate), so an item that arrives alone in a later poll,
// in another process or after a restart, loses the blurb too. Nothing of it stays in memory
// between polls: a process holds the sentences of the feeds it is committing, not of every feed.
import { foldForCompare } from '../text/fold.ts';
import { splitSentences } from '../text/sentences.ts';

/** Only the opening sentences of a summary and a text make up a lead (fingerprint.ts). */
const LEAD_SENTENCES = 6;
/** Where those sentences are looked for: a text can be a whole article. */
export const LEAD_CHARS = 1_000;
/** Shorter sentences ("Watch.", "Updated.") are too common to be a site's own chrome. */
const MIN_SENTENCE = 16;
/** Sentences kept per feed; the least recently repeated go first. */
export const MAX_PER_FEED = 64;

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

/**
 * The folded sentences a feed repeats, after a poll of its `items`: those it was `known` to
 * repeat, and the lead sentences two or more of `items` share, moved last as the most recently
 * repeated; at most MAX_PER_FEED. Returns `known` itself when the poll changes nothing, so the
 * caller stores the sentences only when they changed.
 */
export function learnBoilerplate(known: readonly string[], items: readonly { summary: string; text: string }[]): readonly string[] {
  const counts = new Map<string, number>();
  for (const item of items) for (const key of leadSentenceKeys(item)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const repeated = [...counts].filter(([, count]) => count >= 2).map(([key]) => key);
  const learned = [...known.filter((key) => !repeated.includes(key)), ...repeated].slice(-MAX_PER_FEED);
  return learned.length === known.length && learned.every((key, i) => key === known[i]) ? known : learned;
}
