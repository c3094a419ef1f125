// An alert as a Discord message: one embed (linked title, lead, outlets in the footer, the
// item's time as the embed timestamp) and allowed_mentions that parse nothing, so whatever a
// feed writes pings no one. Every embed limit is held here so the API never rejects a message.
import type { APIEmbed } from 'discord.js';
import type { Mention } from '../../domain/mention.ts';
import type { Alert } from '../../domain/types.ts';
import { singleLine } from '../../text/sanitize.ts';
import { alertOutlets, listNames } from '../../text/outlets.ts';
import { fillTemplate, type TemplateFields } from '../../text/template.ts';
import { fitEscaped, truncate } from '../../text/truncate.ts';
import { discordUrl, escapeDiscordMarkdown, neutralizeMentions } from './escape.ts';
import { itemLink } from '../../text/safe-url.ts';
import { withHonestTitle } from '../../text/link-honesty.ts';

export type DiscordEmbed = APIEmbed;

/** Discord pings only what this lists; `parse: ['everyone']` is how @here is allowed. */
export interface AllowedMentions {
  parse: 'everyone'[];
  roles?: string[];
  users?: string[];
}

export interface DiscordMessage {
  /** The opted-in mention, alone: embeds never ping. */
  content?: string;
  embeds: DiscordEmbed[];
  allowed_mentions: AllowedMentions;
}

export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  footer: 2048,
  /** Title, description, footer, author and fields of all embeds together. */
  total: 6000,
} as const;

const SOURCE_NAME_MAX = 100;
const UNTITLED = '(untitled)';

function sourceNames(alert: Alert): string[] {
  return alertOutlets(alert).map(({ name }) => truncate(singleLine(name), SOURCE_NAME_MAX)).filter((name) => name !== '');
}

function footerText(names: string[]): string {
  const [first, ...others] = names.map(neutralizeMentions);
  if (first === undefined) return '';
  if (others.length === 0) return truncate(first, DISCORD_LIMITS.footer);
  const head = `${first} · also from `;
  return head + listNames(others, DISCORD_LIMITS.footer - head.length);
}

function isoTime(published: string | null): string | undefined {
  const time = published === null ? Number.NaN : Date.parse(published);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function description(alert: Alert, title: string, names: string[], maxLength: number): string {
  const summary = (room: number): string => fitEscaped(alert.item.summary.trim(), Math.max(0, Math.floor(room)), escapeDiscordMarkdown);
  if (alert.template === null) return summary(maxLength);
  const published = alert.item.published === null ? Number.NaN : Date.parse(alert.item.published);
  const fields = (summaryText: string): TemplateFields => ({
    title,
    summary: summaryText,
    source: escapeDiscordMarkdown(names[0] ?? ''),
    sources: listNames(names.map(escapeDiscordMarkdown), maxLength / 2),
    link: discordUrl(itemLink(alert.item)) ?? '',
    // Discord's own timestamp markup: shown in each reader's time zone and kept current.
    published: Number.isNaN(published) ? '' : `<t:${Math.floor(published / 1000)}:R>`,
    topic: escapeDiscordMarkdown(singleLine(alert.topic ?? '')),
  });
  const uses = alert.template.split('{summary}').length - 1;
  const room = (maxLength - fillTemplate(alert.template, fields('')).length) / Math.max(1, uses);
  return truncate(fillTemplate(alert.template, fields(uses === 0 ? '' : summary(room))), maxLength);
}

/** The Discord message for an alert: one embed, mentions disabled. */
export function renderDiscordAlert(original: Alert): DiscordMessage {
  const alert = withHonestTitle(original);
  const names = sourceNames(alert);
  const title = fitEscaped(singleLine(alert.item.title), DISCORD_LIMITS.title, escapeDiscordMarkdown) || UNTITLED;
  const footer = footerText(names);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - title.length - footer.length);
  const text = description(alert, title, names, room).trim();

  const embed: DiscordEmbed = { title };
  const url = discordUrl(itemLink(alert.item));
  if (url !== null) embed.url = url;
  if (text !== '') embed.description = text;
  if (footer !== '') embed.footer = { text: footer };
  const timestamp = isoTime(alert.item.published);
  if (timestamp !== undefined) embed.timestamp = timestamp;
  // Discord fetches the thumbnail through its own proxy; only an image normalize vetted.
  const image = discordUrl(alert.item.image);
  if (image !== null) embed.thumbnail = { url: image };
  return { embeds: [embed], ...discordMention(alert.mention) };
}

/**
 * The opted-in mention as message content, with allowed_mentions listing exactly it; nothing
 * without one. Feed text is neutralized everywhere, so only a rule or subscription pings.
 */
export function discordMention(mention: Mention | null | undefined): Pick<DiscordMessage, 'content' | 'allowed_mentions'> {
  if (mention == null) return { allowed_mentions: { parse: [] } };
  const content = [...(mention.here ? ['@here'] : []), ...mention.roles.map((id) => `<@&${id}>`), ...mention.users.map((id) => `<@${id}>`)].join(' ');
  return { content, allowed_mentions: { parse: mention.here ? ['everyone'] : [], roles: mention.roles, users: mention.users } };
}
