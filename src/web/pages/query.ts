// Query tester: a query and a feed (or a channel's feeds), the latest items matched or missed and
// why, as `/news test` explains it, and the query as a config rule to copy.
import { html } from 'hono/html';
import { stringify } from 'yaml';
import type { CommandReply } from '../../commands/index.ts';
import type { FeedRecord } from '../../domain/types.ts';
import { csrfField, type Html } from '../layout.ts';
import type { ChannelKey } from '../panel-actions.ts';

export interface QueryForm {
  query: string;
  /** `feed:<id>` or `channel:<platform>:<workspace>:<channel>` (see sourceValue). */
  source: string;
}

export function channelSource(channel: ChannelKey): string {
  return `channel:${channel.platform}:${channel.workspace ?? ''}:${channel.channel}`;
}

/** The config rule a tested query becomes: for the tested channel, or a channel to fill in for a feed. */
export function configRule(form: QueryForm): string {
  const [kind, ...rest] = form.source.split(':');
  const rule: Record<string, unknown> =
    kind === 'channel'
      ? { platform: rest[0], ...(rest[1] ? { workspace: rest[1] } : {}), channel: rest.slice(2).join(':') }
      : { platform: 'slack', channel: 'C0123456789', feeds: [rest.join(':')] };
  return stringify({ channels: [{ ...rule, query: form.query }] });
}

function replyBlock(reply: CommandReply): Html {
  return html`<div class="flash ${reply.status}" role="${reply.status === 'error' ? 'alert' : 'status'}"><p><strong>${reply.headline}</strong></p></div>
${reply.sections.map((section) => html`<section class="result"><h3>${section.title ?? ''}</h3><ul>${section.lines.map((line) => html`<li>${line}</li>`)}</ul></section>`)}`;
}

export interface QueryPage {
  feeds: FeedRecord[];
  channels: ChannelKey[];
  form: QueryForm;
  reply: CommandReply | null;
}

export function queryBody(data: QueryPage, csrf: string): Html {
  const option = (value: string, label: string) => html`<option value="${value}"${value === data.form.source ? html` selected` : ''}>${label}</option>`;
  const result =
    data.reply === null
      ? ''
      : html`<section aria-labelledby="result-heading"><h2 id="result-heading" tabindex="-1">Result</h2>${replyBlock(data.reply)}
${data.reply.status === 'ok' ? html`<label for="config-rule">Copy as config rule (channels: in config/herald.yaml)</label><textarea id="config-rule" rows="8" readonly>${configRule(data.form)}</textarea>
<p><button type="button" class="secondary" data-copy="config-rule" hidden>Copy rule</button></p>` : ''}</section>`;
  return html`<form method="post" action="/query">${csrfField(csrf)}
<label for="query">Query</label><textarea id="query" name="query" rows="3" required aria-describedby="query-help">${data.form.query}</textarea>
<p id="query-help" class="muted">The query language of /news subscribe and /news test (see the README), topic:name included.</p>
<label for="source">Test against</label><select id="source" name="source">
<optgroup label="A feed">${data.feeds.map((feed) => option(`feed:${feed.id}`, feed.id))}</optgroup>
<optgroup label="A channel's feeds">${data.channels.map((channel) => option(channelSource(channel), `${channel.platform} #${channel.channel}`))}</optgroup></select>
<p><button type="submit">Test query</button></p></form>${result}`;
}
