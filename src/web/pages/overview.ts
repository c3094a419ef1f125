// Overview: feeds by health, alerts sent in the last day, the outbox, dead letters and the last
// feed errors, each linking to the page that says more.
import { html } from 'hono/html';
import type { Html } from '../layout.ts';
import { OUTBOX_LIST_LIMIT, type Overview } from '../panel-queries.ts';
import { safe, timeTag } from './parts.ts';

function card(count: number | string, label: string, href: string, className = ''): Html {
  return html`<li><a href="${href}"><span class="count ${className}">${count}</span>${label}</a></li>`;
}

export function overviewBody(data: Overview, now: number): Html {
  const { health } = data;
  const dead = data.deadLetters >= OUTBOX_LIST_LIMIT ? `${OUTBOX_LIST_LIMIT}+` : data.deadLetters;
  const errors = data.lastErrors.map(
    (feed) => html`<li><a href="/feeds#feed-${feed.id}">${feed.id}</a>: ${safe(feed.lastError)} <span class="muted">(${timeTag(feed.lastPolledAt, now)})</span></li>`,
  );
  return html`<section aria-labelledby="feeds-heading"><h2 id="feeds-heading">Feeds by health</h2>
<ul class="cards">${card(health.ok, 'feeds ok', '/feeds', 'ok')}${card(health.failing, 'feeds failing', '/feeds#failing', 'failing')}</ul></section>
<section aria-labelledby="delivery-heading"><h2 id="delivery-heading">Delivery</h2>
<ul class="cards">${card(data.sentLastDay, 'alerts sent in the last 24 hours', '/channels')}${card(data.outboxDepth, 'alerts waiting in the outbox', '/outbox')}${card(dead, 'dead letters', '/outbox#dead', data.deadLetters > 0 ? 'failing' : '')}</ul></section>
<section aria-labelledby="errors-heading"><h2 id="errors-heading">Last errors</h2>
${errors.length === 0 ? html`<p class="muted">No feed is failing.</p>` : html`<ul>${errors}</ul>`}</section>`;
}
