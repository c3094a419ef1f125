// Feeds: every feed's health, last success and error (redacted), next poll, items seen and alerts
// caused; add (with discovery), remove and poll now. Config feeds are marked and read-only.
import { html } from 'hono/html';
import { redactUrl } from '../../domain/redact.ts';
import type { WorkspaceRef } from '../../store/store.ts';
import { plural } from '../../text/plural.ts';
import { actionButton, csrfField, type Html } from '../layout.ts';
import type { FeedRow } from '../panel-queries.ts';
import { healthBadge, healthClass, safe, table, timeTag } from './parts.ts';

export function workspaceLabel(ref: WorkspaceRef): string {
  return ref.workspace === null ? ref.platform : `${ref.platform} ${ref.workspace}`;
}

/** A workspace as a form value: platform, then the workspace id ('' for none). */
export function workspaceValue(ref: WorkspaceRef): string {
  return `${ref.platform}:${ref.workspace ?? ''}`;
}

function feedRow(row: FeedRow, csrf: string, now: number, anchor: boolean): Html {
  const { feed, activity } = row;
  const fromConfig = feed.origin === 'config';
  const origin = fromConfig
    ? html`<span class="badge muted">config, read-only</span>`
    : html`<span class="badge">chat${row.owners.length === 0 ? '' : `: ${row.owners.map(workspaceLabel).join(', ')}`}</span>`;
  const actions = html`${actionButton(`/feeds/${encodeURIComponent(feed.id)}/poll`, 'Poll now', feed.id, csrf, true)}
${fromConfig ? '' : actionButton(`/feeds/${encodeURIComponent(feed.id)}/remove`, 'Remove', feed.id, csrf, true)}`;
  const failures = feed.failureCount > 0 ? html`<br>${plural(feed.failureCount, 'failed poll')} in a row` : '';
  return html`<tr${anchor ? html` id="feed-${feed.id}"` : ''} data-feed="${feed.id}" data-health="${healthClass(feed)}">
<th scope="row">${feed.id}${feed.title ?? feed.name ? html` <span class="muted">${feed.title ?? feed.name}</span>` : ''}<br><code class="url">${redactUrl(feed.url)}</code><br>${origin}<div class="actions">${actions}</div></th>
<td>${healthBadge(feed)}${failures}</td><td>${timeTag(feed.lastSuccessAt, now)}</td><td>${safe(feed.lastError) || html`<span class="muted">none</span>`}</td>
<td>${timeTag(feed.nextPollAt, now)}</td><td class="num">${activity.itemsSeen}</td><td class="num">${activity.alertsCaused}</td></tr>`;
}

export interface FeedsPage {
  rows: FeedRow[];
  workspaces: WorkspaceRef[];
}

export function feedsBody(data: FeedsPage, csrf: string, now: number): Html {
  const failing = data.rows.filter((row) => healthClass(row.feed) === 'failing');
  const headings = ['Feed', 'Health', 'Last success', 'Last error', 'Next poll', 'Items seen', 'Alerts caused'];
  const rows = (list: FeedRow[], anchor: boolean) => list.map((row) => feedRow(row, csrf, now, anchor));
  return html`<section aria-labelledby="add-heading"><h2 id="add-heading">Add a feed</h2>
<form method="post" action="/feeds/add">${csrfField(csrf)}
<label for="feed-url">Feed or web page URL</label><input id="feed-url" name="url" type="url" required aria-describedby="feed-url-help" placeholder="https://example.org/news">
<p id="feed-url-help" class="muted">A web page's URL finds the feed it advertises (discovery).</p>
<label for="feed-id">Id (optional)</label><input id="feed-id" name="id" type="text" pattern="[a-z0-9][a-z0-9_-]*" aria-describedby="feed-id-help">
<p id="feed-id-help" class="muted">Lower-case letters, digits, - and _; made from the URL when empty.</p>
<label for="feed-workspace">For workspace</label><select id="feed-workspace" name="workspace">${data.workspaces.map((ref) => html`<option value="${workspaceValue(ref)}">${workspaceLabel(ref)}</option>`)}</select>
<p><button type="submit">Add feed</button></p></form></section>
<section aria-labelledby="failing"><h2 id="failing" tabindex="-1">Failing feeds</h2>${table('Failing feeds', headings, rows(failing, false), 'No feed is failing.')}</section>
<section aria-labelledby="all-heading"><h2 id="all-heading">All feeds</h2>${table('All feeds', headings, rows(data.rows, true), 'No feeds yet: add one above, or list some under feeds: in the config.')}</section>`;
}
