// The layout every platform's alert shares: what an alert message holds and in which order a
// reader meets it. Each platform maps these parts onto its own markup (Slack blocks, a Discord
// embed, terminal lines) and keeps only its escaping, its link and time markup, and its limits;
// none of them reads the Alert for itself. The message that repeats a story for outlets that
// joined it carries the update marker; a platform that edits its first message in place has no
// use for it.
import type { Mention } from '../domain/mention.ts';
import type { Alert } from '../domain/types.ts';
import { honestTitle } from '../text/link-honesty.ts';
import { alertOutlets, type Outlet } from '../text/outlets.ts';
import { itemLink, safeHttpUrl } from '../text/safe-url.ts';
import { singleLine } from '../text/sanitize.ts';
import { fillTemplate, type TemplateFields } from '../text/template.ts';

/**
 * The parts of an alert message in reading order: the ping, the update marker, the linked
 * headline, the lead, the image beside them, the byline (outlets, then the item's time), and the
 * bare link where a platform cannot link the headline. A channel template replaces the headline
 * (with its link) and the lead; Discord keeps the headline as its embed's title, the only place
 * an embed links.
 */
export const ALERT_PARTS = ['mention', 'update', 'headline', 'summary', 'image', 'byline', 'link'] as const;

export type AlertPart = (typeof ALERT_PARTS)[number];

/** The headline of an item without a title, or one whose title no limit can cut between words. */
export const UNTITLED = '(untitled)';

/** An alert's parts, unescaped and uncut: feed text on one line where it is a line. */
export interface AlertLayout {
  /** Who the message pings, from a rule or a subscription, never from feed text. */
  mention: Mention | null;
  /** Whether the message is an update of a story already posted (outlets joined it). */
  update: boolean;
  /** The title on one line, with the link's real host when the title names another, or "(untitled)". */
  headline: string;
  /** The item's link as published, when it is http(s). */
  link: string | null;
  /** The lead, trimmed; its line breaks kept. */
  summary: string;
  /** The item's image, when it is http(s). */
  image: string | null;
  /** Every outlet carrying the story, the item's own first; names on one line, none empty. */
  outlets: Outlet[];
  /** When the item was published, as ISO; null when the feed gave no date. */
  published: string | null;
  /** The config topic the query came from, on one line; '' for none. */
  topic: string;
  /** The channel's own template, when it has one. */
  template: string | null;
}

function isoTime(published: string | null): string | null {
  const time = published === null ? Number.NaN : Date.parse(published);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The alert's parts; a digest's story line takes its headline, link and time from here too. */
export function alertLayout(alert: Alert): AlertLayout {
  const link = itemLink(alert.item);
  return {
    mention: alert.mention ?? null,
    update: alert.kind === 'update',
    headline: singleLine(honestTitle(alert.item.title, link)) || UNTITLED,
    link: safeHttpUrl(link),
    summary: alert.item.summary.trim(),
    image: safeHttpUrl(alert.item.image),
    outlets: alertOutlets(alert)
      .map((outlet) => ({ name: singleLine(outlet.name), url: outlet.url }))
      .filter((outlet) => outlet.name !== ''),
    published: isoTime(alert.item.published),
    topic: singleLine(alert.topic ?? ''),
    template: alert.template,
  };
}

/**
 * `template` filled from `fields`, the lead given whatever room within `maxLength` the rest of
 * the filled template leaves, shared between its uses. The caller cuts the result to its limit.
 */
export function fillAlertTemplate(
  template: string,
  fields: (summary: string) => TemplateFields,
  summary: (room: number) => string,
  maxLength: number,
): string {
  const uses = template.split('{summary}').length - 1;
  if (uses === 0) return fillTemplate(template, fields(''));
  const room = (maxLength - fillTemplate(template, fields('')).length) / uses;
  return fillTemplate(template, fields(summary(room)));
}
