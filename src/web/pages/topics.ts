// Topics: the config's named queries and which subscriptions use them.
import { html } from 'hono/html';
import type { Html } from '../layout.ts';
import type { TopicUse } from '../panel-queries.ts';
import { table } from './parts.ts';

export function topicsBody(topics: TopicUse[]): Html {
  const rows = topics.map(
    (topic) => html`<tr><th scope="row">topic:${topic.name}</th><td><code>${topic.query}</code></td><td>${
      topic.usedBy.length === 0
        ? html`<span class="muted">no subscription</span>`
        : html`<ul>${topic.usedBy.map((subscription) => html`<li><a href="/channels#channel-${subscription.platform}-${subscription.channel}">${subscription.platform} #${subscription.channel}</a> <code>${subscription.id}</code>${subscription.managedByConfig ? ' (config)' : ''}</li>`)}</ul>`
    }</td></tr>`,
  );
  return table('Topics from the config file (read-only)', ['Topic', 'Query', 'Used by'], rows, 'No topics are configured; add them under topics: in the config file.');
}
