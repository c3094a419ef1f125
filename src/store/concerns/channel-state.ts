// A channel's own state from chat (issue 21): the settings it chose (quiet hours, time zone,
// template), the alerts it got (`/news recent`), and alerts queued for it outside a poll
// (`subscribe ... backfill:N`). Each backend implements it in its own channel-state.ts.
import type { Alert, ChannelSettings, OutboxEntry, PlatformName } from '../../domain/types.ts';

/** A channel as the outbox and delivery address it: the platform's channel id. */
export interface ChannelAddress {
  platform: PlatformName;
  channel: string;
}

/** undefined keeps a field; null clears it. */
export type ChannelSettingsPatch = Partial<Pick<ChannelSettings, 'timezone' | 'quietHours' | 'template'>>;

export interface ChannelStateStore {
  /** The channel's settings from chat; null when it never set any. Delivery reads them per alert. */
  channelSettings(channel: ChannelAddress): Promise<ChannelSettings | null>;
  updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number): Promise<ChannelSettings>;
  /** The channel's sent first messages ('new' alerts) sent at or after `since`, newest first, at most `limit`. */
  recentAlerts(channel: ChannelAddress, since: number, limit: number): Promise<OutboxEntry[]>;
  /** Queues alerts pending now, in order; a key already in the outbox is skipped. Returns how many were queued. */
  queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number): Promise<number>;
}

export function applyChannelSettings(channel: ChannelAddress, current: ChannelSettings | null, patch: ChannelSettingsPatch): ChannelSettings {
  const base: ChannelSettings = current ?? { ...channel, timezone: null, quietHours: null, template: null };
  return {
    ...base,
    ...(patch.timezone === undefined ? {} : { timezone: patch.timezone }),
    ...(patch.quietHours === undefined ? {} : { quietHours: patch.quietHours }),
    ...(patch.template === undefined ? {} : { template: patch.template }),
  };
}

/** A stored row: both backends keep the same columns. */
export interface ChannelSettingsRow {
  platform: PlatformName;
  channel: string;
  timezone: string | null;
  quiet_from: string | null;
  quiet_to: string | null;
  template: string | null;
}

export function toChannelSettings(row: ChannelSettingsRow): ChannelSettings {
  const quietHours = row.quiet_from !== null && row.quiet_to !== null ? { from: row.quiet_from, to: row.quiet_to } : null;
  return { platform: row.platform, channel: row.channel, timezone: row.timezone, quietHours, template: row.template };
}
