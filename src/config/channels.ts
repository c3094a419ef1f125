// Channel rules from the config file become ordinary subscriptions, marked as managed by the
// config. Their ids are derived from what the rule means, so a restart (or reordering the file)
// finds the same subscriptions and the outbox's idempotency keys stay valid.
import { createHash } from 'node:crypto';
import { parseMention } from '../domain/mention.ts';
import type { DigestSchedule, Subscription } from '../domain/types.ts';
import { TAG_PREFIX, type ChannelRule, type HeraldConfig } from './schema.ts';

export type RuleIdentity = Pick<ChannelRule, 'platform' | 'workspace' | 'channel' | 'feeds' | 'topics' | 'query'>;

/** "cfg_" + 12 hex of sha256 over the fields that decide what a rule delivers and where. */
export function configSubscriptionId(rule: RuleIdentity): string {
  // Order inside feeds/topics does not change what a rule matches, so it must not change its id.
  const identity = JSON.stringify([
    rule.platform,
    rule.workspace ?? null,
    rule.channel,
    rule.feeds ? [...new Set(rule.feeds)].sort() : null,
    rule.topics ? [...new Set(rule.topics)].sort() : null,
    rule.query?.trim() || null,
  ]);
  return `cfg_${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`;
}

/** Topics OR-ed together, AND-ed with the rule's own query when both are given. */
export function ruleQuery(rule: Pick<ChannelRule, 'topics' | 'query'>): string {
  const topics = (rule.topics ?? []).map((name) => `topic:${name}`).join(' OR ');
  const query = rule.query?.trim() ?? '';
  if (topics && query) return `(${topics}) AND (${query})`;
  return topics || query;
}

export function parseDigest(digest: ChannelRule['digest']): DigestSchedule | null {
  if (digest === undefined || digest === 'off') return null;
  if (digest === 'hourly') return { kind: 'hourly' };
  return { kind: 'daily', at: digest.slice('daily '.length) };
}

/** The feed ids a rule's `feeds:` names: ids as written, `tag:<tag>` as every feed with that tag. */
export function ruleFeedIds(references: readonly string[], feeds: HeraldConfig['feeds']): string[] {
  const ids = references.flatMap((reference) =>
    reference.startsWith(TAG_PREFIX) ? feeds.filter((feed) => feed.tags?.includes(reference.slice(TAG_PREFIX.length))).map((feed) => feed.id) : [reference],
  );
  return [...new Set(ids)];
}

export function subscriptionsFromConfig(config: HeraldConfig, now: number): Subscription[] {
  return config.channels.map((rule) => ({
    id: configSubscriptionId(rule),
    platform: rule.platform,
    workspace: rule.workspace ?? null,
    channel: rule.channel,
    feeds: rule.feeds ? ruleFeedIds(rule.feeds, config.feeds) : null,
    query: ruleQuery(rule),
    topic: rule.topics?.length === 1 ? rule.topics[0]! : null,
    digest: parseDigest(rule.digest),
    storyPolicy: rule.storyPolicy ?? config.defaults.storyPolicy,
    createdBy: 'config',
    paused: false,
    pausedReason: null,
    managedByConfig: true,
    createdAt: now,
    ...ruleMention(rule),
  }));
}

/** The rule's mention, read (checks.ts has refused one that does not parse). */
function ruleMention(rule: ChannelRule): Pick<Subscription, 'mention'> {
  if (rule.mention === undefined) return {};
  const parsed = parseMention(rule.mention);
  return parsed.ok ? { mention: parsed.mention } : {};
}

/** The config's alert templates, by the id of the subscription its rule becomes. */
export function configTemplates(config: HeraldConfig): Map<string, string> {
  return new Map(config.channels.flatMap((rule) => (rule.template ? [[configSubscriptionId(rule), rule.template] as const] : [])));
}
