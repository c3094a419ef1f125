// Decides which messages one poll produces, given what each new or changed item became (a new
// story, a copy joining an older story, an edit of an item already seen) and which
// subscriptions it matches. The unit is a channel's message about a story: however many of a
// channel's subscriptions match, the channel gets one message, and later sources or edits
// update it. Pure: the caller does every lookup and the writing.
import { mergeMentions } from '../domain/mention.ts';
import type { Alert, ChannelRef, Item, Story, StoryPolicy, Subscription } from '../domain/types.ts';

export type ItemOutcome =
  /** The item started a story. */
  | { kind: 'new-story'; item: Item; story: Story }
  /** The item is another outlet's copy (or a re-published copy) of an existing story. */
  | { kind: 'joined-story'; item: Item; story: Story }
  /** An item already seen under the same key came back with a different title or text. */
  | { kind: 'edited'; item: Item; story: Story };

/** An item by identity: its feed and its key there. */
export interface ItemRef {
  feedId: string;
  key: string;
}

export interface PlannedAlert {
  idempotencyKey: string;
  alert: Alert;
  /** The item whose arrival or edit caused the alert: it is queued only by the commit that records that item. */
  cause: ItemRef;
}

export interface PlanInput {
  outcome: ItemOutcome;
  subscriptions: Subscription[];
  /** The channel's message about the story as it stands (from the store or this batch), or null when it has none. */
  messageIn: (channel: ChannelRef, storyId: string) => Alert | null;
  templateFor: (subscription: Subscription) => string | null;
}

/**
 * One key per channel: the platform and the channel id, which is how the platform addresses it
 * (one bot token per platform). Not the workspace: a config rule may leave it out where chat
 * subscriptions of the same channel know it, and that must not make two messages.
 */
export function channelKey(channel: Pick<ChannelRef, 'platform' | 'channel'>): string {
  return `${channel.platform}\u0000${channel.channel}`;
}

/** At most one alert per channel the outcome's subscriptions reach. */
export function planAlerts(input: PlanInput): PlannedAlert[] {
  const { outcome } = input;
  const planned: PlannedAlert[] = [];
  for (const subscriptions of byChannel(input.subscriptions)) {
    const channel = subscriptions[0]!;
    const message = input.messageIn(channel, outcome.story.id);
    const decision = decide(outcome.kind, message !== null, channelPolicy(subscriptions));
    if (decision === 'skip') continue;
    const alert =
      decision === 'update' && message !== null
        ? { ...storyMessage(message, outcome, subscriptions), kind: 'update' as const }
        : firstMessage(outcome, subscriptions, input.templateFor);
    planned.push({ idempotencyKey: idempotencyKey(channel, outcome, decision), alert, cause: { feedId: outcome.item.feedId, key: outcome.item.key } });
  }
  return planned;
}

/**
 * The channel's message after `outcome`: the same item (its edit, when the outcome edits it),
 * so the headline and its link stay on the story's first source; every source in arrival order;
 * every subscription that matched so far. Its kind stays what `message` was.
 */
export function storyMessage(message: Alert, outcome: ItemOutcome, subscriptions: Subscription[]): Alert {
  const sameItem = message.item.feedId === outcome.item.feedId && message.item.key === outcome.item.key;
  const matched = [...(message.subscriptionIds ?? [message.subscriptionId]), ...subscriptions.map((subscription) => subscription.id)];
  return {
    ...message,
    item: sameItem ? outcome.item : message.item,
    sources: storySources(outcome.story),
    subscriptionIds: [...new Set(matched)],
  };
}

function firstMessage(outcome: ItemOutcome, subscriptions: Subscription[], templateFor: PlanInput['templateFor']): Alert {
  // Holds and topics follow a subscription that alerts right away when one does: a digest
  // subscription must not delay what another subscription of the channel wants now.
  const lead = subscriptions.find((subscription) => subscription.digest === null) ?? subscriptions[0]!;
  const ids = [lead.id, ...subscriptions.filter((subscription) => subscription !== lead).map((subscription) => subscription.id)];
  return {
    subscriptionId: lead.id,
    subscriptionIds: ids,
    platform: lead.platform,
    workspace: subscriptions.find((subscription) => subscription.workspace !== null)?.workspace ?? null,
    channel: lead.channel,
    storyId: outcome.story.id,
    item: outcome.item,
    sources: storySources(outcome.story),
    topic: lead.topic,
    template: templateFor(lead),
    kind: 'new',
    // Each subscription that opted into a mention gets it: a breaking-news rule pings even when
    // a quieter subscription of the channel leads the message.
    ...mentionOf(subscriptions),
  };
}

function mentionOf(subscriptions: Subscription[]): Pick<Alert, 'mention'> {
  const mention = mergeMentions(subscriptions.map((subscription) => subscription.mention));
  return mention === null ? {} : { mention };
}

export function storySources(story: Story): Alert['sources'] {
  return story.sources.map((source) => ({ name: source.sourceName, url: source.link ?? source.url }));
}

function byChannel(subscriptions: Subscription[]): Subscription[][] {
  const groups = new Map<string, Subscription[]>();
  for (const subscription of subscriptions) {
    const key = channelKey(subscription);
    groups.set(key, [...(groups.get(key) ?? []), subscription]);
  }
  return [...groups.values()];
}

// A channel follows the most engaged of its matching subscriptions' story policies: one that
// wants updates gets them even when another would ignore them.
function channelPolicy(subscriptions: Subscription[]): StoryPolicy {
  const policies = new Set(subscriptions.map((subscription) => subscription.storyPolicy));
  if (policies.has('update')) return 'update';
  return policies.has('repost') ? 'repost' : 'ignore';
}

type Decision = 'post' | 'repost' | 'update' | 'skip';

function decide(kind: ItemOutcome['kind'], alreadyAlerted: boolean, policy: StoryPolicy): Decision {
  // An edit only matters to channels that saw the story; feeds edit old items all the time.
  if (kind === 'edited' && !alreadyAlerted) return 'skip';
  // A channel that never heard of the story gets it as new, whichever copy reached it first.
  if (!alreadyAlerted) return 'post';
  if (kind === 'new-story') return 'skip';
  if (policy === 'ignore') return 'skip';
  return policy === 'repost' ? 'repost' : 'update';
}

// One key per (channel, story) for the first post, whichever subscriptions matched, so neither
// a re-run of the same poll nor a second process can queue it twice; later revisions are keyed
// by the item revision that caused them.
function idempotencyKey(channel: ChannelRef, outcome: ItemOutcome, decision: Decision): string {
  const base = `${channel.platform}:${channel.channel}:${outcome.story.id}`;
  if (decision === 'post') return base;
  const revision = `${outcome.item.feedId}:${outcome.item.key}:${outcome.item.contentHash.slice(0, 16)}`;
  return `${base}:${decision}:${revision}`;
}
