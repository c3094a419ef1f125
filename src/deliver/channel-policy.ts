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

/** A channel's policy: its config rules' values, then `chat`'s (the channel's settings from chat, read when it is needed), then the defaults. */
export type ChannelPolicies = (address: ChannelAddress, chat?: ChannelSettings | null) => ChannelPolicy;

/** No quiet hours and no cap: a worker built without a config. */
export const NO_CHANNEL_LIMITS: ChannelPolicies = () => ({ timezone: 'UTC', quietHours: null, maxAlertsPerHour: Number.POSITIVE_INFINITY });

export function channelPolicies(config: Pick<HeraldConfig, 'defaults' | 'channels'>): ChannelPolicies {
  const key = (address: ChannelAddress): string => `${address.platform}\u0000${address.channel}`;
  const explicit = new Map<string, { timezone?: string; quietHours?: ChannelPolicy['quietHours']; caps: number[] }>();
  for (const rule of config.channels) {
    const seen = explicit.get(key(rule)) ?? { caps: [] };
    seen.timezone ??= rule.timezone;
    seen.quietHours ??= rule.quietHours;
    if (rule.maxAlertsPerHour !== undefined) seen.caps.push(rule.maxAlertsPerHour);
    explicit.set(key(rule), seen);
  }
  return (address, chat = null) => {
    const rules = explicit.get(key(address));
    const caps = rules?.caps ?? [];
    return {
      timezone: rules?.timezone ?? chat?.timezone ?? config.defaults.timezone,
      quietHours: rules?.quietHours ?? chat?.quietHours ?? null,
      maxAlertsPerHour: caps.length > 0 ? Math.min(...caps) : config.defaults.maxAlertsPerHour,
    };
  };
}
