// A digest as a block of terminal text: a heading saying why the alerts waited, then the
// stories grouped by topic, one line each with outlet and age, its link on the next line.
import type { Alert, Digest } from '../../domain/types.ts';
import { alertOutlets } from '../../text/outlets.ts';
import { relativeTime } from '../../text/relative-time.ts';
import { itemLink, safeHttpUrl } from '../../text/safe-url.ts';
import { singleLine } from '../../text/sanitize.ts';
import { truncate } from '../../text/truncate.ts';

// A terminal has no limit, but a digest of hundreds of stories is read as a list, not a log.
const STORIES_MAX = 100;
const TITLE_MAX = 200;
const NAME_MAX = 100;

const HEADINGS: Record<Digest['reason'], string> = {
  schedule: 'Digest',
  cap: 'Held back (hourly limit reached)',
  'quiet-hours': 'While the channel was quiet',
};

function byTopic(alerts: Alert[]): Map<string, Alert[]> {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const topic = singleLine(alert.topic ?? '');
    groups.set(topic, [...(groups.get(topic) ?? []), alert]);
  }
  return groups;
}

export function renderConsoleDigest(digest: Digest, options: { now: number }): string {
  const shown = digest.alerts.slice(0, STORIES_MAX);
  const count = digest.alerts.length;
  const lines = [`${HEADINGS[digest.reason]}: ${count} ${count === 1 ? 'story' : 'stories'}`];
  for (const [topic, alerts] of byTopic(shown)) {
    if (topic !== '') lines.push(`[${truncate(topic, NAME_MAX)}]`);
    for (const alert of alerts) {
      const title = truncate(singleLine(alert.item.title), TITLE_MAX) || '(untitled)';
      const outlet = truncate(singleLine(alertOutlets(alert)[0]?.name ?? ''), NAME_MAX);
      const meta = [outlet, relativeTime(alert.item.published, options.now)].filter(Boolean).join(' · ');
      lines.push(`• ${title}${meta ? ` (${meta})` : ''}`);
      const link = safeHttpUrl(itemLink(alert.item));
      if (link) lines.push(`  ${link}`);
    }
  }
  if (count > shown.length) lines.push(`and ${count - shown.length} more`);
  return lines.join('\n');
}
