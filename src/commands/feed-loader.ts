// The one network path of the commands: a feed URL through the same guarded fetch, parser and
// normalizer as polling, so a `subscribe` check is held to the SSRF guard and size caps too.
import type { HeraldConfig } from '../config/schema.ts';
import { HeraldError } from '../domain/errors.ts';
import { fetchFeed, fetchLimitsFromConfig, type FetchOptions } from '../feeds/fetch.ts';
import { normalizeFeed } from '../feeds/normalize.ts';
import { parseFeedOffThread } from '../feeds/parse-pool.ts';
import { DEFAULT_PARSE_LIMITS } from '../feeds/parse.ts';
import { singleLine } from '../text/sanitize.ts';
import { truncate } from '../text/truncate.ts';
import type { FeedLoad } from './context.ts';

const MAX_TITLE = 200;

/**
 * A FeedLoad for handlers. Items belong to no stored feed yet, so their feedId is the URL.
 * `options` (a resolver, a cancel signal) passes through to fetchFeed.
 */
export function feedLoader(config: HeraldConfig, options: FetchOptions = {}): FeedLoad {
  const limits = fetchLimitsFromConfig(config.fetch);
  return async (url) => {
    const result = await fetchFeed(url, { etag: null, lastModified: null }, limits, options);
    if (result.status !== 'ok') {
      throw new HeraldError('fetch_failed', `feed '${url}' answered 304 Not Modified to a plain GET; the server is misbehaving, try again later`, { url });
    }
    // Off the event loop: one member's hostile feed must not stall the bot's other commands.
    const parsed = await parseFeedOffThread(result.body, result.contentType, { ...DEFAULT_PARSE_LIMITS, budgetMs: limits.parseBudgetMs });
    const title = parsed.title === null ? '' : truncate(singleLine(parsed.title), MAX_TITLE);
    const items = normalizeFeed(parsed, { id: url, url: result.finalUrl, name: null }, {
      summaryLength: config.defaults.summaryLength,
      maxItems: config.fetch.maxItemsPerFeed,
    });
    return { title: title === '' ? null : title, items };
  };
}
