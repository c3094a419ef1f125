// A fetched body to a ParsedFeed: the format is sniffed from the body (the Content-Type header
// lies too often to be trusted alone), XML goes through the safety guard and then rss-parser's
// parseString (never parseURL: Herald's own guarded fetch is the only network path), JSON Feed
// through zod. Every refusal is a HeraldError('parse_failed') saying what to do about it.
import Parser from 'rss-parser';
import { HeraldError } from '../domain/errors.ts';
import type { ParsedFeed, RawEntry } from '../domain/types.ts';
import { parseJsonFeed } from './json-feed.ts';
import { readProlog, unsafeXmlReason } from './xml-guard.ts';

export interface ParseLimits {
  /** Longer bodies are refused before parsing: sax spends 1.5-3 s and 100-170 MB on 5 MB of dense markup. */
  maxChars: number;
  /** Entries beyond this many, in document order, are dropped. */
  maxEntries: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxChars: 8 * 1024 * 1024, maxEntries: 10_000 };

const HTML_MESSAGE =
  'the response is an HTML page, not a feed: point the URL at the site\'s RSS/Atom feed (look for <link rel="alternate" type="application/rss+xml">)';

// rss-parser turns Atom <published>/<updated> into ISO strings with `new Date(...).toISOString()`,
// which throws on a date like "yesterday" and fails the whole feed. Renaming the elements keeps
// them away from that code; their raw text comes back through the custom fields below.
const RAW_DATE_TAGS: Readonly<Record<string, string>> = { published: 'herald-published', updated: 'herald-updated' };

function newParser(): Parser {
  return new Parser({
    defaultRSS: 2,
    xml2js: { tagNameProcessors: [(name: string) => RAW_DATE_TAGS[name] ?? name] },
    customFields: {
      // The typings accept only names for feed fields; the runtime takes [from, to, options] as for items.
      feed: [['$', 'attributes', { keepArray: true }]] as unknown as string[],
      item: [
        ['$', 'attributes', { keepArray: true }],
        ['category', 'categoryElements', { keepArray: true }],
        ['dc:subject', 'subjectElements', { keepArray: true }],
        ['herald-published', 'rawPublished'],
        ['herald-updated', 'rawUpdated'],
      ],
    },
  });
}

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of an xml2js value: a string, an element's character data, or its nested text. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (!isRecord(value)) return null;
  if (typeof value._ === 'string') return textOf(value._);
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === '$') continue;
    for (const part of Array.isArray(child) ? child : [child]) {
      const nested = textOf(part);
      if (nested) parts.push(nested);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

function attribute(value: unknown, name: string): string | null {
  return isRecord(value) && isRecord(value.$) ? textOf(value.$[name]) : null;
}

/** `ref` made absolute against an absolute `base`; unchanged when either cannot be used. */
function resolveAgainst(ref: string | null, base: string | null): string | null {
  if (ref === null || base === null) return ref;
  try {
    return new URL(ref.trim(), base).href;
  } catch {
    return ref;
  }
}

function absoluteOrNull(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

/**
 * xml:base scopes an element's relative links. Only absolute bases are applied: a relative
 * one needs the document's URL, which normalize has and resolves against instead.
 */
function xmlBase(holder: Loose, outer: string | null): string | null {
  const own = isRecord(holder.attributes) ? textOf(holder.attributes['xml:base']) : null;
  return absoluteOrNull(resolveAgainst(own, outer)) ?? outer;
}

function categoriesOf(item: Loose): string[] {
  const elements = [item.categoryElements, item.subjectElements].flatMap((value) => (Array.isArray(value) ? value : []));
  const names: string[] = [];
  for (const element of elements) {
    const name = attribute(element, 'label') ?? attribute(element, 'term') ?? textOf(element);
    if (name) names.push(name);
  }
  return names;
}

function toEntry(item: Loose, format: 'rss' | 'atom', base: string | null): RawEntry {
  const entryBase = xmlBase(item, base);
  const link = textOf(item.link);
  if (format === 'atom') {
    return {
      guid: textOf(item.id),
      link: resolveAgainst(link, entryBase),
      title: textOf(item.title),
      contentHtml: textOf(item.content),
      summaryHtml: textOf(item.summary),
      published: textOf(item.rawPublished) ?? textOf(item.rawUpdated),
      categories: categoriesOf(item),
      author: textOf(item.author),
    };
  }
  return {
    guid: textOf(item.guid) ?? textOf(item['rdf:about']),
    link: resolveAgainst(link, entryBase),
    title: textOf(item.title),
    contentHtml: textOf(item['content:encoded']),
    // rss-parser files an RSS <description> under `content`.
    summaryHtml: textOf(item.content) ?? textOf(item.summary),
    published: textOf(item.pubDate) ?? textOf(item.date),
    categories: categoriesOf(item),
    author: textOf(item.creator) ?? textOf(item.author),
  };
}

/** sax reports "Unclosed root tag\nLine: 0\nColumn: 85\nChar: " with a zero-based line. */
function describeXmlError(error: unknown): string {
  if (error instanceof RangeError) {
    return 'the XML nests elements too deeply to read: ask the publisher to fix the feed';
  }
  const message = error instanceof Error ? error.message : String(error);
  const located = /^(.*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (located) {
    const reason = (located[1] ?? '').trim().toLowerCase();
    return `the XML is truncated or malformed at line ${Number(located[2]) + 1}, column ${located[3]}: ${reason}`;
  }
  return `the XML is not a readable RSS or Atom feed: ${message.split('\n')[0] ?? ''}`;
}

async function parseXmlFeed(body: string, format: 'rss' | 'atom', limits: ParseLimits): Promise<ParsedFeed> {
  let output: Loose & { items: Loose[] };
  try {
    output = (await newParser().parseString(body)) as Loose & { items: Loose[] };
  } catch (error) {
    throw new HeraldError('parse_failed', describeXmlError(error), { format }, { cause: error });
  }
  const base = xmlBase(output, null);
  return {
    format,
    title: textOf(output.title),
    link: resolveAgainst(textOf(output.link), base),
    entries: output.items.slice(0, limits.maxEntries).map((item) => toEntry(item, format, base)),
  };
}

function isHtmlContentType(contentType: string | null): boolean {
  return contentType !== null && /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/** The feed format named by an XML root element, or null for anything else. */
function xmlFormat(root: string): 'rss' | 'atom' | null {
  const local = root.slice(root.indexOf(':') + 1);
  if (root === 'rss' || local === 'RDF') return 'rss';
  if (root === 'feed') return 'atom';
  return null;
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed 1.x body. Throws HeraldError('parse_failed')
 * for HTML pages, malformed or truncated documents, entity declarations and oversized bodies.
 */
export async function parseFeed(
  body: string,
  contentType: string | null,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ParsedFeed> {
  if (body.length > limits.maxChars) {
    throw new HeraldError(
      'parse_failed',
      `the feed is ${body.length} characters long, over the ${limits.maxChars} Herald parses: point the URL at a shorter feed`,
      { length: body.length },
    );
  }
  const start = body.replace(/^\uFEFF/, '').trimStart();
  if (start === '') throw new HeraldError('parse_failed', 'the response body is empty: check that the URL serves a feed');
  if (start.startsWith('{')) return parseJsonFeed(start, limits.maxEntries);

  if (start.startsWith('<')) {
    const prolog = readProlog(start);
    const unsafe = unsafeXmlReason(prolog);
    if (unsafe) throw new HeraldError('parse_failed', unsafe, { doctype: prolog.doctype?.slice(0, 200) });
    const isHtml = prolog.root?.toLowerCase() === 'html' || /^html\b/i.test(prolog.doctype ?? '');
    if (isHtml) throw new HeraldError('parse_failed', HTML_MESSAGE);
    if (prolog.root === null) {
      throw new HeraldError('parse_failed', 'the XML is truncated or malformed: no root element follows its prolog');
    }
    const format = xmlFormat(prolog.root);
    if (format) return parseXmlFeed(start, format, limits);
    if (isHtmlContentType(contentType)) throw new HeraldError('parse_failed', HTML_MESSAGE);
    throw new HeraldError(
      'parse_failed',
      `the XML's root element is <${prolog.root}>, not <rss>, <feed> or <rdf:RDF>: point the URL at the site's RSS, Atom or JSON feed`,
      { root: prolog.root },
    );
  }
  if (isHtmlContentType(contentType)) throw new HeraldError('parse_failed', HTML_MESSAGE);
  throw new HeraldError(
    'parse_failed',
    `the response is not a feed (it starts with ${JSON.stringify(start.slice(0, 40))}): point the URL at the site's RSS, Atom or JSON feed`,
  );
}
