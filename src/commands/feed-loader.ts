// The one network path of the commands: a feed URL through the same guarded fetch, parser and
// normalizer as polling, so a `subscribe` check is held to the SSRF guard and size caps too; a
// web page's URL through feed discovery to the feed it advertises.
import type { HeraldConfig } from '../config/schema.ts';
import { HeraldError, isHeraldError } from '../domain/errors.ts';
import type { ParsedFeed } from '../domain/types.ts';
import { discoverFeeds, pickFeed } from '../feeds/discovery.ts';
import { fetchFeed, fetchLimitsFromConfig, type FetchOptions, type FetchResult } from '../feeds/fetch.ts';
import { normalizeFeed } from '../feeds/normalize.ts';
import { parseFeedOffThread } from '../feeds/parse-pool.ts';
import { DEFAULT_PARSE_LIMITS } from '../feeds/parse.ts';
import { singleLine } from '../text/sanitize.ts';
import { truncate } from '../text/truncate.ts';
import type { DocumentLoad, FeedLoad } from './context.ts';

const MAX_TITLE = 200;
const MAX_LISTED = 10;

type Fetched = Extract<FetchResult, { status: 'ok' }>;

function looksLikeHtml(page: Fetched): boolean {
  return /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(page.contentType ?? '') || /<html[\s>]/i.test(page.body.slice(0, 2048));
}

/**
 * The feed URL a page that is not a feed stands for: the one feed it advertises. Throws
 * feed_choice_needed listing them when it advertises several, feed_not_found for a web page
 * advertising none, and `parseError` for anything else.
 */
function advertisedFeed(page: Fetched, url: string, parseError: unknown): string {
  const feeds = discoverFeeds(page.body, page.finalUrl);
  const picked = pickFeed(feeds);
  if (picked !== null) return picked.url;
  if (feeds.length > 1) {
    const listed = feeds.slice(0, MAX_LISTED).map((feed) => (feed.title === null ? feed.url : `${feed.url} ('${truncate(singleLine(feed.title), 80)}')`));
    const more = feeds.length > MAX_LISTED ? ` and ${feeds.length - MAX_LISTED} more` : '';
    throw new HeraldError('feed_choice_needed', `the page '${url}' advertises ${feeds.length} feeds: ${listed.join(', ')}${more}; use the URL of the one you want`, {
      url,
      feeds: feeds.map((feed) => feed.url),
    });
  }
  if (looksLikeHtml(page)) {
    throw new HeraldError(
      'feed_not_found',
      `the page '${url}' is a web page that advertises no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed): find the site's feed link and use that URL`,
      { url },
    );
  }
  throw parseError;
}

/**
 * Fetches a document that is not a feed (an OPML subscription list) through the same guarded
 * fetch, with the same byte cap, timeouts, redirects and SSRF guard on every hop.
 */
export function documentLoader(config: HeraldConfig, options: FetchOptions = {}): DocumentLoad {
  const limits = fetchLimitsFromConfig(config.fetch);
  return async (url) => {
    const result = await fetchFeed(url, { etag: null, lastModified: null }, limits, options);
    if (result.status !== 'ok') throw new HeraldError('fetch_failed', `'${url}' answered 304 Not Modified to a plain GET; the server is misbehaving, try again later`, { url });
    return result.body;
  };
}

/**
 * A FeedLoad for handlers. Items belong to no stored feed yet, so their feedId is the URL.
 * A web page's URL loads the feed the page advertises (the same guard applies to both fetches).
 * `options` (a resolver, a cancel signal) passes through to fetchFeed.
 */
export function feedLoader(config: HeraldConfig, options: FetchOptions = {}): FeedLoad {
  const limits = fetchLimitsFromConfig(config.fetch);
  const fetchOk = async (url: string): Promise<Fetched> => {
    const result = await fetchFeed(url, { etag: null, lastModified: null }, limits, options);
    if (result.status !== 'ok') {
      throw new HeraldError('fetch_failed', `feed '${url}' answered 304 Not Modified to a plain GET; the server is misbehaving, try again later`, { url });
    }
    return result;
  };
  // Off the event loop: one member's hostile feed must not stall the bot's other commands.
  const parse = (result: Fetched): Promise<ParsedFeed> =>
    parseFeedOffThread(result.body, result.contentType, { ...DEFAULT_PARSE_LIMITS, budgetMs: limits.parseBudgetMs });
  return async (url) => {
    let result = await fetchOk(url);
    let feedUrl = url;
    let parsed: ParsedFeed;
    try {
      parsed = await parse(result);
    } catch (error) {
      if (!isHeraldError(error) || error.code !== 'parse_failed') throw error;
      feedUrl = advertisedFeed(result, url, error);
      result = await fetchOk(feedUrl);
      parsed = await parse(result);
    }
    const title = parsed.title === null ? '' : truncate(singleLine(parsed.title), MAX_TITLE);
    const items = normalizeFeed(parsed, { id: feedUrl, url: result.finalUrl, name: null }, {
      summaryLength: config.defaults.summaryLength,
      maxItems: config.fetch.maxItemsPerFeed,
    });
    return { title: title === '' ? null : title, items, url: feedUrl };
  };
}
