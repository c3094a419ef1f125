// Channel settings from chat: quiet hours, time zone and message template. Each is the channel's
// own unless its rule in the config file sets it: then the config owns it and chat says where.
// Delivery reads them from the store (deliver/channel-policy.ts), the config's first.
import type { ChannelRule } from '../../config/schema.ts';
import type { Alert, ChannelSettings } from '../../domain/types.ts';
import type { CommandContext } from '../context.ts';
import { invalid } from '../errors.ts';
import { COMMAND_PREFIX } from '../grammar.ts';
import type { ParsedCommand } from '../parsed.ts';
import { okReply, type CommandReply } from '../reply.ts';
import { channelSubscriptions, compileUserQuery, feedsOf, loadFeeds, newestItems, requireFetchBudget } from './shared.ts';

/** Where an operator changes what chat cannot. */
export const CONFIG_FILE = 'config/herald.yaml';

/** The config's rules for the actor's channel (a rule without a workspace is every workspace's). */
export function channelRules(context: Pick<CommandContext, 'config' | 'actor'>): ChannelRule[] {
  const { platform, workspace, channel } = context.actor;
  return context.config.channels.filter(
    (rule) => rule.platform === platform && (rule.workspace === undefined || rule.workspace === workspace) && rule.channel === channel,
  );
}

/** Refuses a change where the channel's config rule sets `key`, naming the file and the key. */
function refuseWhereConfigOwns(context: CommandContext, key: 'quietHours' | 'timezone' | 'template', what: string): void {
  if (!channelRules(context).some((rule) => rule[key] !== undefined)) return;
  throw invalid(`this channel's ${what} is set in ${CONFIG_FILE} (${key}: on its rule under channels:), which chat cannot override; an operator changes it there`);
}

function address(context: CommandContext): Pick<ChannelSettings, 'platform' | 'channel'> {
  return { platform: context.actor.platform, channel: context.actor.channel };
}

async function ownSettings(context: CommandContext): Promise<ChannelSettings | null> {
  return context.store.channelSettings(address(context));
}

/** The time zone delivery uses for this channel: its rule's, else the one set from chat, else the default. */
export async function channelTimezone(context: CommandContext): Promise<string> {
  const rule = channelRules(context).find((candidate) => candidate.timezone !== undefined);
  return rule?.timezone ?? (await ownSettings(context))?.timezone ?? context.config.defaults.timezone;
}

export async function quiet(command: Extract<ParsedCommand, { name: 'quiet' }>, context: CommandContext): Promise<CommandReply> {
  refuseWhereConfigOwns(context, 'quietHours', 'quiet hours');
  await context.store.updateChannelSettings(address(context), { quietHours: command.hours }, context.now());
  if (command.hours === null) return okReply('Quiet hours are off: alerts are posted here as they arrive.', [], { announce: true });
  const { from, to } = command.hours;
  const zone = await channelTimezone(context);
  return okReply(
    `Quiet hours for this channel: ${from} to ${to} (${zone}). Alerts that arrive then are held and posted together at ${to}; ${COMMAND_PREFIX} timezone changes the zone.`,
    [],
    { announce: true },
  );
}

export async function timezone(command: Extract<ParsedCommand, { name: 'timezone' }>, context: CommandContext): Promise<CommandReply> {
  refuseWhereConfigOwns(context, 'timezone', 'time zone');
  await context.store.updateChannelSettings(address(context), { timezone: command.zone }, context.now());
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: command.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(context.now());
  return okReply(`This channel's time zone is now ${command.zone} (${clock} there now): quiet hours and daily digests follow its clock.`, [], { announce: true });
}

/**
 * The alert to show the template with: the channel's latest alert, else the newest item one of its
 * subscriptions matches in its feeds (a fetch, within the budget); null when there is neither.
 */
async function previewAlert(template: string | null, context: CommandContext): Promise<Alert | null> {
  const [latest] = await context.store.recentAlerts(address(context), 0, 1);
  // A preview pings no one: it is the person's own reply.
  if (latest !== undefined) return { ...latest.alert, template, kind: 'new', mention: null };
  const subscriptions = await channelSubscriptions(context);
  if (subscriptions.length === 0) return null;
  const feeds = await feedsOf(subscriptions, context);
  if (feeds.length === 0) return null;
  const targets = feeds.map((feed) => ({ label: feed.id, url: feed.url }));
  requireFetchBudget(context, targets.map((target) => target.url));
  const loaded = await loadFeeds(targets, context);
  for (const item of newestItems(loaded.loaded, Number.POSITIVE_INFINITY)) {
    const subscription = subscriptions.find((candidate) => compileUserQuery(candidate.query, context).matches(item));
    if (subscription === undefined) continue;
    const { platform, workspace, channel } = context.actor;
    return {
      subscriptionId: subscription.id,
      platform,
      workspace,
      channel,
      storyId: 'preview',
      item,
      sources: [{ name: item.sourceName, url: item.link ?? item.url }],
      topic: subscription.topic,
      template,
      kind: 'new',
    };
  }
  return null;
}

export async function template(command: Extract<ParsedCommand, { name: 'template' }>, context: CommandContext): Promise<CommandReply> {
  refuseWhereConfigOwns(context, 'template', 'message template');
  await context.store.updateChannelSettings(address(context), { template: command.text }, context.now());
  const headline = command.text === null ? "This channel's alerts use the standard layout again." : "This channel's alerts use the new template from the next one on.";
  const preview = await previewAlert(command.text, context);
  if (preview === null) return okReply(`${headline} Nothing has been posted here yet to show it with.`, [], { announce: true });
  return okReply(`${headline} The latest alert would read:`, [], { announce: true, preview });
}
