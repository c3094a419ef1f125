// The layout every platform's digest shares: the heading that says why the alerts waited, the
// stories grouped by topic in the order they were matched, one line per story (title, then outlet
// and age in brackets), and "and N more" for those past the platform's limits. Each platform
// keeps only its escaping, its link and time markup, and its limits.
import type { Alert, Digest } from '../domain/types.ts';
import { alertOutlets } from '../text/outlets.ts';
import { plural } from '../text/plural.ts';
import { singleLine } from '../text/sanitize.ts';

const REASONS: Record<Digest['reason'], string> = {
  schedule: 'Digest',
  cap: 'Held back: this channel reached its hourly limit',
  'quiet-hours': 'While the channel was quiet',
};

/** "Digest: 3 stories", "While the channel was quiet: 1 story". */
export function digestHeading(digest: Digest): string {
  return `${REASONS[digest.reason]}: ${plural(digest.alerts.length, 'story', 'stories')}`;
}

/** The alerts by topic (one line, '' for none), topics and stories in the order they were matched. */
export function byTopic(alerts: readonly Alert[]): Map<string, Alert[]> {
  const groups = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const topic = singleLine(alert.topic ?? '');
    groups.set(topic, [...(groups.get(topic) ?? []), alert]);
  }
  return groups;
}

/** The first outlet's name on one line, unescaped. */
export function storyOutlet(alert: Alert): string {
  return singleLine(alertOutlets(alert)[0]?.name ?? '');
}

/** One story line from its parts, already escaped: "• title (outlet · age)". */
export function storyLine(title: string, meta: readonly string[]): string {
  const shown = meta.filter(Boolean).join(' · ');
  return `• ${title}${shown ? ` (${shown})` : ''}`;
}

/** The closing line for stories that did not fit. */
export function moreLine(hidden: number): string {
  return `and ${hidden} more`;
}
