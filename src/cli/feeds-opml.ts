// `herald feeds import FILE.opml` and `herald feeds export`: moving a subscription list between
// Herald and other feed readers. The config owns the feeds an operator sets up, so import does
// not write to the store: it prints the feeds as a `feeds:` block for config/herald.yaml (OPML
// categories as tags, so rules can say `feeds: [tag:world]`), leaving out URLs the config has
// already; skipped outlines and why go to stderr. Chat admins import into the store with
// `/news feed import <url>`. Export writes the config's feeds (tags as categories) and the
// feeds added from chat as one OPML document.
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { candidateFeedId, feedIdFromUrl } from '../commands/ids.ts';
import type { FeedConfig, HeraldConfig } from '../config/schema.ts';
import { canonicalUrl } from '../text/canonical-url.ts';
import { HeraldError } from '../domain/errors.ts';
import type { FeedRecord } from '../domain/types.ts';
import { readOpml, writeOpml, type OpmlFeed, type OpmlList, type OpmlSkip } from '../feeds/opml.ts';
import { plural } from '../text/plural.ts';

type ImportedFeed = Pick<FeedConfig, 'id' | 'url' | 'name' | 'tags'>;

const sameUrl = (url: string): string => canonicalUrl(url) ?? url;

/** The list's feeds as config entries with ids unique among `existing` and each other; URLs the config has are skipped. */
export function configFeedsFromOpml(list: OpmlList, existing: readonly Pick<FeedConfig, 'id' | 'url'>[]): { feeds: ImportedFeed[]; skipped: OpmlSkip[] } {
  const ids = new Set(existing.map((feed) => feed.id));
  const urls = new Map(existing.map((feed) => [sameUrl(feed.url), feed.id]));
  const feeds: ImportedFeed[] = [];
  const skipped: OpmlSkip[] = [...list.skipped];
  for (const feed of list.feeds) {
    const known = urls.get(sameUrl(feed.url));
    if (known !== undefined) {
      skipped.push({ outline: feed.name ?? feed.url, reason: `the config has this URL already, as feed ${known}` });
      continue;
    }
    const base = feedIdFromUrl(feed.url);
    let attempt = 0;
    while (ids.has(candidateFeedId(base, attempt))) attempt += 1;
    const id = candidateFeedId(base, attempt);
    ids.add(id);
    urls.set(sameUrl(feed.url), id);
    feeds.push({ id, url: feed.url, ...(feed.name === null ? {} : { name: feed.name }), ...(feed.tags.length === 0 ? {} : { tags: feed.tags }) });
  }
  return { feeds, skipped };
}

/** The config's feeds with their tags, then the chat feeds no config feed has, as OPML. */
export function feedsAsOpml(config: Pick<HeraldConfig, 'feeds'>, chatFeeds: readonly FeedRecord[]): string {
  const fromConfig: OpmlFeed[] = config.feeds.map((feed) => ({ url: feed.url, name: feed.name ?? feed.id, tags: feed.tags ?? [] }));
  const inConfig = new Set(config.feeds.map((feed) => sameUrl(feed.url)));
  const fromChat: OpmlFeed[] = chatFeeds
    .filter((feed) => feed.origin === 'command' && !inConfig.has(sameUrl(feed.url)))
    .map((feed) => ({ url: feed.url, name: feed.name ?? feed.id, tags: [] }));
  return writeOpml('Herald feeds', [...fromConfig, ...fromChat]);
}

/** Reads an OPML file; a missing or unreadable file is a coded error naming it. */
export async function readOpmlFile(path: string): Promise<OpmlList> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new HeraldError('opml_invalid', `cannot read the OPML file '${path}': ${(error as Error).message}; check the path`, { path });
  }
  try {
    return readOpml(text);
  } catch (error) {
    if (error instanceof HeraldError) throw new HeraldError(error.code, `'${path}': ${error.message}`, { path, ...error.context });
    throw error;
  }
}

/** The `feeds:` block to paste into the config: a YAML list under a comment that says where it came from. */
export function feedsYaml(feeds: readonly ImportedFeed[], source: string): string {
  return `# ${plural(feeds.length, 'feed')} imported from ${source}; add them under feeds: in your config\n${stringify({ feeds })}`;
}
