// The channel-state concern on PostgreSQL (concerns/channel-state.ts).
import type { Alert } from '../../domain/types.ts';
import { toChannelSettings, type ChannelAddress, type ChannelSettingsPatch, type ChannelSettingsRow, type ChannelStateStore } from '../concerns/channel-state.ts';
import type { PostgresContext } from './context.ts';
import { toOutboxEntry, type OutboxRow } from './rows.ts';

// A field the patch leaves out keeps its stored value: $n IS NULL cannot tell "clear" from
// "keep", so each field carries a flag saying whether the patch sets it.
const UPDATE_SETTINGS = `
  INSERT INTO channel_settings (platform, channel, timezone, quiet_from, quiet_to, template, updated_at)
  VALUES ($1, $2, $4, $6, $7, $9, $10)
  ON CONFLICT (platform, channel) DO UPDATE SET
    timezone = CASE WHEN $3 THEN excluded.timezone ELSE channel_settings.timezone END,
    quiet_from = CASE WHEN $5 THEN excluded.quiet_from ELSE channel_settings.quiet_from END,
    quiet_to = CASE WHEN $5 THEN excluded.quiet_to ELSE channel_settings.quiet_to END,
    template = CASE WHEN $8 THEN excluded.template ELSE channel_settings.template END,
    updated_at = excluded.updated_at
  RETURNING *`;

const RECENT_ALERTS = `
  SELECT * FROM outbox WHERE platform = $1 AND channel = $2 AND status = 'sent' AND kind = 'new' AND sent_at >= $3
  ORDER BY sent_at DESC, id DESC LIMIT $4`;

const QUEUE_ALERTS = `
  INSERT INTO outbox (idempotency_key, subscription_id, story_id, platform, channel, kind, alert, status, next_attempt_at, created_at)
  SELECT key, alert->>'subscriptionId', alert->>'storyId', alert->>'platform', alert->>'channel', alert->>'kind', alert, 'pending', $3, $3
  FROM unnest($1::text[], $2::jsonb[]) WITH ORDINALITY AS queued (key, alert, n)
  ORDER BY n
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING 1`;

export function postgresChannelState(ctx: PostgresContext): ChannelStateStore {
  const query = ctx.query.bind(ctx);
  return {
    async channelSettings(channel: ChannelAddress) {
      const rows = await query<ChannelSettingsRow>('channelSettings', 'SELECT * FROM channel_settings WHERE platform = $1 AND channel = $2', [channel.platform, channel.channel]);
      return rows[0] === undefined ? null : toChannelSettings(rows[0]);
    },
    async updateChannelSettings(channel: ChannelAddress, patch: ChannelSettingsPatch, now: number) {
      const rows = await query<ChannelSettingsRow>('updateChannelSettings', UPDATE_SETTINGS, [
        channel.platform,
        channel.channel,
        patch.timezone !== undefined,
        patch.timezone ?? null,
        patch.quietHours !== undefined,
        patch.quietHours?.from ?? null,
        patch.quietHours?.to ?? null,
        patch.template !== undefined,
        patch.template ?? null,
        now,
      ]);
      return toChannelSettings(rows[0]!);
    },
    async recentAlerts(channel: ChannelAddress, since: number, limit: number) {
      return (await query<OutboxRow>('recentAlerts', RECENT_ALERTS, [channel.platform, channel.channel, since, limit])).map(toOutboxEntry);
    },
    async queueAlerts(alerts: { idempotencyKey: string; alert: Alert }[], now: number) {
      if (alerts.length === 0) return 0;
      const keys = alerts.map((queued) => queued.idempotencyKey);
      const bodies = alerts.map((queued) => JSON.stringify(queued.alert));
      return (await query('queueAlerts', QUEUE_ALERTS, [keys, bodies, now])).length;
    },
  };
}
