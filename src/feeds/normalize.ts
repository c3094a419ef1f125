// A ParsedFeed to Items: untrusted entry fields become clean, bounded, comparable values with
// a key that stays the same from one poll to the next, so "seen" and "edited" mean something.
import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';
import type { Item, ParsedFeed, RawEntry } from '../domain/types.ts';
import { canonicalUrl, itemKeyUrl, urlsNamedByFragment } from '../text/canonical-url.ts';
import { cleanText } from '../text/clean.ts';
import { safeHttpUrl } from '../text/safe-url.ts';
import { singleLine, sliceWhole } from '../text/sanitize.ts';
import { summarize } from '../text/summary.ts';
import { truncate } from '../text/truncate.ts';
import { addressBlockReason } from './address-guard.ts';
import { feedDateToIso } from './feed-date.ts';

export interface NormalizeOptions {
  summaryLength: number;
  /** Only the newest this many items are kept. */
  maxItems: number;
  /** The clock dates are checked against (dates far in the future are typos); defaults to now. */
  now?: number;
}

// Raw caps apply before any cleaning so a hostile feed costs bounded work (issue 9); the
// final caps fit a chat message and a database row.
const MAX_RAW_TITLE = 2_000;
const MAX_TITLE = 300;
const MAX_RAW_BODY = 100_000;
const MAX_GUID = 512;
const MAX_URL = 2_048;
const MAX_NAME = 200;
const MAX_CATEGORY = 100;
const MAX_CATEGORIES = 30;
const FALLBACK_TITLE_LENGTH = 80;
const UNTITLED = '(untitled)';

// Titles, names and labels are inline text: markup and entities go, but none of the
// paragraph-level boilerplate rules of cleanText apply ("Photograph: ..." can be a headline).
const inlineHtmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
  limits: { maxDepth: 64, ellipsis: '' },
});

function inlineText(raw: string | null, rawCap: number, cap: number): string {
  if (raw === null) return '';
  return truncate(singleLine(inlineHtmlToText(sliceWhole(raw, rawCap))), cap);
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function feedHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '') || url;
  } catch {
    return url;
  }
}

/** The base for an entry's relative link: the feed's own home page, else the feed URL. */
function linkBase(parsed: ParsedFeed, feedUrl: string, form: (href: string, base: string) => string | null): string {
  const home = parsed.link === null ? null : form(sliceWhole(parsed.link, MAX_URL), feedUrl);
  return home ?? feedUrl;
}

// The link people click stays as the feed published it (made absolute, http(s) only): the
// canonical form that identifies the item drops `www.` and trailing slashes, which some sites
// do not serve.
function publishedLink(href: string, base: string): string | null {
  try {
    return safeHttpUrl(new URL(href.trim(), base).href);
  } catch {
    return null;
  }
}

// The first <img src> of an entry's HTML, read from a bounded prefix: the picture an alert shows
// when the feed names none of its own.
const FIRST_IMG = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const IMG_SCAN = 20_000;

/**
 * An image the platforms may load for everyone in the channel: absolute http(s), and not on a
 * loopback, private or otherwise special address or host name a feed could use to probe them.
 */
function safeImage(raw: string | null, base: string): string | null {
  if (raw === null) return null;
  const url = publishedLink(sliceWhole(raw, MAX_URL), base);
  if (url === null) return null;
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const internalName = /(^|\.)(localhost|local|internal|lan|home\.arpa)$/.test(host) || (!host.includes('.') && !host.includes(':'));
  if (internalName) return null;
  const isAddress = /^[\d.]+$/.test(host) || host.includes(':');
  return isAddress && addressBlockReason(host) !== null ? null : url;
}

function imageOf(entry: RawEntry, base: string): string | null {
  const own = safeImage(entry.image, base);
  if (own !== null) return own;
  for (const html of [entry.contentHtml, entry.summaryHtml]) {
    const match = html === null ? null : FIRST_IMG.exec(html.slice(0, IMG_SCAN));
    const src = match === null ? null : safeImage(match[1] ?? match[2] ?? match[3] ?? null, base);
    if (src !== null) return src;
  }
  return null;
}

/**
 * guid, else canonical link, else a hash of title and date. Prefixes keep the kinds apart, so
 * a guid that happens to look like another item's URL or hash never collides with it.
 */
function itemKey(entry: RawEntry, url: string | null, title: string, base: string): string {
  const guid = entry.guid === null ? '' : singleLine(entry.guid);
  if (guid !== '') return guid.length <= MAX_GUID ? `guid:${guid}` : `guid-sha256:${sha256(guid)}`;
  if (url !== null && entry.link !== null) return `url:${itemKeyUrl(url, sliceWhole(entry.link, MAX_URL), base)}`;
  return `hash:${sha256(`${title}\n${singleLine(sliceWhole(entry.published ?? '', 100))}`)}`;
}

function categoriesOf(entry: RawEntry): string[] {
  const seen = new Set<string>();
  const categories: string[] = [];
  for (const raw of entry.categories.slice(0, MAX_CATEGORIES * 4)) {
    const name = inlineText(raw, MAX_CATEGORY * 4, MAX_CATEGORY);
    const folded = name.toLocaleLowerCase('en');
    if (name === '' || seen.has(folded)) continue;
    seen.add(folded);
    categories.push(name);
    if (categories.length === MAX_CATEGORIES) break;
  }
  return categories;
}

function fallbackTitle(text: string): string {
  const firstLine = text.split('\n').find((line) => line.trim() !== '');
  return firstLine === undefined ? UNTITLED : truncate(singleLine(firstLine), FALLBACK_TITLE_LENGTH) || UNTITLED;
}

interface EntryContext {
  feedId: string;
  /** Canonical, as item identity has always been resolved. */
  base: string;
  /** As published, for the link people click. */
  linkBase: string;
  sourceName: string;
  now: number;
  summaryLength: number;
  /** Canonical URLs whose fragment names the item: this feed's items differ only by it. */
  namedByFragment: ReadonlySet<string>;
}

/** The entry's identity URL: canonical, with the fragment where the feed's items differ only by it. */
function entryUrl(href: string, context: EntryContext): string | null {
  const url = canonicalUrl(href, context.base);
  return url !== null && context.namedByFragment.has(url) ? canonicalUrl(href, context.base, { keepFragment: true }) : url;
}

interface Candidate {
  item: Item;
  time: number | null;
}

function normalizeEntry(entry: RawEntry, context: EntryContext & { rawHash: string }): Candidate | null {
  const contentHtml = entry.contentHtml === null ? null : sliceWhole(entry.contentHtml, MAX_RAW_BODY);
  const summaryHtml = entry.summaryHtml === null ? null : sliceWhole(entry.summaryHtml, MAX_RAW_BODY);
  // The fuller body is the text; the standfirst, when the feed gives one, is the lead.
  const body = contentHtml ?? summaryHtml;
  const lead = summaryHtml ?? contentHtml;
  const text = cleanText(body ?? '');
  const leadText = lead === body ? text : cleanText(lead ?? '');
  const href = entry.link === null ? null : sliceWhole(entry.link, MAX_URL);
  const url = href === null ? null : entryUrl(href, context);
  const link = href === null || url === null ? null : publishedLink(href, context.linkBase);

  const ownTitle = inlineText(entry.title, MAX_RAW_TITLE, MAX_TITLE);
  // An entry with nothing to show or link to is an empty <item>, not news.
  if (ownTitle === '' && text === '' && leadText === '' && url === null) return null;
  const title = ownTitle || fallbackTitle(leadText || text);

  const published = feedDateToIso(entry.published, context.now);
  const author = inlineText(entry.author, MAX_NAME * 4, MAX_NAME);
  const image = imageOf(entry, context.linkBase);
  return {
    time: published === null ? null : Date.parse(published),
    item: {
      feedId: context.feedId,
      key: itemKey(entry, url, title, context.base),
      url,
      ...(link === null ? {} : { link }),
      ...(image === null ? {} : { image }),
      title,
      text,
      // A description that only repeats the headline leaves the lead to the content.
      summary: summarize(leadText, { maxLength: context.summaryLength, title }) || (text === leadText ? '' : summarize(text, { maxLength: context.summaryLength, title })),
      published,
      categories: categoriesOf(entry),
      author: author === '' ? null : author,
      sourceName: context.sourceName,
      contentHash: `${sha256(`${title}\n${text}`)}:${context.rawHash}`,
    },
  };
}

/** Dated entries newest first; undated ones after them, in the order the feed lists them. */
function newestFirst(a: Prepared, b: Prepared): number {
  const [at, bt] = [a.entry.publishedAt, b.entry.publishedAt];
  if (at !== null && bt !== null && at !== bt) return bt - at;
  if (at === null && bt !== null) return 1;
  if (at !== null && bt === null) return -1;
  return a.order - b.order;
}

/** Every input normalizeEntry reads, so any change to what an item shows changes this hash. */
function rawHashOf(entry: RawEntry): string {
  return sha256(JSON.stringify([entry.guid, entry.title, entry.link, entry.contentHtml, entry.summaryHtml, entry.published, entry.author, entry.categories, entry.image]));
}

/**
 * contentHash is `<hash of the cleaned title and text>:<hash of the raw entry>`. The first part
 * decides what counts as an edit; the second lets a poll skip cleaning an entry it has already
 * seen exactly as it is. Hashes stored before the raw part existed have no colon.
 */
export function isContentEdit(storedHash: string, itemHash: string): boolean {
  return storedHash.split(':')[0] !== itemHash.split(':')[0];
}

export interface PreparedEntry {
  key: string;
  rawHash: string;
  /** Epoch ms of the entry's date, or null when it has none (or an unreadable one). */
  publishedAt: number | null;
}

export interface PreparedFeed {
  /** The distinct entries that become items, newest first, at most maxItems. */
  entries: PreparedEntry[];
  /** Cleans the entries `wanted` accepts (given each with its position in `entries`) into Items, in that order. */
  items(wanted: (entry: PreparedEntry, position: number) => boolean): Item[];
}

/** Whether a stored contentHash says the entry is unchanged since it was stored. */
export function isUnchangedEntry(storedHash: string, entry: PreparedEntry): boolean {
  return storedHash.endsWith(`:${entry.rawHash}`);
}

/**
 * The contentHash of an entry recorded without cleaning (pipeline/seed-entries.ts): the raw part
 * alone, so a poll still tells it unchanged, and nothing it is compared with as an edit matches.
 */
export function recordedHash(entry: PreparedEntry): string {
  return `:${entry.rawHash}`;
}

interface Prepared {
  entry: PreparedEntry;
  raw: RawEntry;
  order: number;
  /** Entries without a link are cleaned up front: their key, and whether they are empty, need the text. */
  item: Item | null;
}

/**
 * Keys, raw hashes and order of the entries of `parsed` without cleaning the ones with a link,
 * so a poll can clean only the entries that are new or changed. Same items, keys and order as
 * normalizeFeed.
 */
export function prepareFeed(
  parsed: ParsedFeed,
  feed: { id: string; url: string; name: string | null },
  options: NormalizeOptions,
): PreparedFeed {
  const feedTitle = inlineText(parsed.title, MAX_RAW_TITLE, MAX_NAME);
  const base = linkBase(parsed, feed.url, canonicalUrl);
  const context: EntryContext = {
    feedId: feed.id,
    base,
    linkBase: linkBase(parsed, feed.url, publishedLink),
    sourceName: feed.name ?? (feedTitle || feedHost(feed.url)),
    now: options.now ?? Date.now(),
    summaryLength: options.summaryLength,
    namedByFragment: urlsNamedByFragment(
      parsed.entries.map((raw) => (raw.link === null ? null : sliceWhole(raw.link, MAX_URL))),
      base,
    ),
  };
  const seen = new Set<string>();
  const prepared: Prepared[] = [];
  parsed.entries.forEach((raw, order) => {
    const rawHash = rawHashOf(raw);
    const url = raw.link === null ? null : entryUrl(sliceWhole(raw.link, MAX_URL), context);
    let key: string;
    let item: Item | null = null;
    let time: number | null;
    if (url === null) {
      const candidate = normalizeEntry(raw, { ...context, rawHash });
      if (candidate === null) return;
      ({ key } = candidate.item);
      ({ item, time } = candidate);
    } else {
      // With a URL the key never depends on the title, and the entry is never empty.
      key = itemKey(raw, url, '', context.base);
      const published = feedDateToIso(raw.published, context.now);
      time = published === null ? null : Date.parse(published);
    }
    if (seen.has(key)) return;
    seen.add(key);
    prepared.push({ entry: { key, rawHash, publishedAt: time }, raw, order, item });
  });
  const kept = prepared.sort(newestFirst).slice(0, Math.max(0, options.maxItems));
  return {
    entries: kept.map((p) => p.entry),
    items: (wanted) =>
      kept.flatMap((p, position) => {
        if (!wanted(p.entry, position)) return [];
        if (p.item !== null) return [p.item];
        const candidate = normalizeEntry(p.raw, { ...context, rawHash: p.entry.rawHash });
        return candidate === null ? [] : [candidate.item];
      }),
  };
}

/**
 * One Item per distinct entry of `parsed`, newest first, at most `options.maxItems`. Entries
 * whose key repeats an earlier entry's collapse into the first; empty entries are dropped.
 */
export function normalizeFeed(
  parsed: ParsedFeed,
  feed: { id: string; url: string; name: string | null },
  options: NormalizeOptions,
): Item[] {
  return prepareFeed(parsed, feed, options).items(() => true);
}
