// Channels: per workspace, each channel's subscriptions with their queries, feeds, template,
// digest and quiet hours; pause and resume. Subscriptions from config rules are read-only here.
import { html } from 'hono/html';
import type { ChannelRule } from '../../config/schema.ts';
import type { DigestSchedule, Subscription } from '../../domain/types.ts';
import { plural } from '../../text/plural.ts';
import { csrfField, type Html } from '../layout.ts';
import type { ChannelView, WorkspaceGroup } from '../panel-queries.ts';
import { safe } from './parts.ts';
import { workspaceLabel } from './feeds.ts';

function digestText(digest: DigestSchedule | null): string {
  if (digest === null) return 'instant';
  return digest.kind === 'hourly' ? 'hourly digest' : `daily digest at ${digest.at}`;
}

/** A channel as form fields: the hidden values that name it in a pause, resume or test. */
export function channelFields(channel: Pick<ChannelView, 'platform' | 'workspace' | 'channel'>): Html {
  return html`<input type="hidden" name="platform" value="${channel.platform}"><input type="hidden" name="workspace" value="${channel.workspace ?? ''}"><input type="hidden" name="channel" value="${channel.channel}">`;
}

/** What a config rule adds to its subscription: more terms of the same description list. */
function ruleFacts(rule: ChannelRule | null): Html[] {
  if (rule === null) return [];
  const facts = [
    rule.template === undefined ? null : html`<dt>template</dt><dd><pre>${rule.template}</pre></dd>`,
    rule.quietHours === undefined ? null : html`<dt>quiet hours</dt><dd>${rule.quietHours.from}–${rule.quietHours.to}${rule.timezone === undefined ? '' : ` (${rule.timezone})`}</dd>`,
    rule.maxAlertsPerHour === undefined ? null : html`<dt>at most</dt><dd>${plural(rule.maxAlertsPerHour, 'alert')} an hour</dd>`,
    rule.storyPolicy === undefined ? null : html`<dt>story updates</dt><dd>${rule.storyPolicy}</dd>`,
  ];
  return facts.filter((fact) => fact !== null);
}

function subscriptionItem({ subscription, rule }: { subscription: Subscription; rule: ChannelRule | null }): Html {
  const origin = subscription.managedByConfig ? html`<span class="badge muted">config rule, read-only</span>` : html`<span class="badge">chat, by ${subscription.createdBy}</span>`;
  const state = subscription.paused ? html`<span class="badge held">paused</span> ${safe(subscription.pausedReason)}` : html`<span class="badge ok">active</span>`;
  return html`<li><p><code>${subscription.id}</code> ${origin} ${state}</p>
<dl><dt>query</dt><dd><code>${subscription.query === '' ? '(none: every item)' : subscription.query}</code></dd>
<dt>feeds</dt><dd>${subscription.feeds === null ? 'every feed' : subscription.feeds.join(', ')}</dd>
<dt>mode</dt><dd>${digestText(subscription.digest)}</dd>${ruleFacts(rule)}</dl></li>`;
}

function channelSection(view: ChannelView, csrf: string): Html {
  const paused = view.subscriptions.every(({ subscription }) => subscription.paused);
  const toggle = paused ? 'resume' : 'pause';
  return html`<article aria-labelledby="channel-${view.platform}-${view.channel}"><h3 id="channel-${view.platform}-${view.channel}">#${view.channel}</h3>
<form class="inline" method="post" action="/channels/${toggle}">${csrfField(csrf)}${channelFields(view)}<button type="submit" class="secondary">${paused ? 'Resume' : 'Pause'} #${view.channel}</button></form>
<form class="inline" method="get" action="/query">${channelFields(view)}<button type="submit" class="secondary">Test a query on #${view.channel}</button></form>
<ul>${view.subscriptions.map(subscriptionItem)}</ul></article>`;
}

export function channelsBody(groups: WorkspaceGroup[], csrf: string): Html {
  if (groups.length === 0) return html`<p class="muted">No channel subscribes to anything yet: add rules under channels: in the config, or /news subscribe in a channel.</p>`;
  return html`${groups.map(
    (group) => html`<section aria-labelledby="ws-${group.platform}-${group.workspace ?? 'none'}"><h2 id="ws-${group.platform}-${group.workspace ?? 'none'}">${workspaceLabel(group)}${group.workspace === null && group.platform !== 'console' ? ' (rules naming no workspace)' : ''}</h2>
${group.channels.map((view) => channelSection(view, csrf))}</section>`,
  )}`;
}
