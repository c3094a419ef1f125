// What a webhook target receives, built from an alert: Herald's own JSON (documented in
// docs/webhook-payload.schema.json) or a Slack-compatible { text } that Slack and Mattermost
// incoming webhooks post as a message. Pure.
import type { Alert, Digest } from '../../domain/types.ts';
import { plural } from '../../text/plural.ts';

export type WebhookEvent = 'alert' | 'update' | 'digest' | 'notice';

interface AlertFields {
  story_id: string;
  title: string;
  link: string | null;
  summary: string;
  outlets: { name: string; url: string | null }[];
  feed: { id: string; name: string };
  subscriptions: string[];
  topic: string | null;
  published_at: string | null;
}

export type HeraldPayload =
  | ({ event: 'alert' | 'update'; message_id: string; target: string; sent_at: string } & AlertFields)
  | { event: 'digest'; message_id: string; target: string; sent_at: string; reason: Digest['reason']; window_start: string; window_end: string; alerts: AlertFields[] }
  | { event: 'notice'; target: string; sent_at: string; text: string };

function alertFields(alert: Alert): AlertFields {
  return {
    story_id: alert.storyId,
    title: alert.item.title,
    link: alert.item.link ?? alert.item.url,
    summary: alert.item.summary,
    outlets: alert.sources.map((source) => ({ name: source.name, url: source.url })),
    feed: { id: alert.item.feedId, name: alert.item.sourceName },
    subscriptions: alert.subscriptionIds ?? [alert.subscriptionId],
    topic: alert.topic,
    published_at: alert.item.published,
  };
}

export function alertPayload(alert: Alert, messageId: string, sentAt: number): HeraldPayload {
  return { event: alert.kind === 'update' ? 'update' : 'alert', message_id: messageId, target: alert.channel, sent_at: new Date(sentAt).toISOString(), ...alertFields(alert) };
}

export function digestPayload(digest: Digest, messageId: string, sentAt: number): HeraldPayload {
  return {
    event: 'digest',
    message_id: messageId,
    target: digest.channel,
    sent_at: new Date(sentAt).toISOString(),
    reason: digest.reason,
    window_start: new Date(digest.windowStart).toISOString(),
    window_end: new Date(digest.windowEnd).toISOString(),
    alerts: digest.alerts.map(alertFields),
  };
}

export function noticePayload(target: string, text: string, sentAt: number): HeraldPayload {
  return { event: 'notice', target, sent_at: new Date(sentAt).toISOString(), text };
}

// Slack's mrkdwn (which Mattermost's Slack-compatible webhooks translate): &, < and > are
// markup and must be escaped in text; a link is <url|label>.
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function headline(fields: AlertFields): string {
  const title = escape(fields.title);
  return fields.link === null ? `*${title}*` : `*<${fields.link}|${title}>*`;
}

function outletLine(fields: AlertFields): string {
  return `_${escape(fields.outlets.map((outlet) => outlet.name).join(', ') || fields.feed.name)}_`;
}

/**
 * The Slack-compatible body for a Herald payload. Incoming webhooks cannot edit a message, so
 * an update is a new message that says so.
 */
export function slackText(payload: HeraldPayload): { text: string } {
  switch (payload.event) {
    case 'notice':
      return { text: escape(payload.text) };
    case 'digest':
      return { text: [`*${plural(payload.alerts.length, 'story', 'stories')}*`, ...payload.alerts.map((fields) => `• ${headline(fields)} ${outletLine(fields)}`)].join('\n') };
    default: {
      const lines = [`${payload.event === 'update' ? 'Update: ' : ''}${headline(payload)}`, ...(payload.summary === '' ? [] : [escape(payload.summary)]), outletLine(payload)];
      return { text: lines.join('\n') };
    }
  }
}
