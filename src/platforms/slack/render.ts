// An alert as a Slack message: Block Kit blocks (linked headline, lead, a context line with
// the outlets and the time) plus the plain `text` Slack shows in notifications and to clients
// without blocks. The time is Slack's date token, which each reader's client renders in their
// time zone and keeps current ("Yesterday 9:00"), so a message posted once, or edited when
// more outlets join, never carries a frozen "3 hours ago". Every piece of feed text is escaped; every Block Kit limit is held here so
// the API never rejects a message for its length.
import type { types } from '@slack/bolt';
import type { Mention } from '../../domain/mention.ts';
import type { Alert } from '../../domain/types.ts';
import { singleLine } from '../../text/sanitize.ts';
import { alertOutlets, listNames, type Outlet } from '../../text/outlets.ts';
import { fillTemplate, type TemplateFields } from '../../text/template.ts';
import { fitEscaped, truncate } from '../../text/truncate.ts';
import { cutMrkdwn, escapeMrkdwn, mrkdwnLink, slackUrl } from './escape.ts';
import { itemLink, safeHttpUrl } from '../../text/safe-url.ts';
import { withHonestTitle } from '../../text/link-honesty.ts';

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
const UNTITLED = '(untitled)';

function outlets(alert: Alert): Outlet[] {
  return alertOutlets(alert)
    .map((source) => ({ name: fitEscaped(singleLine(source.name), SOURCE_NAME_MAX, escapeMrkdwn), url: slackUrl(source.url) }))
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

function contextBlock(alert: Alert, sources: Outlet[]): types.ContextBlock | null {
  const [first, ...others] = sources;
  const age = slackDate(alert.item.published);
  const texts = [[first ? mrkdwnLink(first.url, first.name) : '', age].filter(Boolean).join(' · ')];
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

function escapedSummary(alert: Alert, maxLength: number): string {
  return fitEscaped(alert.item.summary.trim(), Math.max(0, Math.floor(maxLength)), escapeMrkdwn);
}

function headline(alert: Alert): string {
  const title = fitEscaped(singleLine(alert.item.title), TITLE_MAX, escapeMrkdwn);
  return `*${mrkdwnLink(slackUrl(itemLink(alert.item)), title === '' ? UNTITLED : title)}*`;
}

function templateText(alert: Alert, template: string, sources: Outlet[]): string {
  const fields = (summary: string): TemplateFields => ({
    title: fitEscaped(singleLine(alert.item.title), TITLE_MAX, escapeMrkdwn),
    summary,
    source: sources[0]?.name ?? '',
    sources: listNames(
      sources.map((source) => source.name),
      SLACK_LIMITS.sectionText / 2,
    ),
    link: slackUrl(itemLink(alert.item)) ?? '',
    published: slackDate(alert.item.published),
    topic: escapeMrkdwn(singleLine(alert.topic ?? '')),
  });
  // The lead gets whatever room the rest of the filled template leaves, shared between its uses.
  const uses = template.split('{summary}').length - 1;
  const room = (SLACK_LIMITS.sectionText - fillTemplate(template, fields('')).length) / Math.max(1, uses);
  return cutMrkdwn(fillTemplate(template, fields(uses === 0 ? '' : escapedSummary(alert, room))), SLACK_LIMITS.sectionText);
}

function sectionText(alert: Alert, sources: Outlet[]): string {
  const fromTemplate = alert.template === null ? '' : templateText(alert, alert.template, sources).trim();
  if (fromTemplate !== '') return fromTemplate;
  const head = headline(alert);
  const lead = escapedSummary(alert, SLACK_LIMITS.sectionText - head.length - 1);
  return lead === '' ? head : `${head}\n${lead}`;
}

function fallbackText(alert: Alert, sources: Outlet[]): string {
  const names = listNames(
    sources.map((source) => source.name),
    SLACK_LIMITS.fallbackText / 4,
  );
  const title = fitEscaped(singleLine(alert.item.title), TITLE_MAX, escapeMrkdwn) || UNTITLED;
  const head = names === '' ? title : `${title} (${names})`;
  const link = slackUrl(itemLink(alert.item));
  const tail = link === null ? '' : `\n${link}`;
  const lead = escapedSummary(alert, SLACK_LIMITS.fallbackText - head.length - tail.length - 1);
  return cutMrkdwn([head, lead].filter(Boolean).join('\n') + tail, SLACK_LIMITS.fallbackText);
}

// Slack's limits for an image block element.
const IMAGE_URL_MAX = 3000;
const IMAGE_ALT_MAX = 200;

/** The item's image as the section's accessory; Slack fetches it, so only what normalize vetted. */
function imageAccessory(alert: Alert): types.ImageElement | null {
  const url = safeHttpUrl(alert.item.image);
  if (url === null || url.length > IMAGE_URL_MAX) return null;
  return { type: 'image', image_url: url, alt_text: truncate(singleLine(alert.item.title), IMAGE_ALT_MAX) || 'image' };
}

/**
 * The Slack message for an alert: the same for the same alert, whenever it is rendered.
 * `image: false` leaves the item's image out (Slack refuses a message whose image it cannot fetch).
 */
export function renderSlackAlert(original: Alert, options: { image?: boolean } = {}): SlackMessage {
  const alert = withHonestTitle(original);
  const sources = outlets(alert);
  // A template that renders to nothing falls back to the default headline and lead.
  const text = sectionText(alert, sources);
  const section: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
  const accessory = options.image === false ? null : imageAccessory(alert);
  if (accessory !== null) section.accessory = accessory;
  const ping = slackMention(alert.mention);
  const blocks: SlackBlock[] = ping === '' ? [section] : [{ type: 'section', text: { type: 'mrkdwn', text: ping } }, section];
  const context = contextBlock(alert, sources);
  if (context !== null) blocks.push(context);
  const fallback = fallbackText(alert, sources);
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
