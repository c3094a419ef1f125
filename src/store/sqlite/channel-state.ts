// The channel-state concern on SQLite (concerns/channel-state.ts).
import type { Alert } from '../../domain/types.ts';
import { applyChannelSettings, toChannelSettings, type ChannelAddress, type ChannelSettingsPatch, type ChannelStateStore } from '../concerns/channel-state.ts';
import type { SqliteContext } from './context.ts';
import type { Statements } from './statements.ts';
import { toOutboxEntry } from './rows.ts';

function read(q: Statements, channel: ChannelAddress) {
  const row = q.channelSettings.get(channel.platform, channel.channel);
  return row === undefined ? null : toChannelSettings(row);
}

export function sqliteChannelState(ctx: SqliteContext): ChannelStateStore {
  return {
    channelSettings: (channel) => ctx.run('channelSettings', (q) => read(q, channel)),
    updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number) {
      return ctx.run('updateChannelSettings', (q) =>
        ctx.immediate(() => {
          const next = applyChannelSettings(channel, read(q, channel), patch);
          const { timezone, quietHours, template } = next;
          q.upsertChannelSettings.run({ ...channel, timezone, quietFrom: quietHours?.from ?? null, quietTo: quietHours?.to ?? null, template, now });
          return next;
        }),
      );
    },
    recentAlerts: (channel, since, limit) => ctx.run('recentAlerts', (q) => q.recentAlerts.all(channel.platform, channel.channel, since, limit).map(toOutboxEntry)),
    queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number) {
      return ctx.run('queueAlerts', (q) =>
        ctx.immediate(() => {
          let queued = 0;
          for (const { idempotencyKey, alert } of alerts) {
            const { subscriptionId, storyId, platform, channel, kind } = alert;
            queued += q.insertOutbox.run({ idempotencyKey, subscriptionId, storyId, platform, channel, kind, alert: JSON.stringify(alert), now }).changes;
          }
          return queued;
        }),
      );
    },
  };
}
