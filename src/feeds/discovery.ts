// Feed discovery: the feeds a web page advertises in its <head> (`<link rel="alternate"
// type="application/rss+xml" href="...">`, and Atom, RDF and JSON Feed alike), so a person can
// paste a site's address instead of hunting for its feed. Read with htmlparser2, like feeds.
import { Parser } from 'htmlparser2';
import { safeHttpUrl } from '../text/safe-url.ts';

export interface DiscoveredFeed {
  url: string;
  title: string | null;
}

const FEED_TYPES = new Set(['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/feed+json', 'application/json']);
// Feeds are advertised in the head; a page's first 256 KiB holds it, and bounds the work.
const HEAD_CHARS = 256 * 1024;

/** The feeds `html` advertises, made absolute against the page URL (or its <base href>), in page order, without repeats. */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const found: DiscoveredFeed[] = [];
  let base = pageUrl;
  let inBody = false;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (inBody) return;
      if (name === 'body') inBody = true;
      if (name === 'base' && attributes.href) base = resolve(attributes.href, pageUrl) ?? base;
      if (name !== 'link') return;
      const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
      const type = (attributes.type ?? '').toLowerCase().split(';')[0]!.trim();
      if (!rel.includes('alternate') || !FEED_TYPES.has(type) || !attributes.href) return;
      const url = resolve(attributes.href, base);
      if (url === null || found.some((feed) => feed.url === url)) return;
      found.push({ url, title: attributes.title?.trim() || null });
    },
  });
  parser.end(html.slice(0, HEAD_CHARS));
  return found;
}

function resolve(href: string, base: string): string | null {
  try {
    return safeHttpUrl(new URL(href.trim(), base).href);
  } catch {
    return null;
  }
}

/**
 * The one feed to use among those a page advertises, or null when the choice is the person's:
 * a single feed, else the single one that is not a comments feed (blogs advertise both).
 */
export function pickFeed(feeds: DiscoveredFeed[]): DiscoveredFeed | null {
  if (feeds.length === 1) return feeds[0]!;
  const content = feeds.filter((feed) => !/comments?\b/i.test(`${feed.title ?? ''} ${feed.url}`));
  return content.length === 1 ? content[0]! : null;
}
