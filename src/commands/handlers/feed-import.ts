// `/news feed import <OPML URL>`: every feed of a subscription list exported from another reader
// becomes a chat feed of the workspace, as `feed add` would make it, without fetching each one:
// the list is fetched through the guarded fetch, and each feed URL is held to the same URL
// checks as `feed add` before anything is stored (its host is checked again when it resolves,
// at every poll). A reply lists what was imported and, per feed, why any was skipped.
import { describeError } from '../../domain/errors.ts';
import { DEFAULT_OPML_LIMITS, readOpml, type OpmlSkip } from '../../feeds/opml.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { plural } from '../../text/plural.ts';
import type { ParsedCommand } from '../parsed.ts';
import { checkChatFeedQuota } from '../quotas.ts';
import { okReply, type CommandReply } from '../reply.ts';
import { addCommandFeed, checkFetchable, feedByUrl, useFeed } from './feed-urls.ts';
import { requireFetchBudget, visibleFeeds } from './shared.ts';
import { commandLine } from '../forms.ts';

// Lines a reply lists per kind; the count says how many more there were.
const MAX_LISTED = 20;

async function fetchList(url: string, context: CommandContext): Promise<string> {
  checkFetchable(url, context);
  requireFetchBudget(context, [url]);
  try {
    // The fetch (undici) loads with the first import, not with the command table.
    const load = context.loadDocument ?? (await import('../feed-loader.ts')).documentLoader(context.config);
    return await load(url);
  } catch (error) {
    throw invalid(`that OPML file cannot be fetched: ${describeError(error)}`, { url });
  }
}

/** Why a feed URL of the list is not imported, or null when it is: the same refusals as feed add. */
async function importOne(url: string, context: CommandContext): Promise<{ id: string } | { skip: string }> {
  try {
    checkFetchable(url, context);
    const known = await feedByUrl(url, context);
    if (known !== null && (await visibleFeeds(context)).some((feed) => feed.id === known.id)) return { skip: `already feed ${known.id}` };
    await checkChatFeedQuota(context);
    if (known !== null) {
      await useFeed(known, context);
      return { id: known.id };
    }
    return { id: (await addCommandFeed(url, null, context)).id };
  } catch (error) {
    return { skip: describeError(error) };
  }
}

const listed = (lines: string[]): string[] => (lines.length > MAX_LISTED ? [...lines.slice(0, MAX_LISTED), `... and ${lines.length - MAX_LISTED} more`] : lines);

export async function feedImport(command: Extract<ParsedCommand, { name: 'feed import' }>, context: CommandContext): Promise<CommandReply> {
  const text = await fetchList(command.url, context);
  let list;
  try {
    list = readOpml(text, { ...DEFAULT_OPML_LIMITS, maxChars: context.config.fetch.maxBytes });
  } catch (error) {
    throw invalid(`${quoteInput(command.url)} is not an OPML list Herald can import: ${describeError(error)}`, { url: command.url });
  }
  if (list.feeds.length === 0 && list.skipped.length === 0) {
    throw invalid(`${quoteInput(command.url)} lists no feeds (no <outline> with an xmlUrl): export the subscription list as OPML from your reader`);
  }
  const imported: string[] = [];
  const skipped: OpmlSkip[] = [...list.skipped];
  for (const feed of list.feeds) {
    const result = await importOne(feed.url, context);
    if ('id' in result) imported.push(`${result.id} ${feed.url}`);
    else skipped.push({ outline: feed.url, reason: result.skip });
  }
  const sections = [
    ...(imported.length === 0 ? [] : [{ title: 'Imported', lines: listed(imported) }]),
    ...(skipped.length === 0 ? [] : [{ title: 'Skipped', lines: listed(skipped.map((skip) => `${skip.outline}: ${skip.reason}`)) }]),
  ];
  const tagNote = list.feeds.some((feed) => feed.tags.length > 0) ? ' Categories become tags only for feeds in the config (herald feeds import).' : '';
  return okReply(
    `Imported ${plural(imported.length, 'feed')}, skipped ${skipped.length}. Channels subscribe with ${commandLine(context.actor.platform, 'subscribe', { feed: '<id>', query: '[query]' })}.${tagNote}`,
    sections,
  );
}
