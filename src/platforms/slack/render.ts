// An alert as a Slack message: the shared layout (render/alert-layout.ts) as Block Kit blocks
// plus the plain `text` Slack shows in notifications and to clients without blocks. The time
// is Slack's date token, which each reader's client renders in their time zone and keeps
// current ("Yesterday 9:00"), so a message posted once, or edited when more outlets join,
// never carries a frozen "3 hours ago". Every piece of feed text is escaped; every Block Kit
// limit is held here so the API never rejects a message for its length.
import type { types } from '@slack/bolt';
import type { Mention } from '../../domain/mention.ts';
import type { Alert } from '../../domain/types.ts';
import { alertLayout, fillAlertTemplate, UNTITLED, type AlertLayout } from '../../render/alert-layout.ts';
import { listNames, type Outlet } from '../../text/outlets.ts';
import type { TemplateFields } from '../../text/template.ts';
import { fitEscaped, truncate } from '../../text/truncate.ts';
import { cutMrkdwn, escapeMrkdwn, mrkdwnLink, slackUrl } from './escape.ts';

export type SlackBlock = types.SectionBlock | types.ContextBlock;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const SLACK_LIMITS = {
  sectionText: 3000,
  contextElements: 10,
  contextText: 2000,
  blocks: 50,
  fallbackText: 40_000,
} as const;

// A headline longer than this is not read in a channel; the rest of the section is the lead's.
const TITLE_MAX = 300;
const SOURCE_NAME_MAX = 100;

function outlets(layout: AlertLayout): Outlet[] {
  return layout.outlets
    .map((source) => ({ name: fitEscaped(source.name, SOURCE_NAME_MAX, escapeMrkdwn), url: slackUrl(source.url) }))
    .filter((source) => source.name !== '');
}

/**
 * Slack's date token for an ISO time: `<!date^UNIX^{date_short_pretty} {time}|fallback>`, the
 * fallback (UTC) shown by clients that cannot format it; '' when `iso` is not a date.
 */
export function slackDate(iso: string | null): string {
  const time = iso === null ? Number.NaN : Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const fallback = `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(time / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** The byline as a context block: the first outlet and the time, then the others on their own element. */
function bylineBlock(layout: AlertLayout, sources: Outlet[]): types.ContextBlock | null {
  const [first, ...others] = sources;
  const texts = [[first ? mrkdwnLink(first.url, first.name) : '', slackDate(layout.published)].filter(Boolean).join(' · ')];
  if (others.length > 0) {
    const prefix = 'Also from: ';
    const links = others.map((source) => mrkdwnLink(source.url, source.name));
    texts.push(prefix + listNames(links, SLACK_LIMITS.contextText - prefix.length));
  }
  const elements = texts
    .filter((text) => text !== '')
    .slice(0, SLACK_LIMITS.contextElements)
    .map((text): types.MrkdwnElement => ({ type: 'mrkdwn', text: cutMrkdwn(text, SLACK_LIMITS.contextText), verbatim: true }));
  // Slack rejects a context block without elements.
  return elements.length > 0 ? { type: 'context', elements } : null;
}

function escapedSummary(layout: AlertLayout, maxLength: number): string {
  return fitEscaped(layout.summary, Math.max(0, Math.floor(maxLength)), escapeMrkdwn);
}

function escapedTitle(layout: AlertLayout): string {
  return fitEscaped(layout.headline, TITLE_MAX, escapeMrkdwn) || UNTITLED;
}

function templateText(layout: AlertLayout, template: string, sources: Outlet[]): string {
  const fields = (summary: string): TemplateFields => ({
    title: escapedTitle(layout),
    summary,
    source: sources[0]?.name ?? '',
    sources: listNames(
      sources.map((source) => source.name),
      SLACK_LIMITS.sectionText / 2,
    ),
    link: slackUrl(layout.link) ?? '',
    published: slackDate(layout.published),
    topic: escapeMrkdwn(layout.topic),
  });
  const filled = fillAlertTemplate(template, fields, (room) => escapedSummary(layout, room), SLACK_LIMITS.sectionText);
  return cutMrkdwn(filled, SLACK_LIMITS.sectionText);
}

/** The headline and the lead, or the channel's template in their place. */
function sectionText(layout: AlertLayout, sources: Outlet[]): string {
  const fromTemplate = layout.template === null ? '' : templateText(layout, layout.template, sources).trim();
  if (fromTemplate !== '') return fromTemplate;
  const head = `*${mrkdwnLink(slackUrl(layout.link), escapedTitle(layout))}*`;
  const lead = escapedSummary(layout, SLACK_LIMITS.sectionText - head.length - 1);
  return lead === '' ? head : `${head}\n${lead}`;
}

/** What notifications and clients without blocks show: headline (outlets), lead, link. */
function fallbackText(layout: AlertLayout, sources: Outlet[]): string {
  const names = listNames(
    sources.map((source) => source.name),
    SLACK_LIMITS.fallbackText / 4,
  );
  const title = escapedTitle(layout);
  const head = names === '' ? title : `${title} (${names})`;
  const link = slackUrl(layout.link);
  const tail = link === null ? '' : `\n${link}`;
  const lead = escapedSummary(layout, SLACK_LIMITS.fallbackText - head.length - tail.length - 1);
  return cutMrkdwn([head, lead].filter(Boolean).join('\n') + tail, SLACK_LIMITS.fallbackText);
}

// Slack's limits for an image block element.
const IMAGE_URL_MAX = 3000;
const IMAGE_ALT_MAX = 200;

/** The image as the section's accessory; Slack fetches it, so only what normalize vetted. */
function imageAccessory(layout: AlertLayout): types.ImageElement | null {
  if (layout.image === null || layout.image.length > IMAGE_URL_MAX) return null;
  return { type: 'image', image_url: layout.image, alt_text: truncate(layout.headline, IMAGE_ALT_MAX) || 'image' };
}

/**
 * The Slack message for an alert, parts in the shared order (render/alert-layout.ts): the ping
 * in a section of its own, the headline and lead with the image beside them, the byline as a
 * context block. It edits its first message for an update, so it shows no update marker.
 * `image: false` leaves the image out (Slack refuses a message whose image it cannot fetch).
 */
export function renderSlackAlert(alert: Alert, options: { image?: boolean } = {}): SlackMessage {
  const layout = alertLayout(alert);
  const sources = outlets(layout);
  // A template that renders to nothing falls back to the default headline and lead.
  const text = sectionText(layout, sources);
  const section: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
  const accessory = options.image === false ? null : imageAccessory(layout);
  if (accessory !== null) section.accessory = accessory;
  const ping = slackMention(layout.mention);
  const blocks: SlackBlock[] = ping === '' ? [section] : [{ type: 'section', text: { type: 'mrkdwn', text: ping } }, section];
  const byline = bylineBlock(layout, sources);
  if (byline !== null) blocks.push(byline);
  const fallback = fallbackText(layout, sources);
  return { text: ping === '' ? fallback : cutMrkdwn(`${ping} ${fallback}`, SLACK_LIMITS.fallbackText), blocks };
}

/**
 * The opted-in mention in Slack's syntax; '' without one. Feed text is escaped everywhere, so
 * only this, from a rule or a subscribe command, can ping anyone.
 */
export function slackMention(mention: Mention | null | undefined): string {
  if (mention == null) return '';
  return [...(mention.here ? ['<!here>'] : []), ...mention.roles.map((id) => `<!subteam^${id}>`), ...mention.users.map((id) => `<@${id}>`)].join(' ');
}
