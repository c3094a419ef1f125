// Commands on this channel's own subscriptions: unsubscribe, list, pause, resume, digest, status.
// pause, resume and digest also apply to subscriptions the config declares: they are the
// channel's preferences, which a config sync keeps; only removing one needs the config file.
import { plural } from '../../text/plural.ts';
import { formatMention } from '../../domain/mention.ts';
import { feedHealth, hasProblems } from '../../domain/feed-health.ts';
import type { DigestSchedule, FeedRecord, Subscription } from '../../domain/types.ts';
import { relativeTime } from '../../text/relative-time.ts';
import type { SubscriptionPatch } from '../../store/store.ts';
import { quoteInput } from '../args.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { commandLine, usageFor } from '../forms.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply, type ReplySection } from '../reply.ts';
import { CONFIG_FILE, channelTimezone } from './settings.ts';
import { channelSubscriptions, feedHealthPhrase, feedLabel, feedsOf, inActorChannel, visibleFeeds } from './shared.ts';

async function requireSubscriptions(context: CommandContext): Promise<Subscription[]> {
  const subscriptions = await channelSubscriptions(context);
  if (subscriptions.length === 0) throw invalid(`this channel has no subscriptions; start with ${usageFor('subscribe', context.actor.platform)}`);
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
  const subscription = await channelSubscription(command.id, context);
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

function subscriptionSection(subscription: Subscription, lastSent: number | undefined, feeds: ReadonlyMap<string, FeedRecord>, now: number): ReplySection {
  const feedText = (id: string): string => {
    const feed = feeds.get(id);
    return feed === undefined ? id : feedLabel(feed);
  };
  const lines = [
    `query: ${subscription.query === '' ? '(none: every item)' : subscription.query}`,
    `feeds: ${subscription.feeds === null ? 'every feed' : subscription.feeds.map(feedText).join(', ')}`,
    `mode: ${describeDigest(subscription.digest)}`,
    `last alert: ${lastSent === undefined ? 'never' : relativeTime(new Date(lastSent).toISOString(), now)}`,
  ];
  if (subscription.mention != null) lines.push(`mention: ${formatMention(subscription.mention)}`);
  if (subscription.paused) lines.push(`paused${subscription.pausedReason === null ? '' : `: ${subscription.pausedReason}`}`);
  const origin = subscription.managedByConfig ? ' (managed by config)' : '';
  return { title: `${subscription.id}${origin}`, lines };
}

export async function list(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await channelSubscriptions(context);
  if (subscriptions.length === 0) return okReply(`This channel has no subscriptions yet. Start with ${usageFor('subscribe', context.actor.platform)}.`);
  const paused = subscriptions.filter((subscription) => subscription.paused).length;
  const pausedNote = paused === 0 ? '' : `, ${paused} paused`;
  const lastSent = await context.store.lastSentAt(subscriptions.map((subscription) => subscription.id));
  const feeds = new Map((await visibleFeeds(context)).map((feed) => [feed.id, feed]));
  const sections = subscriptions.map((subscription) => subscriptionSection(subscription, lastSent.get(subscription.id), feeds, context.now()));
  return okReply(`This channel has ${plural(subscriptions.length, 'subscription')}${pausedNote}.`, sections);
}

async function patchAll(subscriptions: Subscription[], patch: SubscriptionPatch, context: CommandContext): Promise<void> {
  for (const subscription of subscriptions) await context.store.updateSubscription(subscription.id, patch);
}

/** One of this channel's subscriptions by id; another channel's reads exactly like a missing one, so ids are no way to probe. */
async function channelSubscription(id: string, context: CommandContext): Promise<Subscription> {
  const subscription = await context.store.getSubscription(id);
  if (subscription === null || !inActorChannel(subscription, context)) {
    throw invalid(`this channel has no subscription ${quoteInput(id)}; ${COMMAND_PREFIX} list shows its ids`);
  }
  return subscription;
}

function described(subscription: Subscription): string {
  return `${subscription.id} (${subscription.query === '' ? 'every item' : quoteInput(subscription.query)})`;
}

export async function pause(command: Extract<ParsedCommand, { name: 'pause' }>, context: CommandContext): Promise<CommandReply> {
  if (command.id !== null) {
    const subscription = await channelSubscription(command.id, context);
    if (subscription.paused) return okReply(`${described(subscription)} is already paused; ${commandLine(context.actor.platform, 'resume', { id: subscription.id })} starts it again.`);
    await patchAll([subscription], { paused: true, pausedReason: 'paused from chat' }, context);
    return okReply(`Paused ${described(subscription)}: its alerts stop until ${commandLine(context.actor.platform, 'resume', { id: subscription.id })}; this channel's other subscriptions go on.`, [], { announce: true });
  }
  const subscriptions = await requireSubscriptions(context);
  const active = subscriptions.filter((subscription) => !subscription.paused);
  if (active.length === 0) return okReply(`This channel's subscriptions are already paused; ${COMMAND_PREFIX} resume starts them again.`);
  await patchAll(active, { paused: true, pausedReason: 'paused from chat' }, context);
  return okReply(`Paused ${plural(active.length, 'subscription')}: no alerts arrive in this channel until ${COMMAND_PREFIX} resume.`, [], { announce: true });
}

export async function resume(command: Extract<ParsedCommand, { name: 'resume' }>, context: CommandContext): Promise<CommandReply> {
  if (command.id !== null) {
    const subscription = await channelSubscription(command.id, context);
    if (!subscription.paused) return okReply(`${described(subscription)} is not paused.`);
    await patchAll([subscription], { paused: false, pausedReason: null }, context);
    return okReply(`Resumed ${described(subscription)}: its new matching items are posted here again.`, [], { announce: true });
  }
  const subscriptions = await requireSubscriptions(context);
  const paused = subscriptions.filter((subscription) => subscription.paused);
  if (paused.length === 0) return okReply("None of this channel's subscriptions is paused.");
  await patchAll(paused, { paused: false, pausedReason: null }, context);
  return okReply(`Resumed ${plural(paused.length, 'subscription')}: new matching items are posted here again.`, [], { announce: true });
}

/** What a digest setting does, as the rest of "This channel's subscription now ...". */
function digestEffect(schedule: DigestSchedule | null, timezone: string, one: boolean): string {
  const s = one ? 's' : '';
  if (schedule === null) return `post${s} each alert as it arrives`;
  const into = schedule.kind === 'hourly' ? 'an hourly digest' : `a daily digest at ${schedule.at} (${timezone})`;
  return `collect${s} alerts into ${into}`;
}

// The config file decides the digest of the subscriptions it declares (config sync rewrites
// it), so chat changes only the channel's own; saying so beats a change that a reload undoes.
const CONFIG_DIGEST = `set digest: on this channel's rule in ${CONFIG_FILE}`;

export async function digest(command: Extract<ParsedCommand, { name: 'digest' }>, context: CommandContext): Promise<CommandReply> {
  const zone = await channelTimezone(context);
  if (command.id !== null) {
    const subscription = await channelSubscription(command.id, context);
    if (subscription.managedByConfig) throw invalid(`subscription ${subscription.id} is managed by config: ${CONFIG_DIGEST}`);
    await patchAll([subscription], { digest: command.digest }, context);
    return okReply(`${described(subscription)} now ${digestEffect(command.digest, zone, true)}; this channel's other subscriptions keep their mode.`, [], { announce: true });
  }
  const subscriptions = await requireSubscriptions(context);
  const own = subscriptions.filter((subscription) => !subscription.managedByConfig);
  const managed = subscriptions.length - own.length;
  if (own.length === 0) return okReply(`This channel's subscriptions are managed by config: ${CONFIG_DIGEST}.`);
  await patchAll(own, { digest: command.digest }, context);
  const what = digestEffect(command.digest, zone, own.length === 1);
  const note = managed === 0 ? '' : ` ${managed === 1 ? 'The one managed by config keeps its' : `${managed} managed by config keep their`} mode: ${CONFIG_DIGEST}.`;
  return okReply(`${own.length === 1 ? "This channel's subscription" : `This channel's ${own.length} subscriptions`} now ${what}.${note}`, [], { announce: true });
}

export async function status(context: CommandContext): Promise<CommandReply> {
  const subscriptions = await requireSubscriptions(context);
  const feeds = (await feedsOf(subscriptions, context)).sort((a, b) => a.id.localeCompare(b.id));
  if (feeds.length === 0) return okReply("This channel's subscriptions name no feed that exists any more; ask an admin, or subscribe again.");
  const failing = feeds.filter((feed) => hasProblems(feedHealth(feed))).length;
  const headline = failing === 0 ? (feeds.length === 1 ? "This channel's feed is healthy." : `All ${feeds.length} feeds of this channel are healthy.`) : `${failing} of this channel's ${plural(feeds.length, 'feed')} ${failing === 1 ? 'has' : 'have'} problems.`;
  const lines = feeds.map((feed) => `${feedLabel(feed)}: ${feedHealthPhrase(feed, context)}`);
  return okReply(headline, [{ title: 'Feeds', lines }]);
}
