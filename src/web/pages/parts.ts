// Pieces several pages share: times, feed health badges, tables that scroll on a phone.
import { html } from 'hono/html';
import { chatSafe } from '../../domain/redact.ts';
import type { FeedRecord } from '../../domain/types.ts';
import { relativeSpan } from '../../text/relative-time.ts';
import type { Html } from '../layout.ts';

/** A time as people read it ("5 minutes ago"), the exact UTC time in its title; "never" for none. */
export function timeTag(time: number | null, now: number): Html | string {
  if (time === null) return 'never';
  const iso = new Date(time).toISOString();
  return html`<time datetime="${iso}" title="${iso.replace('T', ' ').slice(0, 16)} UTC">${relativeSpan(time, now)}</time>`;
}

export type HealthClass = 'ok' | 'failing' | 'waiting';

/** The badge a feed's health shows, as feed health counts sort feeds (see Store.feedHealthCounts). */
export function healthClass(feed: FeedRecord): HealthClass {
  if (feed.failureCount > 0) return 'failing';
  return feed.lastPolledAt === null ? 'waiting' : 'ok';
}

export function healthBadge(feed: FeedRecord): Html {
  const health = healthClass(feed);
  return html`<span class="badge ${health}">${health}</span>`;
}

/** Text for people: URLs redacted, fetch details that belong in logs left out. */
export function safe(text: string | null): string {
  return text === null ? '' : chatSafe(text);
}

/** A table with a caption, in a region that scrolls sideways on a narrow screen (and by keyboard). */
export function table(caption: string, headings: string[], rows: Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="table-wrap" role="region" aria-label="${caption}" tabindex="0"><table><caption class="sr-only">${caption}</caption>
<thead><tr>${headings.map((heading) => html`<th scope="col">${heading}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}
