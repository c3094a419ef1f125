// Ids that people type back: subscription ids ("sub_3f9a1c2e") and feed ids made from a URL
// ("example-org-world"), both in the config's id alphabet so commands accept them as written.
import { randomBytes } from 'node:crypto';

// Short enough to type, with room for a "-2" suffix inside the 64 characters ids may have.
const MAX_FEED_ID = 40;
// Path words that say "this is a feed" and nothing about which one.
const FEED_WORDS = new Set(['feed', 'feeds', 'rss', 'atom', 'xml', 'json', 'index', 'php', 'rdf', 'www']);

/** 8 lower-case hex characters: short enough to type, random enough for one channel's ids. */
export function randomId(): string {
  return randomBytes(4).toString('hex');
}

export function subscriptionId(newId: () => string): string {
  return `sub_${newId()}`;
}

/**
 * A readable feed id from host and path: https://news.example.org/world/rss.xml becomes
 * news-example-org-world. Words that only say "feed" are dropped; the result is cut at a word.
 */
export function feedIdFromUrl(url: string): string {
  const { hostname, pathname } = new URL(url);
  const words = `${hostname} ${pathname}`
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !FEED_WORDS.has(word));
  let id = '';
  for (const word of words) {
    const next = id === '' ? word : `${id}-${word}`;
    if (next.length > MAX_FEED_ID) break;
    id = next;
  }
  return id || words[0]?.slice(0, MAX_FEED_ID) || 'feed';
}

/** `base`, else base-2, base-3...: the n-th candidate id for a feed whose base id is taken. */
export function candidateFeedId(base: string, attempt: number): string {
  return attempt === 0 ? base : `${base}-${attempt + 1}`;
}
