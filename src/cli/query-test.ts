// `herald query test`: runs a query over every item of a feed (a file or a URL, fetched through
// the same guard as polling) and says, item by item, whether it matched and why.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { HeraldConfig } from '../config/schema.ts';
import { HeraldError } from '../domain/errors.ts';
import { decodeFeedBody } from '../feeds/body-encoding.ts';
import { fetchFeed, fetchLimitsFromConfig } from '../feeds/fetch.ts';
import { normalizeFeed } from '../feeds/normalize.ts';
import { parseFeed } from '../feeds/parse.ts';
import { compileQuery } from '../match/compile.ts';
import { explainMatch, formatExplanation } from '../match/explain.ts';
import { plural } from '../text/plural.ts';
import { itemLink } from '../text/safe-url.ts';

export async function queryTest(query: string, feed: string, config: HeraldConfig): Promise<string> {
  compileQuery(query, config.topics);
  const { body, contentType, url } = await readFeed(feed, config);
  const parsed = await parseFeed(body, contentType);
  const items = normalizeFeed(parsed, { id: 'test', url, name: null }, {
    summaryLength: config.defaults.summaryLength,
    maxItems: config.fetch.maxItemsPerFeed,
  });
  const explanations = items.map((item) => explainMatch(query, config.topics, item));
  const matched = explanations.filter((explanation) => explanation.matched).length;
  const blocks = items.map((item, index) => {
    const explanation = formatExplanation(explanations[index]!).replace(/^/gm, '  ');
    const link = itemLink(item);
    return `${item.title}${link ? `\n  ${link}` : ''}\n${explanation}`;
  });
  return `${blocks.join('\n\n')}\n\n${matched} of ${plural(items.length, 'item')} ${matched === 1 ? 'matches' : 'match'} ${JSON.stringify(query)}\n`;
}

async function readFeed(feed: string, config: HeraldConfig): Promise<{ body: string; contentType: string | null; url: string }> {
  // A saved feed file is bytes in the feed's own encoding, decoded as a fetched body would be.
  if (existsSync(feed)) return { body: decodeFeedBody(await readFile(feed), null), contentType: null, url: 'file:///feed' };
  if (!/^https?:\/\//i.test(feed)) {
    throw new HeraldError('command_invalid', `--feed '${feed}' is neither a file nor an http(s) URL`);
  }
  const fetched = await fetchFeed(feed, { etag: null, lastModified: null }, fetchLimitsFromConfig(config.fetch));
  if (fetched.status !== 'ok') throw new HeraldError('fetch_failed', `feed '${feed}' answered 304 Not Modified to a plain GET`);
  return { body: fetched.body, contentType: fetched.contentType, url: fetched.finalUrl };
}
