// OPML, the subscription list every feed reader imports and exports (MonitoRSS, Slack's RSS app
// via its exports, Miniflux, Feedly, Inoreader). Read with the same forgiving XML reader as
// feeds (xml-tree.ts: htmlparser2 in XML mode, never a DTD, never a declared entity, never
// recursive) after the same prolog check (xml-guard.ts), and written through domhandler nodes
// and dom-serializer, which escapes every attribute, so a feed named `Tom & "Jerry" <3` stays
// well-formed. Folders and `category` attributes become categories; tagName() makes them the
// tags a config rule names as `feeds: [tag:world]`.
import { Document, Element, Text, type AnyNode } from 'domhandler';
import render from 'dom-serializer';
import { HeraldError } from '../domain/errors.ts';
import { plural } from '../text/plural.ts';
import { readProlog, unsafeXmlReason } from './xml-guard.ts';
import { collectElements, readXmlTree, textContent } from './xml-tree.ts';

export interface OpmlLimits {
  /** Characters of OPML read at most. */
  maxChars: number;
  /** Feed outlines read at most; past that the rest is reported as skipped, not read. */
  maxFeeds: number;
}

export const DEFAULT_OPML_LIMITS: OpmlLimits = { maxChars: 2 * 1024 * 1024, maxFeeds: 1_000 };

export interface OpmlFeed {
  url: string;
  /** The outline's title (or text), null when it has none. */
  name: string | null;
  /** Tag names (tagName) of the folders it sits in and of its `category` attribute, in first-seen order. */
  tags: string[];
}

export interface OpmlSkip {
  /** What the outline says it is: its title or its URL. */
  outline: string;
  reason: string;
}

export interface OpmlList {
  title: string | null;
  feeds: OpmlFeed[];
  skipped: OpmlSkip[];
}

const MAX_TAG = 64;
const MAX_TAGS = 32;
const MAX_NAME = 100;
// Feed outlines read in all, duplicates and unusable ones included.
const OUTLINE_FACTOR = 4;

/** A category as a tag: lower-case letters, digits and `-` (the config's id form), or null when nothing is left. */
export function tagName(category: string): string | null {
  const tag = category
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, MAX_TAG)
    .replace(/-+$/, '');
  return tag === '' ? null : tag;
}

const attribute = (element: Element, name: string): string | null => {
  const wanted = name.toLowerCase();
  const key = Object.keys(element.attribs).find((candidate) => candidate.toLowerCase() === wanted);
  const value = key === undefined ? '' : element.attribs[key]!.trim();
  return value === '' ? null : value;
};

const isOutline = (element: Element): boolean => element.name.toLowerCase() === 'outline';

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The folder names above an outline, outermost first. */
function folders(outline: Element): string[] {
  const names: string[] = [];
  for (let parent = outline.parent; parent !== null && parent instanceof Element && isOutline(parent); parent = parent.parent) {
    const name = attribute(parent, 'title') ?? attribute(parent, 'text');
    if (name !== null) names.unshift(name);
  }
  return names;
}

// OPML 2.0: "a string of comma-separated slash-delimited category strings" (/World/Asia,/Tech).
const categoryAttribute = (outline: Element): string[] => (attribute(outline, 'category') ?? '').split(',').flatMap((path) => path.split('/'));

/**
 * Reads an OPML document. Throws `opml_invalid` with a reason and a fix for a document that is
 * not OPML or that Herald refuses (too long, declaring entities); outlines that are not usable
 * feeds are listed in `skipped` with their reason.
 */
export function readOpml(text: string, limits: OpmlLimits = DEFAULT_OPML_LIMITS): OpmlList {
  if (text.length > limits.maxChars) {
    throw new HeraldError('opml_invalid', `the OPML file is ${text.length} characters long, over the ${limits.maxChars} Herald reads: split it into smaller files`, { length: text.length });
  }
  const start = text.replace(/^\uFEFF/, '').trimStart();
  const prolog = readProlog(start);
  const unsafe = unsafeXmlReason(prolog);
  if (unsafe !== null) throw new HeraldError('opml_invalid', unsafe.replace('feeds never need them; ask the publisher to drop the DOCTYPE', 'OPML never needs them; remove the DOCTYPE'));
  if (prolog.root?.toLowerCase() !== 'opml') {
    throw new HeraldError('opml_invalid', `this is not an OPML file (its root element is ${prolog.root === null ? 'missing' : `<${prolog.root}>`}, not <opml>): export the subscription list as OPML from your reader`, { root: prolog.root });
  }
  const { document } = readXmlTree(start);
  const titleElement = collectElements(document, (element) => (element.name.toLowerCase() === 'title' ? 'take' : element.name.toLowerCase() === 'outline' ? 'skip' : 'descend'), 1)[0];
  const maxOutlines = limits.maxFeeds * OUTLINE_FACTOR;
  // Folders are descended into, feed outlines taken; a document of nested folders is walked, not recursed.
  const outlines = collectElements(document, (element) => (isOutline(element) && attribute(element, 'xmlUrl') !== null ? 'take' : 'descend'), maxOutlines + 1);
  const byUrl = new Map<string, OpmlFeed>();
  const skipped: OpmlSkip[] = [];
  let over = 0;
  for (const outline of outlines.slice(0, maxOutlines)) {
    const xmlUrl = attribute(outline, 'xmlUrl')!;
    const name = attribute(outline, 'title') ?? attribute(outline, 'text');
    const url = httpUrl(xmlUrl);
    if (url === null) {
      skipped.push({ outline: name ?? xmlUrl, reason: `its xmlUrl '${xmlUrl.slice(0, 200)}' is not an http(s) URL` });
      continue;
    }
    const tags = [...folders(outline), ...categoryAttribute(outline)].flatMap((category) => tagName(category) ?? []);
    const known = byUrl.get(url);
    if (known) {
      known.tags = [...new Set([...known.tags, ...tags])].slice(0, MAX_TAGS);
      continue;
    }
    if (byUrl.size >= limits.maxFeeds) {
      over += 1;
      continue;
    }
    byUrl.set(url, { url, name: name === null ? null : name.slice(0, MAX_NAME), tags: [...new Set(tags)].slice(0, MAX_TAGS) });
  }
  if (over > 0 || outlines.length > maxOutlines) {
    const more = outlines.length > maxOutlines ? `${over} or more further feeds` : plural(over, 'further feed');
    skipped.push({ outline: more, reason: `the file lists more than ${plural(limits.maxFeeds, 'feed')}, the most Herald imports at once; split it` });
  }
  const title = titleElement === undefined ? null : textContent(titleElement).trim() || null;
  return { title, feeds: [...byUrl.values()], skipped };
}

function element(name: string, attributes: Record<string, string>, children: AnyNode[] = []): Element {
  const node = new Element(name, attributes, children);
  for (const child of children) child.parent = node;
  return node;
}

function feedOutline(feed: OpmlFeed): Element {
  const name = feed.name ?? feed.url;
  const category: Record<string, string> = feed.tags.length === 0 ? {} : { category: feed.tags.map((tag) => `/${tag}`).join(',') };
  return element('outline', { type: 'rss', text: name, title: name, xmlUrl: feed.url, ...category });
}

/**
 * An OPML 2.0 document of `feeds`: one folder per feed's first tag (what readers show), every
 * tag in the `category` attribute (what readOpml reads back), untagged feeds at the top.
 */
export function writeOpml(title: string, feeds: readonly OpmlFeed[]): string {
  const folders = new Map<string, Element[]>();
  const top: AnyNode[] = [];
  for (const feed of feeds) {
    const outline = feedOutline(feed);
    const folder = feed.tags[0];
    if (folder === undefined) top.push(outline);
    else folders.set(folder, [...(folders.get(folder) ?? []), outline]);
  }
  const body = [...[...folders].map(([name, outlines]) => element('outline', { text: name, title: name }, outlines)), ...top];
  const opml = element('opml', { version: '2.0' }, [element('head', {}, [element('title', {}, [new Text(title)])]), element('body', {}, body)]);
  const xml = render(new Document([opml]), { xmlMode: true, encodeEntities: 'utf8' });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
