// An XML feed tree (xml-tree.ts) to a ParsedFeed. One reader serves RSS 0.9x/1.0/2.0, Atom
// 0.3/1.0 and CDF, well-formed or not: elements are matched by namespace and local name, so
// prefixed roots (`<a:feed>`, `<rss:item>`), RSS without a `<channel>` and a feed inside an
// XHTML page read like any other.
//
// Which element fills which field, first present wins:
// - link: RSS <link> (text or href), Atom/a10 <link rel="alternate"> (or with no rel), CDF's
//   HREF attribute, else a <guid> that is a permalink (isPermaLink not "false") and an http(s) URL.
// - title: <title>, else media:title (on the item or in its media:group).
// - content (the full text): content:encoded, Atom <content> (xhtml serialized whole, base64
//   decoded).
// - summary (the lead): RSS <description>, Atom <summary>, CDF <abstract>, itunes:summary,
//   media:description (on the item, in its media:group or media:content), itunes:subtitle.
// - image: media:thumbnail, media:content of an image type, an image <enclosure>, itunes:image
//   (normalize falls back to the first <img> of the text and vets the address).
import { HeraldError } from '../domain/errors.ts';
import type { ParsedFeed, RawEntry } from '../domain/types.ts';
import { ENTRY_NAME, childElements, collectElements, elementKey, innerMarkup, textContent, type Element, type XmlTree } from './xml-tree.ts';

type Format = 'rss' | 'atom';

// Where a feed's entries live, by the key of the element that is the feed.
const FEED_ROOTS: Readonly<Record<string, Format>> = { rss: 'rss', 'rdf:rdf': 'rss', channel: 'rss', 'atom:feed': 'atom', feed: 'atom' };
const ENTRY_KEYS = new Set(['item', 'atom:entry']);

/** One document's reading: what unprefixed elements mean, and each element's children by key, built once. */
class Reader {
  private readonly index = new WeakMap<Element, Map<string, Element[]>>();
  /** xml:base in scope per element (see xmlBase). */
  readonly bases = new WeakMap<Element, string | null>();

  constructor(readonly core: '' | 'atom') {}

  key(element: Element): string {
    return elementKey(element, this.core);
  }

  children(element: Element, wanted: string): Element[] {
    let byKey = this.index.get(element);
    if (byKey === undefined) {
      byKey = new Map();
      for (const child of childElements(element)) {
        const key = this.key(child);
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [child]);
        else list.push(child);
      }
      this.index.set(element, byKey);
    }
    return byKey.get(wanted) ?? [];
  }
}

function key(element: Element, reader: Reader): string {
  return reader.key(element);
}

function children(element: Element, reader: Reader, wanted: string): Element[] {
  return reader.children(element, wanted);
}

function child(element: Element, reader: Reader, ...wanted: string[]): Element | null {
  for (const name of wanted) {
    const found = children(element, reader, name)[0];
    if (found !== undefined) return found;
  }
  return null;
}

/** An attribute by its name, case folded (CDF writes HREF), or null. */
function attribute(element: Element | null, name: string): string | null {
  if (element === null) return null;
  for (const [attr, value] of Object.entries(element.attribs)) {
    if (attr.toLowerCase() === name && value.trim() !== '') return value.trim();
  }
  return null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

function text(element: Element | null): string | null {
  return element === null ? null : nonEmpty(textContent(element));
}

/** An element's content as HTML: base64 (Atom 0.3 mode="base64") decoded, markup kept whole. */
function markup(element: Element | null): string | null {
  if (element === null) return null;
  if (attribute(element, 'mode') === 'base64') {
    return nonEmpty(Buffer.from(textContent(element).replace(/\s+/g, ''), 'base64').toString('utf8'));
  }
  return nonEmpty(innerMarkup(element));
}

/** The first of `names` present on `element` as content, in the order given. */
function firstMarkup(element: Element, reader: Reader, names: string[]): string | null {
  for (const name of names) {
    const found = markup(child(element, reader, name));
    if (found !== null) return found;
  }
  return null;
}

/** `own` made absolute against `base`; unchanged base when it cannot be. */
function applyBase(own: string | undefined, base: string | null): string | null {
  if (own === undefined) return base;
  try {
    return new URL(own.trim(), base ?? undefined).href;
  } catch {
    // A relative base with no absolute one above it: left to normalize, which knows the feed URL.
    return base;
  }
}

/**
 * Absolute xml:base in scope at `element` (ancestors first); relative ones need the feed URL,
 * which normalize has. Cached per element and computed without recursion: entries may sit
 * deep in a hostile document.
 */
function xmlBase(element: Element, reader: Reader): string | null {
  const pending: Element[] = [];
  let base: string | null = null;
  for (let node: Element | null = element; node !== null; node = node.parent?.type === 'tag' ? (node.parent as Element) : null) {
    const known = reader.bases.get(node);
    if (known !== undefined) {
      base = known;
      break;
    }
    pending.push(node);
  }
  for (const node of pending.reverse()) {
    base = applyBase(node.attribs['xml:base'], base);
    reader.bases.set(node, base);
  }
  return base;
}

function resolve(ref: string | null, base: string | null): string | null {
  if (ref === null || base === null) return ref;
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return ref;
  }
}

/** An Atom link to show: rel="alternate" or no rel, else (for entries) the first link with an href. */
function atomLink(element: Element, reader: Reader, name: string): string | null {
  const links = children(element, reader, name);
  const alternate = links.find((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate' && attribute(link, 'href') !== null);
  return attribute(alternate ?? null, 'href');
}

function linkOf(element: Element, reader: Reader): string | null {
  const rssLink = child(element, reader, 'link');
  const fromRss = rssLink === null ? null : (attribute(rssLink, 'href') ?? text(rssLink));
  return nonEmpty(fromRss) ?? atomLink(element, reader, 'atom:link') ?? attribute(element, 'href');
}

/** RSS: a guid is the item's permalink unless isPermaLink="false" says it is not. */
function permalink(guid: Element | null): string | null {
  if (guid === null || attribute(guid, 'ispermalink')?.toLowerCase() === 'false') return null;
  const value = text(guid)?.trim() ?? null;
  return value !== null && /^https?:\/\//i.test(value) ? value : null;
}

function mediaHolders(element: Element, reader: Reader): Element[] {
  const groups = children(element, reader, 'media:group');
  return [element, ...groups, ...[element, ...groups].flatMap((holder) => children(holder, reader, 'media:content'))];
}

function isImage(element: Element): boolean {
  const type = attribute(element, 'type') ?? '';
  return attribute(element, 'medium') === 'image' || /^image\//i.test(type);
}

function imageOf(element: Element, reader: Reader): string | null {
  const holders = mediaHolders(element, reader);
  for (const holder of holders) {
    const thumbnail = attribute(child(holder, reader, 'media:thumbnail'), 'url');
    if (thumbnail !== null) return thumbnail;
  }
  const media = holders.flatMap((holder) => children(holder, reader, 'media:content')).find(isImage);
  const enclosure = [...children(element, reader, 'enclosure'), ...children(element, reader, 'atom:link').filter((link) => attribute(link, 'rel') === 'enclosure')].find(isImage);
  return attribute(media ?? null, 'url') ?? attribute(enclosure ?? null, 'url') ?? attribute(enclosure ?? null, 'href') ?? attribute(child(element, reader, 'itunes:image'), 'href');
}

function categoriesOf(element: Element, reader: Reader): string[] {
  const elements = childElements(element).filter((candidate) => ['category', 'atom:category', 'dc:subject'].includes(key(candidate, reader)));
  return elements.flatMap((category) => {
    const name = attribute(category, 'label') ?? attribute(category, 'term') ?? text(category);
    return name === null ? [] : [name];
  });
}

function authorOf(element: Element, reader: Reader): string | null {
  const atomAuthor = child(element, reader, 'atom:author');
  const atomName = atomAuthor === null ? null : text(child(atomAuthor, reader, 'atom:name'));
  return atomName ?? text(child(element, reader, 'dc:creator', 'author', 'itunes:author')) ?? text(atomAuthor);
}

function summaryOf(element: Element, reader: Reader): string | null {
  const own = firstMarkup(element, reader, ['description', 'atom:summary', 'abstract', 'itunes:summary']);
  if (own !== null) return own;
  for (const holder of mediaHolders(element, reader)) {
    const described = firstMarkup(holder, reader, ['media:description']);
    if (described !== null) return described;
  }
  return firstMarkup(element, reader, ['itunes:subtitle']);
}

function titleOf(element: Element, reader: Reader): string | null {
  const own = firstMarkup(element, reader, ['title', 'atom:title']);
  if (own !== null) return own;
  for (const holder of mediaHolders(element, reader)) {
    const title = firstMarkup(holder, reader, ['media:title']);
    if (title !== null) return title;
  }
  return null;
}

function toEntry(element: Element, reader: Reader, feedBase: string | null): RawEntry {
  const base = xmlBase(element, reader) ?? feedBase;
  const rssGuid = child(element, reader, 'guid');
  const link = linkOf(element, reader) ?? permalink(rssGuid);
  return {
    guid: text(rssGuid ?? child(element, reader, 'atom:id')) ?? attribute(element, 'rdf:about'),
    link: resolve(link, base),
    title: titleOf(element, reader),
    contentHtml: firstMarkup(element, reader, ['content:encoded', 'atom:content']),
    summaryHtml: summaryOf(element, reader),
    published:
      text(child(element, reader, 'pubdate', 'dc:date', 'atom:published', 'atom:issued', 'atom:updated', 'atom:modified', 'atom:created')) ??
      attribute(element, 'lastmod'),
    categories: categoriesOf(element, reader),
    author: authorOf(element, reader),
    image: imageOf(element, reader),
  };
}

/** The element that is the feed: the root, or the first feed element inside a page that wraps one. */
function findFeed(tree: XmlTree): { element: Element; format: Format } | null {
  const [found] = collectElements(
    tree.document,
    (element) => (FEED_ROOTS[elementKey(element, '')] === undefined ? 'descend' : 'take'),
    1,
  );
  if (found === undefined) return null;
  return { element: found, format: FEED_ROOTS[elementKey(found, '')]! };
}

function malformed(tree: XmlTree): string {
  const at = tree.repairedAt;
  return at === null ? 'the XML holds no feed entries' : `the XML is truncated or malformed: <${at.element}> at line ${at.line}, column ${at.column} is never closed`;
}

/**
 * The entries of an XML feed tree, at most `maxEntries`, in document order; null when the tree
 * holds no feed element (the caller says what it is instead). Throws HeraldError('parse_failed')
 * when the tree had to be repaired and not a single entry or title could be recovered from it,
 * and whatever `checkpoint` (the parse budget) throws.
 */
export function readXmlFeed(tree: XmlTree, maxEntries: number, checkpoint: () => void = () => undefined): ParsedFeed | null {
  const feed = findFeed(tree);
  if (feed === null) return null;
  const reader = new Reader(feed.format === 'atom' ? 'atom' : '');
  const isEntry = (element: Element): boolean => ENTRY_NAME.test(element.name) && ENTRY_KEYS.has(key(element, reader));
  const entries = collectElements(feed.element, (element) => (isEntry(element) ? 'take' : 'descend'), maxEntries);
  // RSS 1.0 puts its items next to <channel>; RSS 2.0 inside it; CDF's root is the channel.
  const channel = key(feed.element, reader) === 'channel' ? feed.element : (child(feed.element, reader, 'channel') ?? feed.element);
  const title = firstMarkup(channel, reader, ['title', 'atom:title']);
  if (entries.length === 0 && title === null && tree.repairedAt !== null) {
    throw new HeraldError('parse_failed', `${malformed(tree)}, and no entry could be read from it: ask the publisher to fix the feed`, { format: feed.format });
  }
  const base = xmlBase(channel, reader);
  return {
    format: feed.format,
    title,
    link: resolve(linkOf(channel, reader), base),
    entries: entries.map((entry, index) => {
      // The parse budget holds while entries are mapped too, not only while the XML is read.
      if (index % 256 === 0) checkpoint();
      return toEntry(entry, reader, base);
    }),
  };
}
