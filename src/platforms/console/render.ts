// An alert as a block of plain text for a terminal: headline, outlets and age, lead, link.
// Feed text loses its control characters and escape sequences first, so a feed can neither
// recolour, retitle nor clear the operator's terminal.
import type { Alert } from '../../domain/types.ts';
import { alertOutlets, listNames } from '../../text/outlets.ts';
import { relativeTime } from '../../text/relative-time.ts';
import { itemLink, safeHttpUrl } from '../../text/safe-url.ts';
import { singleLine } from '../../text/sanitize.ts';
import { fillTemplate, type TemplateFields } from '../../text/template.ts';
import { truncate } from '../../text/truncate.ts';

// A terminal has no hard limit, but a runaway title or lead should not fill the scrollback.
const TITLE_MAX = 300;
const SUMMARY_MAX = 2000;
const SOURCE_NAME_MAX = 100;
const SOURCES_MAX = 500;
const UNTITLED = '(untitled)';

function line(text: string, maxLength: number): string {
  return truncate(singleLine(text), maxLength);
}

/** The alert as lines of text (no trailing newline); `now` (epoch ms) dates the "3 hours ago". */
export function renderConsoleAlert(alert: Alert, options: { now: number }): string {
  const names = alertOutlets(alert)
    .map((source) => line(source.name, SOURCE_NAME_MAX))
    .filter((name) => name !== '');
  const [first = '', ...others] = names;
  const title = line(alert.item.title, TITLE_MAX) || UNTITLED;
  const summary = line(alert.item.summary, SUMMARY_MAX);
  const link = safeHttpUrl(itemLink(alert.item)) ?? '';
  const age = relativeTime(alert.item.published, options.now);
  const alsoFrom = listNames(others, SOURCES_MAX);

  const lines: string[] = [];
  if (alert.kind === 'update') lines.push(alsoFrom === '' ? '↻ Update' : `↻ Update: now also from ${alsoFrom}`);
  if (alert.template === null) {
    lines.push(title);
    lines.push([first, alsoFrom === '' ? '' : `also from ${alsoFrom}`, age].filter(Boolean).join(' · '));
    lines.push(summary, link);
  } else {
    const fields: TemplateFields = {
      title,
      summary,
      source: first,
      sources: listNames(names, SOURCES_MAX),
      link,
      published: age,
      topic: line(alert.topic ?? '', SOURCE_NAME_MAX),
    };
    lines.push(fillTemplate(alert.template, fields));
  }
  return lines.filter((text) => text !== '').join('\n');
}
