// The channel-state part of Store (../channel-state.ts) on SQLite: statements prepared once the
// schema is migrated; the store runs each call through its own error handling.
import type Database from 'better-sqlite3';
import type { Alert, OutboxEntry } from '../../domain/types.ts';
import { applyChannelSettings, toChannelSettings, type ChannelAddress, type ChannelSettingsPatch, type ChannelSettingsRow, type ChannelStateStore } from '../channel-state.ts';
import { toOutboxEntry, type OutboxRow } from './rows.ts';

/** Synchronous, like every SQLite statement; the store wraps each in a settled promise. */
export type SqliteChannelState = { [K in keyof ChannelStateStore]: (...args: Parameters<ChannelStateStore[K]>) => Awaited<ReturnType<ChannelStateStore[K]>> };

export function sqliteChannelState(db: Database.Database): SqliteChannelState {
  const get = db.prepare<[string, string], ChannelSettingsRow>('SELECT * FROM channel_settings WHERE platform = ? AND channel = ?');
  const list = db.prepare<[], ChannelSettingsRow>('SELECT * FROM channel_settings ORDER BY platform, channel');
  const upsert = db.prepare<Record<string, string | number | null>>(`
    INSERT INTO channel_settings (platform, channel, timezone, quiet_from, quiet_to, template, updated_at)
    VALUES (@platform, @channel, @timezone, @quietFrom, @quietTo, @template, @now)
    ON CONFLICT (platform, channel) DO UPDATE SET timezone = excluded.timezone, quiet_from = excluded.quiet_from,
      quiet_to = excluded.quiet_to, template = excluded.template, updated_at = excluded.updated_at`);
  const recent = db.prepare<[string, string, number, number], OutboxRow>(`
    SELECT * FROM outbox WHERE platform = ? AND channel = ? AND status = 'sent' AND kind = 'new' AND sent_at >= ?
    ORDER BY sent_at DESC, id DESC LIMIT ?`);
  const insert = db.prepare<Record<string, string | number>>(`
    INSERT INTO outbox (idempotency_key, subscription_id, story_id, platform, channel, kind, alert, status, next_attempt_at, created_at)
    VALUES (@key, @subscriptionId, @storyId, @platform, @channel, @kind, @alert, 'pending', @now, @now)
    ON CONFLICT (idempotency_key) DO NOTHING`);

  const read = (channel: ChannelAddress) => {
    const row = get.get(channel.platform, channel.channel);
    return row === undefined ? null : toChannelSettings(row);
  };
  return {
    channelSettings: read,
    listChannelSettings: () => list.all().map(toChannelSettings),
    updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number) {
      return db.transaction(() => {
        const next = applyChannelSettings(channel, read(channel), patch);
        upsert.run({ ...channel, timezone: next.timezone, quietFrom: next.quietHours?.from ?? null, quietTo: next.quietHours?.to ?? null, template: next.template, now });
        return next;
      }).immediate();
    },
    recentAlerts: (channel: ChannelAddress, since: number, limit: number): OutboxEntry[] => recent.all(channel.platform, channel.channel, since, limit).map(toOutboxEntry),
    queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number): number {
      return db.transaction(() => {
        let queued = 0;
        for (const { idempotencyKey, alert } of alerts) {
          const { subscriptionId, storyId, platform, channel, kind } = alert;
          queued += insert.run({ key: idempotencyKey, subscriptionId, storyId, platform, channel, kind, alert: JSON.stringify(alert), now }).changes;
        }
        return queued;
      }).immediate();
    },
  };
}
