// Admin commands on the feed catalogue: feed add, feed remove, feed list. The dispatcher has
// already checked that the person is an admin. Feeds the config declares are edited there.
import { plural } from '../../text/plural.ts';
import type { FeedRecord } from '../../domain/types.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import type { ParsedCommand } from '../parsed.ts';
import { checkChatFeedQuota } from '../quotas.ts';
import { okReply, type CommandReply } from '../reply.ts';
import { addCommandFeed, checkFetchable, feedByUrl, loadNewFeed, useFeed } from './feed-urls.ts';
import { feedHealthPhrase, knownFeed, visibleFeeds } from './shared.ts';
import { commandLine } from '../forms.ts';

type FeedAdd = Extract<ParsedCommand, { name: 'feed add' }>;

/**
 * An admin adding the URL of a feed that a subscribe created means to keep it: from now on it
 * stays without subscriptions. It keeps its id, which subscriptions name. null: it was removed
 * meanwhile (its last subscription went), so it is added afresh.
 */
async function keepFollowedFeed(command: FeedAdd, known: FeedRecord, context: CommandContext): Promise<CommandReply | null> {
  const kept = await context.store.keepFeed(known.id);
  if (kept === null) return null;
  const idNote = command.id === null || command.id === kept.id ? '' : ` It keeps its id, which subscriptions name, rather than '${command.id}'.`;
  return okReply(
    `Feed ${kept.id} (${quoteInput(kept.url)}) came from a channel subscribing to its URL; it now stays when no subscription uses it (${COMMAND_PREFIX} feed remove ${kept.id} removes it).${idNote}`,
  );
}

export async function feedAdd(command: FeedAdd, context: CommandContext): Promise<CommandReply> {
  checkFetchable(command.url, context);
  const known = await feedByUrl(command.url, context);
  const visible = known !== null && (await visibleFeeds(context)).some((feed) => feed.id === known.id);
  if (!visible) await checkChatFeedQuota(context);
  if (known !== null && !visible) {
    // Another workspace uses this URL: it becomes this workspace's too, polled once for both.
    await useFeed(known, context);
    return okReply(`Added feed ${known.id}. Channels subscribe with ${commandLine(context.actor.platform, 'subscribe', { feed: known.id, query: '[query]' })}.`);
  }
  if (known?.followsSubscriptions) {
    const kept = await keepFollowedFeed(command, known, context);
    if (kept !== null) return kept;
  } else if (known !== null) {
    throw invalid(`that URL is already feed '${known.id}'; channels subscribe to it with ${commandLine(context.actor.platform, 'subscribe', { feed: known.id })}`);
  }
  if (command.id !== null) {
    const taken = await context.store.getFeed(command.id);
    // Another workspace's feed is not described: its URL is that workspace's business.
    if (taken !== null) {
      const seen = (await visibleFeeds(context)).some((feed) => feed.id === taken.id);
      throw invalid(`feed id '${command.id}' is taken${seen ? ` by ${quoteInput(taken.url)}` : ''}; pick another id`);
    }
  }
  const loaded = await loadNewFeed(command.url, context);
  // A page's URL stands for the feed it advertises, which may be stored already.
  const url = loaded.url ?? command.url;
  const stored = url === command.url ? null : await feedByUrl(url, context);
  if (stored !== null) throw invalid(`that page's feed ${quoteInput(url)} is already feed '${stored.id}'; channels subscribe to it with ${commandLine(context.actor.platform, 'subscribe', { feed: stored.id })}`);
  const feed = await addCommandFeed(url, command.id, context);
  const title = loaded.title === null ? '' : ` '${loaded.title}'`;
  return okReply(`Added feed ${feed.id}${title} with ${plural(loaded.items.length, 'item')}. Channels subscribe with ${commandLine(context.actor.platform, 'subscribe', { feed: feed.id, query: '[query]' })}.`);
}

export async function feedRemove(command: Extract<ParsedCommand, { name: 'feed remove' }>, context: CommandContext): Promise<CommandReply> {
  const feed = await knownFeed(command.id, context, 'remove');
  if (feed.origin === 'config') {
    throw invalid(`feed ${feed.id} is declared in the config and serves every workspace: remove it from the feeds: section of config/herald.yaml`);
  }
  const { platform, workspace } = context.actor;
  // Subscriptions that read only this feed would read nothing; those reading several keep the rest.
  // Only this workspace's: another workspace using the same feed keeps its subscriptions and the feed.
  const followers = await context.store.listSubscriptions({ feedId: feed.id, platform, workspace });
  const orphaned = followers.filter((subscription) => subscription.feeds !== null && subscription.feeds.every((id) => id === feed.id));
  const removable = orphaned.filter((subscription) => !subscription.managedByConfig);
  for (const subscription of removable) await context.store.removeSubscription(subscription.id);
  const stillUsed = (await context.store.removeFeedWorkspace(feed.id, { platform, workspace })) > 0;
  if (!stillUsed) await context.store.removeFeed(feed.id);
  const kept = orphaned.length - removable.length;
  const keptNote = kept === 0 ? '' : ` ${plural(kept, 'subscription')} from the config still ${kept === 1 ? 'names' : 'name'} it: edit config/herald.yaml.`;
  return okReply(`Removed feed ${feed.id} and ${plural(removable.length, 'subscription')} that followed only it.${keptNote}`);
}

/** Where a feed came from, as `feed list` and `herald feeds status` show it. */
export function feedOrigin(feed: FeedRecord): string {
  if (feed.origin === 'config') return 'config';
  return feed.followsSubscriptions ? 'chat, follows subscriptions' : 'chat';
}

export async function feedList(context: CommandContext): Promise<CommandReply> {
  const feeds = await visibleFeeds(context);
  if (feeds.length === 0) return okReply(`No feeds yet. Add one with ${COMMAND_PREFIX} feed add <url> [id], or in the config file.`);
  const lines = feeds.map((feed) => `${feed.id} [${feedOrigin(feed)}] ${feed.url}: ${feedHealthPhrase(feed, context)}`);
  return okReply(`${plural(feeds.length, 'feed')}.`, [{ title: 'Feeds', lines }]);
}
