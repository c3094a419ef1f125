// Feed URLs from chat: refused before any fetch when the SSRF guard would refuse them, matched to
// a feed already stored, or stored as a new command-origin feed under a readable unique id.
import { canonicalUrl } from '../../text/canonical-url.ts';
import { describeError } from '../../domain/errors.ts';
import type { FeedRecord } from '../../domain/types.ts';
import { urlRefusal } from '../../feeds/address-guard.ts';
import { fetchLimitsFromConfig } from '../../feeds/fetch.ts';
import type { AddFeedOptions } from '../../store/store.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext, LoadedFeed } from '../context.ts';
import { invalid } from '../errors.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import { candidateFeedId, feedIdFromUrl } from '../ids.ts';
import { requireFetchBudget } from './shared.ts';

// Enough tries to get past a handful of feeds from one site; a clash beyond that is an attack or a bug.
const MAX_ID_ATTEMPTS = 20;

/**
 * Refuses a URL the fetch guard would refuse (scheme, credentials, port, private IP literal),
 * with the guard's own reason and fix, so a refused URL costs no fetch and no rate-limit token.
 * Host names are checked again, when they resolve, by the fetch itself.
 */
export function checkFetchable(url: string, context: CommandContext): void {
  const refusal = urlRefusal(new URL(url), fetchLimitsFromConfig(context.config.fetch));
  if (refusal !== null) throw invalid(`refusing to fetch ${quoteInput(url)}: ${refusal.reason}; ${refusal.fix}`, { url });
}

/**
 * The stored feed with this URL, compared in canonical form (case, www, tracking parameters), in
 * any workspace: a URL two workspaces use is one feed, polled once (useFeed gives each its view).
 */
export async function feedByUrl(url: string, context: CommandContext): Promise<FeedRecord | null> {
  const wanted = canonicalUrl(url) ?? url;
  const feeds = await context.store.listFeeds();
  return feeds.find((feed) => (canonicalUrl(feed.url) ?? feed.url) === wanted) ?? null;
}

/** Records that the caller's workspace uses a chat feed, so it shows in its lists and can be removed from it. */
export async function useFeed(feed: FeedRecord, context: CommandContext): Promise<void> {
  if (feed.origin === 'config') return;
  const { platform, workspace } = context.actor;
  await context.store.addFeedWorkspace(feed.id, { platform, workspace }, context.actor.userId);
}

/**
 * Stores a command-origin feed, owned by the caller's workspace. With `id`, exactly that id (refused when taken); without, an id
 * made from the URL, with a number added until it is free.
 */
export async function addCommandFeed(url: string, id: string | null, context: CommandContext, options: AddFeedOptions = {}): Promise<FeedRecord> {
  const definition = { url, name: null, intervalMs: context.config.defaults.interval };
  if (id !== null) {
    const added = await context.store.addFeed({ ...definition, id }, context.now(), options);
    if (added === null) throw invalid(`feed id ${quoteInput(id)} is taken; pick another id`, { id });
    await useFeed(added, context);
    return added;
  }
  const base = feedIdFromUrl(url);
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
    const added = await context.store.addFeed({ ...definition, id: candidateFeedId(base, attempt) }, context.now(), options);
    if (added === null) continue;
    await useFeed(added, context);
    return added;
  }
  throw invalid(`no free feed id near '${base}' for ${quoteInput(url)}; an admin can add it with an id of their choice: ${COMMAND_PREFIX} feed add <url> <id>`);
}

/** Loads a URL no stored feed has, within the fetch budget; a feed that cannot be loaded is refused. */
export async function loadNewFeed(url: string, context: CommandContext): Promise<LoadedFeed> {
  requireFetchBudget(context, [url]);
  try {
    return await context.loadFeed(url);
  } catch (error) {
    throw invalid(`that feed cannot be used: ${describeError(error)}`, { url });
  }
}
