// An alert as a Discord message: the shared layout (render/alert-layout.ts) as one embed
// (linked title, lead as the description, the image as its thumbnail, outlets in the footer,
// the item's time as the embed timestamp) and allowed_mentions that parse nothing, so whatever
// a feed writes pings no one. Every embed limit is held here so the API never rejects a message.
import type { APIEmbed } from 'discord.js';
import type { Mention } from '../../domain/mention.ts';
import type { Alert } from '../../domain/types.ts';
import { alertLayout, fillAlertTemplate, UNTITLED, type AlertLayout } from '../../render/alert-layout.ts';
import { listNames } from '../../text/outlets.ts';
import type { TemplateFields } from '../../text/template.ts';
import { fitEscaped, truncate } from '../../text/truncate.ts';
import { discordUrl, escapeDiscordMarkdown, neutralizeMentions } from './escape.ts';

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

function sourceNames(layout: AlertLayout): string[] {
  return layout.outlets.map(({ name }) => truncate(name, SOURCE_NAME_MAX)).filter((name) => name !== '');
}

/** The byline's outlets: the footer shows no markdown, so names are only kept from pinging. */
function footerText(names: string[]): string {
  const [first, ...others] = names.map(neutralizeMentions);
  if (first === undefined) return '';
  if (others.length === 0) return truncate(first, DISCORD_LIMITS.footer);
  const head = `${first} · also from `;
  return head + listNames(others, DISCORD_LIMITS.footer - head.length);
}

/** The lead, or the channel's template in its place. */
function description(layout: AlertLayout, title: string, names: string[], maxLength: number): string {
  const summary = (room: number): string => fitEscaped(layout.summary, Math.max(0, Math.floor(room)), escapeDiscordMarkdown);
  if (layout.template === null) return summary(maxLength);
  const published = layout.published === null ? Number.NaN : Date.parse(layout.published);
  const fields = (summaryText: string): TemplateFields => ({
    title,
    summary: summaryText,
    source: escapeDiscordMarkdown(names[0] ?? ''),
    sources: listNames(names.map(escapeDiscordMarkdown), maxLength / 2),
    link: discordUrl(layout.link) ?? '',
    // Discord's own timestamp markup: shown in each reader's time zone and kept current.
    published: Number.isNaN(published) ? '' : `<t:${Math.floor(published / 1000)}:R>`,
    topic: escapeDiscordMarkdown(layout.topic),
  });
  return truncate(fillAlertTemplate(layout.template, fields, summary, maxLength), maxLength);
}

/**
 * The Discord message for an alert, parts in the shared order: the ping as content, then one
 * embed. It edits its first message for an update, so it shows no update marker.
 */
export function renderDiscordAlert(alert: Alert): DiscordMessage {
  const layout = alertLayout(alert);
  const names = sourceNames(layout);
  const title = fitEscaped(layout.headline, DISCORD_LIMITS.title, escapeDiscordMarkdown) || UNTITLED;
  const footer = footerText(names);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - title.length - footer.length);
  const text = description(layout, title, names, room).trim();

  const embed: DiscordEmbed = { title };
  const url = discordUrl(layout.link);
  if (url !== null) embed.url = url;
  if (text !== '') embed.description = text;
  if (footer !== '') embed.footer = { text: footer };
  if (layout.published !== null) embed.timestamp = layout.published;
  // Discord fetches the thumbnail through its own proxy; only an image normalize vetted.
  const image = discordUrl(layout.image);
  if (image !== null) embed.thumbnail = { url: image };
  return { embeds: [embed], ...discordMention(layout.mention) };
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
