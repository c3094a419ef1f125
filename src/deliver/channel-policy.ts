// Each channel's delivery settings from the config's channel rules. Several rules can name one
// channel: the first rule that sets a time zone or quiet hours decides it, and the strictest
// cap wins. What no rule sets comes from the channel's own settings from chat (/news quiet,
// /news timezone), then from the defaults.
import type { ChannelSettings, PlatformName } from '../domain/types.ts';
import type { HeraldConfig } from '../config/schema.ts';
import type { ChannelPolicy } from './hold-policy.ts';

export interface ChannelAddress {
  platform: PlatformName;
  channel: string;
}

export type ChannelPolicies = (address: ChannelAddress) => ChannelPolicy;

/** No quiet hours and no cap: a worker built without a config. */
export const NO_CHANNEL_LIMITS: ChannelPolicies = () => ({ timezone: 'UTC', quietHours: null, maxAlertsPerHour: Number.POSITIVE_INFINITY });

export function channelPolicies(config: Pick<HeraldConfig, 'defaults' | 'channels'>, chat: readonly ChannelSettings[] = []): ChannelPolicies {
  const policies = new Map<string, ChannelPolicy>();
  const fallback: ChannelPolicy = { timezone: config.defaults.timezone, quietHours: null, maxAlertsPerHour: config.defaults.maxAlertsPerHour };
  const key = (address: ChannelAddress): string => `${address.platform}\u0000${address.channel}`;
  const explicit = new Map<string, { timezone?: string; quietHours?: ChannelPolicy['quietHours']; caps: number[] }>();
  for (const rule of config.channels) {
    const seen = explicit.get(key(rule)) ?? { caps: [] };
    seen.timezone ??= rule.timezone;
    seen.quietHours ??= rule.quietHours;
    if (rule.maxAlertsPerHour !== undefined) seen.caps.push(rule.maxAlertsPerHour);
    explicit.set(key(rule), seen);
  }
  for (const settings of chat) {
    const seen = explicit.get(key(settings)) ?? { caps: [] };
    seen.timezone ??= settings.timezone ?? undefined;
    seen.quietHours ??= settings.quietHours ?? undefined;
    explicit.set(key(settings), seen);
  }
  for (const [channel, seen] of explicit) {
    policies.set(channel, {
      timezone: seen.timezone ?? fallback.timezone,
      quietHours: seen.quietHours ?? null,
      maxAlertsPerHour: seen.caps.length > 0 ? Math.min(...seen.caps) : fallback.maxAlertsPerHour,
    });
  }
  return (address) => policies.get(key(address)) ?? fallback;
}
