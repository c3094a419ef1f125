// Commands on this channel's own subscriptions: unsubscribe, list, pause, resume, digest, status.
// pause, resume and digest also apply to subscriptions the config declares: they are the
// channel's preferences, which a config sync keeps; only removing one needs the config file.
import { feedHealth, hasProblems } from '../../domain/feed-health.ts';
import type { DigestSchedule, Subscription } from '../../domain/types.ts';
import { relativeTime } from '../../text/relative-time.ts';
import type { SubscriptionPatch } from '../../store/store.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { channelSubscriptions, feedHealthPhrase, feedsOf, inActorChannel } from './shared.ts';

const NO_SUBSCRIPTIONS = `this channel has no subscriptions; start with ${COMMAND_PREFIX} subscribe <feed-url | feed-id | topic:name> [query]`;
const CONFIG_FILE = 'config/herald.yaml';

async function requireSubscriptions(context: CommandContext): Promise<Subscription[]> {
  const subscriptions = await channelSubscriptions(context);
  if (subscriptions.length === 0) throw invalid(NO_SUBSCRIPTIONS);
  return subscriptions;
}

function describeDigest(digest: DigestSchedule | null): string {
  if (digest === null) return 'instant';
  return digest.kind === 'hourly' ? 'hourly digest' : `daily digest at ${digest.at}`;
}

/**
 * A feed made by subscribing to its URL is this workspace's while one of its subscriptions names
 * it; after the last, it leaves the workspace's lists (another workspace may still poll it).
 */
async function releaseFollowedFeeds(removed: Subscription, context: CommandContext): Promise<void> {
  const { platform, workspace } = context.actor;
  for (const feedId of removed.feeds ?? []) {
    const feed = await context.store.getFeed(feedId);
    if (feed === null || !feed.followsSubscriptions) continue;
    if ((await context.store.listSubscriptions({ feedId, platform, workspace })).length === 0) await context.store.removeFeedWorkspace(feedId, { platform, workspace });
  }
}

export async function unsubscribe(command: Extract<ParsedCommand, { name: 'unsubscribe' }>, context: CommandContext): Promise<CommandReply> {
  const subscription = await context.store.getSubscription(command.id);
  // Another channel's subscription reads exactly like a missing one: ids are no way to probe.
  if (subscription === null || !inActorChannel(subscription, context)) {
    throw invalid(`this channel has no subscription ${quoteInput(command.id)}; ${COMMAND_PREFIX} list shows its ids`);
  }
  if (subscription.managedByConfig) {
    throw invalid(`subscription ${subscription.id} is managed by config: edit ${CONFIG_FILE} (its channels: section) to change or remove it; ${COMMAND_PREFIX} pause stops alerts meanwhile`);
  }
  // null: a concurrent unsubscribe got there first, and reports the feeds it removed.
  const removed = await context.store.removeSubscription(subscription.id);
  await releaseFollowedFeeds(subscription, context);
  const unfollowed = removed?.feeds.map((feed) => quoteInput(feed.url)) ?? [];
  const stopped = unfollowed.length === 0 ? '' : `, and stopped polling ${unfollowed.join(', ')}, which no other subscription uses`;
  const what = subscription.query === '' ? 'every item' : quoteInput(subscription.query);
  return okReply(`Unsubscribed: ${subscription.id} (${what}) will post no more alerts here${stopped}.`, [], { announce: true });
}

function subscriptionSection(subscription: Subscription, lastSent: number | undefined, now: number): ReplySection {
  const lines = [
    `query: ${subscription.query === '' ? '(none: every item)' : subscription.query}`,
    `feeds: ${subscription.feeds === null ? 'every feed' : subscription.feeds.join(', ')}`,
    `mode: ${describeDigest(subscription.digest)}`,
    `last alert: ${lastSent === undefined ? 'never' : relativeTime(new Date(lastSent).toISOString(), now)}`,
  ];
  if (subscription.paused) lines.push(`paused${subscription.pausedReason === null ? '' : `: ${subscription.pausedReason}`}`);
  const origin = subscription.managedByConfig ? ' (managed by config)' : '';
  return { title: `${subscription.id}${origin}`, lines };
}

export async function list(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await channelSubscriptions(context);
  if (subscriptions.length === 0) return okReply(`This channel has no subscriptions yet. Start with ${COMMAND_PREFIX} subscribe <feed-url | feed-id | topic:name> [query].`);
  const paused = subscriptions.filter((subscription) => subscription.paused).length;
  const pausedNote = paused === 0 ? '' : `, ${paused} paused`;
  const lastSent = await context.store.lastSentAt(subscriptions.map((subscription) => subscription.id));
  const sections = subscriptions.map((subscription) => subscriptionSection(subscription, lastSent.get(subscription.id), context.now()));
  return okReply(`This channel has ${subscriptions.length} subscription(s)${pausedNote}.`, sections);
}

async function patchAll(subscriptions: Subscription[], patch: SubscriptionPatch, context: CommandContext): Promise<void> {
  for (const subscription of subscriptions) await context.store.updateSubscription(subscription.id, patch);
}

export async function pause(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await requireSubscriptions(context);
  const active = subscriptions.filter((subscription) => !subscription.paused);
  if (active.length === 0) return okReply(`This channel's subscriptions are already paused; ${COMMAND_PREFIX} resume starts them again.`);
  await patchAll(active, { paused: true, pausedReason: 'paused from chat' }, context);
  return okReply(`Paused ${active.length} subscription(s): no alerts arrive in this channel until ${COMMAND_PREFIX} resume.`, [], { announce: true });
}

export async function resume(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await requireSubscriptions(context);
  const paused = subscriptions.filter((subscription) => subscription.paused);
  if (paused.length === 0) return okReply("None of this channel's subscriptions is paused.");
  await patchAll(paused, { paused: false, pausedReason: null }, context);
  return okReply(`Resumed ${paused.length} subscription(s): new matching items are posted here again.`, [], { announce: true });
}

function channelTimezone(context: CommandContext): string {
  const { platform, workspace, channel } = context.actor;
  const rule = context.config.channels.find(
    (candidate) => candidate.platform === platform && (candidate.workspace === undefined || candidate.workspace === workspace) && candidate.channel === channel,
  );
  return rule?.timezone ?? context.config.defaults.timezone;
}

// The config file decides the digest of the subscriptions it declares (config sync rewrites
// it), so chat changes only the channel's own; saying so beats a change that a reload undoes.
const CONFIG_DIGEST = "set digest: on this channel's rule in config/herald.yaml";

export async function digest(command: Extract<ParsedCommand, { name: 'digest' }>, context: CommandContext): Promise<CommandReply> {
  const subscriptions = await requireSubscriptions(context);
  const own = subscriptions.filter((subscription) => !subscription.managedByConfig);
  const managed = subscriptions.length - own.length;
  if (own.length === 0) return okReply(`This channel's subscriptions are managed by config: ${CONFIG_DIGEST}.`);
  await patchAll(own, { digest: command.digest }, context);
  const what =
    command.digest === null
      ? 'post each alert as it arrives'
      : command.digest.kind === 'hourly'
        ? 'collect alerts into an hourly digest'
        : `collect alerts into a daily digest at ${command.digest.at} (${channelTimezone(context)})`;
  const note = managed === 0 ? '' : ` ${managed} managed by config keep their mode: ${CONFIG_DIGEST}.`;
  return okReply(`This channel's ${own.length} subscription(s) now ${what}.${note}`, [], { announce: true });
}

export async function status(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await requireSubscriptions(context);
  const feeds = (await feedsOf(subscriptions, context)).sort((a, b) => a.id.localeCompare(b.id));
  if (feeds.length === 0) return okReply("This channel's subscriptions name no feed that exists any more; ask an admin, or subscribe again.");
  const failing = feeds.filter((feed) => hasProblems(feedHealth(feed))).length;
  const headline = failing === 0 ? `All ${feeds.length} feed(s) of this channel are healthy.` : `${failing} of this channel's ${feeds.length} feed(s) have problems.`;
  const lines = feeds.map((feed) => {
    const title = feed.title ?? feed.name;
    return `${feed.id}${title === null ? '' : ` (${title})`}: ${feedHealthPhrase(feed, context)}`;
  });
  return okReply(headline, [{ title: 'Feeds', lines }]);
}
