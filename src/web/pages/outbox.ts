// Outbox: pending, held and dead entries with their reasons; retry a dead one, drop a waiting one.
import { html } from 'hono/html';
import type { Notice, OutboxEntry } from '../../domain/types.ts';
import { actionButton, type Html } from '../layout.ts';
import type { OutboxLists } from '../panel-queries.ts';
import { safe, table, timeTag } from './parts.ts';

function reason(entry: OutboxEntry, now: number): Html | string {
  if (entry.status === 'held') return html`held (${entry.holdReason ?? 'schedule'}) until ${timeTag(entry.nextAttemptAt, now)}`;
  if (entry.lastError !== null) return safe(entry.lastError);
  return entry.status === 'pending' ? html`due ${timeTag(entry.nextAttemptAt, now)}` : '';
}

function entryRow(entry: OutboxEntry, csrf: string, now: number): Html {
  const action =
    entry.status === 'dead'
      ? actionButton(`/outbox/${entry.id}/retry`, 'Retry', `alert #${entry.id}`, csrf)
      : actionButton(`/outbox/${entry.id}/drop`, 'Drop', `alert #${entry.id}`, csrf, true);
  return html`<tr data-entry="${entry.id}"><th scope="row">#${entry.id}</th><td>${entry.alert.platform}:${entry.alert.channel}</td><td>${safe(entry.alert.item.title)}</td>
<td>${entry.alert.kind}</td><td class="num">${entry.attempts}</td><td>${reason(entry, now)}</td><td>${timeTag(entry.createdAt, now)}</td><td>${action}</td></tr>`;
}

function noticeRow(notice: Notice, now: number): Html {
  return html`<tr><th scope="row">notice #${notice.id}</th><td>${notice.platform}:${notice.channel ?? 'admins'}</td><td>${safe(notice.text)}</td><td>${safe(notice.lastError)}</td><td>${timeTag(notice.createdAt, now)}</td></tr>`;
}

const HEADINGS = ['Entry', 'Channel', 'Headline', 'Kind', 'Attempts', 'Reason', 'Queued', 'Action'];

export function outboxBody(lists: OutboxLists, csrf: string, now: number): Html {
  const rows = (entries: OutboxEntry[]) => entries.map((entry) => entryRow(entry, csrf, now));
  return html`<section aria-labelledby="pending"><h2 id="pending" tabindex="-1">Pending</h2>${table('Pending alerts', HEADINGS, rows(lists.pending), 'Nothing is waiting to be sent.')}</section>
<section aria-labelledby="held"><h2 id="held" tabindex="-1">Held</h2>${table('Held alerts (digests, quiet hours, hourly caps)', HEADINGS, rows(lists.held), 'Nothing is held.')}</section>
<section aria-labelledby="dead"><h2 id="dead" tabindex="-1">Dead letters</h2>${table('Dead-lettered alerts', HEADINGS, rows(lists.dead), 'No dead letters.')}
${table('Dead-lettered notices', ['Notice', 'Channel', 'Text', 'Error', 'Queued'], lists.deadNotices.map((notice) => noticeRow(notice, now)), 'No dead-lettered notices.')}</section>`;
}
