// A digest as a block of terminal text, in the shared layout (render/digest-layout.ts), each
// story's link on the line after it.
import type { Digest } from '../../domain/types.ts';
import { alertLayout, UNTITLED } from '../../render/alert-layout.ts';
import { byTopic, digestHeading, moreLine, storyLine, storyOutlet } from '../../render/digest-layout.ts';
import { relativeTime } from '../../text/relative-time.ts';
import { truncate } from '../../text/truncate.ts';

// A terminal has no limit, but a digest of hundreds of stories is read as a list, not a log.
const STORIES_MAX = 100;
const TITLE_MAX = 200;
const NAME_MAX = 100;

export function renderConsoleDigest(digest: Digest, options: { now: number }): string {
  const shown = digest.alerts.slice(0, STORIES_MAX);
  const count = digest.alerts.length;
  const lines = [digestHeading(digest)];
  for (const [topic, alerts] of byTopic(shown)) {
    if (topic !== '') lines.push(`[${truncate(topic, NAME_MAX)}]`);
    for (const alert of alerts) {
      const layout = alertLayout(alert);
      lines.push(storyLine(truncate(layout.headline, TITLE_MAX) || UNTITLED, [truncate(storyOutlet(alert), NAME_MAX), relativeTime(layout.published, options.now)]));
      if (layout.link !== null) lines.push(`  ${layout.link}`);
    }
  }
  if (count > shown.length) lines.push(moreLine(count - shown.length));
  return lines.join('\n');
}
