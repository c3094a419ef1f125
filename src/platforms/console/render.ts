// An alert as a block of plain text for a terminal: the shared layout (render/alert-layout.ts)
// one part a line, so `herald demo` shows what a chat message will show, in the same order.
// Feed text loses its control characters and escape sequences first, so a feed can neither
// recolour, retitle nor clear the operator's terminal; the lead goes on one line for the same
// reason. A terminal cannot ping and shows no image; it prints an update anew, so it marks it.
import type { Alert } from '../../domain/types.ts';
import { ALERT_PARTS, alertLayout, UNTITLED, type AlertPart } from '../../render/alert-layout.ts';
import { listNames } from '../../text/outlets.ts';
import { relativeTime } from '../../text/relative-time.ts';
import { singleLine } from '../../text/sanitize.ts';
import { fillTemplate } from '../../text/template.ts';
import { truncate } from '../../text/truncate.ts';

// A terminal has no hard limit, but a runaway title or lead should not fill the scrollback.
const TITLE_MAX = 300;
const SUMMARY_MAX = 2000;
const SOURCE_NAME_MAX = 100;
const SOURCES_MAX = 500;

/** The alert as lines of text (no trailing newline); `now` (epoch ms) dates the "3 hours ago". */
export function renderConsoleAlert(alert: Alert, options: { now: number }): string {
  const layout = alertLayout(alert);
  const names = layout.outlets.map((outlet) => truncate(outlet.name, SOURCE_NAME_MAX)).filter((name) => name !== '');
  const [first = '', ...others] = names;
  const title = truncate(layout.headline, TITLE_MAX) || UNTITLED;
  const summary = truncate(singleLine(layout.summary), SUMMARY_MAX);
  const age = relativeTime(layout.published, options.now);
  const alsoFrom = listNames(others, SOURCES_MAX);
  const link = layout.link ?? '';
  const template = layout.template;
  const parts: Record<AlertPart, string> = {
    mention: '',
    update: !layout.update ? '' : alsoFrom === '' ? '↻ Update' : `↻ Update: now also from ${alsoFrom}`,
    headline:
      template === null
        ? title
        : fillTemplate(template, { title, summary, source: first, sources: listNames(names, SOURCES_MAX), link, published: age, topic: truncate(layout.topic, SOURCE_NAME_MAX) }),
    summary: template === null ? summary : '',
    image: '',
    byline: [first, alsoFrom === '' ? '' : `also from ${alsoFrom}`, age].filter(Boolean).join(' · '),
    link: template === null ? link : '',
  };
  return ALERT_PARTS.map((part) => parts[part])
    .filter((text) => text !== '')
    .join('\n');
}
