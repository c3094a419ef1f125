// A fetched body to a ParsedFeed: the format is sniffed from the body (the Content-Type header
// lies too often to be trusted alone). XML passes the safety guard, then the forgiving reader
// (xml-tree.ts, xml-feed.ts) recovers what a feed reader would from well-formed and broken feeds
// alike; JSON Feed goes through zod. Every refusal is a HeraldError('parse_failed') saying what
// to do about it.
import { HeraldError } from '../domain/errors.ts';
import type { ParsedFeed } from '../domain/types.ts';
import { parseJsonFeed } from './json-feed.ts';
import { readXmlFeed } from './xml-feed.ts';
import { readProlog, unsafeXmlReason } from './xml-guard.ts';
import { readXmlTree } from './xml-tree.ts';

export interface ParseLimits {
  /** Longer bodies are refused before parsing: a 5 MB feed is already far beyond any real one. */
  maxChars: number;
  /** Entries beyond this many, in document order, are dropped. */
  maxEntries: number;
  /** Time reading one body may take (fetch.parseBudget); unset, no limit. Checked as the XML is read. */
  budgetMs?: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxChars: 8 * 1024 * 1024, maxEntries: 10_000 };

const HTML_MESSAGE =
  'the response is an HTML page, not a feed: point the URL at the site\'s RSS/Atom feed (look for <link rel="alternate" type="application/rss+xml">)';

function isHtmlContentType(contentType: string | null): boolean {
  return contentType !== null && /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/** A checkpoint that throws parse_too_slow once `budgetMs` has passed since it was made. */
function budgetCheckpoint(budgetMs: number | undefined): () => void {
  if (budgetMs === undefined) return () => undefined;
  const deadline = performance.now() + budgetMs;
  return () => {
    if (performance.now() > deadline) {
      throw new HeraldError(
        'parse_too_slow',
        `reading the feed took longer than its ${budgetMs} ms budget (fetch.parseBudget): the feed is too large or too complex to read quickly; ask the publisher for a smaller feed, or raise fetch.parseBudget`,
        { budgetMs },
      );
    }
  };
}

/**
 * Parses an RSS 0.9x/1.0/2.0, Atom 0.3/1.0, CDF or JSON Feed 1.x body, recovering the entries of
 * a broken one. Throws HeraldError('parse_failed') for HTML pages without a feed, documents no entry
 * can be recovered from, entity declarations and oversized bodies, and parse_too_slow past
 * limits.budgetMs.
 */
export async function parseFeed(body: string, contentType: string | null, limits: ParseLimits = DEFAULT_PARSE_LIMITS): Promise<ParsedFeed> {
  return readFeed(body, contentType, limits);
}

/** parseFeed, synchronously: what the parse worker runs (parse-worker.ts). */
export function readFeed(
  body: string,
  contentType: string | null,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): ParsedFeed {
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
    if (prolog.root === null) {
      throw new HeraldError('parse_failed', 'the XML is truncated or malformed: no root element follows its prolog');
    }
    const checkpoint = budgetCheckpoint(limits.budgetMs);
    const feed = readXmlFeed(readXmlTree(start, { checkpoint, maxEntries: limits.maxEntries }), limits.maxEntries, checkpoint);
    if (feed !== null) return feed;
    const isHtml = prolog.root.toLowerCase() === 'html' || /^html\b/i.test(prolog.doctype ?? '') || isHtmlContentType(contentType);
    if (isHtml) throw new HeraldError('parse_failed', HTML_MESSAGE);
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
