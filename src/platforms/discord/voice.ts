// Who a Discord alert appears from: a config rule's `voice:`, read for the config in force.
// `voice: feed` is the alert's feed: its config `name:` and `avatar:` (a feed added from chat:
// the name alerts show for it, and no avatar); `voice: { name, avatar }` is one fixed voice.
// No voice (null) means the alert is posted as the bot, as without this feature.
import { configSubscriptionId } from '../../config/channels.ts';
import { WEBHOOK_NAME_MAX, isRefusedWebhookName, type FeedConfig, type HeraldConfig, type VoiceRule } from '../../config/schema.ts';
import type { Alert, Digest } from '../../domain/types.ts';
import { singleLine } from '../../text/sanitize.ts';
import { truncate } from '../../text/truncate.ts';
import { discordUrl } from './escape.ts';

export interface Voice {
  name: string;
  avatar: string | null;
}

/** The name of the one webhook Herald keeps per channel; also the voice of a name Discord would refuse. */
export const WEBHOOK_NAME = 'Herald';

interface VoiceIndex {
  /** Voices by the id of the subscription their rule becomes. */
  rules: Map<string, VoiceRule>;
  feeds: Map<string, FeedConfig>;
}

const indexes = new WeakMap<HeraldConfig, VoiceIndex>();

function indexOf(config: HeraldConfig): VoiceIndex {
  let index = indexes.get(config);
  if (index === undefined) {
    index = {
      rules: new Map(config.channels.flatMap((rule) => (rule.platform === 'discord' && rule.voice !== undefined ? [[configSubscriptionId(rule), rule.voice] as const] : []))),
      feeds: new Map(config.feeds.map((feed) => [feed.id, feed])),
    };
    indexes.set(config, index);
  }
  return index;
}

/**
 * A feed's name as a webhook username: one line, at most 80 characters, never one Discord
 * refuses (the config checks fixed names; a feed's title may be anything).
 */
function webhookUsername(name: string): string {
  const line = truncate(singleLine(name), WEBHOOK_NAME_MAX);
  return line === '' || isRefusedWebhookName(line) ? WEBHOOK_NAME : line;
}

function resolve(voice: VoiceRule, alert: Alert, feeds: Map<string, FeedConfig>): Voice {
  if (voice !== 'feed') return { name: voice.name, avatar: discordUrl(voice.avatar) };
  const feed = feeds.get(alert.item.feedId);
  return { name: webhookUsername(feed?.name ?? alert.item.sourceName), avatar: discordUrl(feed?.avatar) };
}

/**
 * The voice of the first of the alert's matching subscriptions whose rule has one; null posts
 * as the bot. Subscriptions made from chat have none.
 */
export function alertVoice(config: HeraldConfig, alert: Alert): Voice | null {
  const { rules, feeds } = indexOf(config);
  for (const id of alert.subscriptionIds ?? [alert.subscriptionId]) {
    const voice = rules.get(id);
    if (voice !== undefined) return resolve(voice, alert, feeds);
  }
  return null;
}

/** A digest lists many feeds, so only a fixed voice applies to it; `voice: feed` digests post as the bot. */
export function digestVoice(config: HeraldConfig, digest: Digest): Voice | null {
  const { rules, feeds } = indexOf(config);
  for (const alert of digest.alerts) {
    const voice = rules.get(alert.subscriptionId);
    if (voice !== undefined && voice !== 'feed') return resolve(voice, alert, feeds);
  }
  return null;
}
