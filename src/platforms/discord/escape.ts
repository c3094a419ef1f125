// Discord markdown turns feed text into pings (<@id>, <@&role>, @everyone), channel and
// command links (<#id>, </cmd:id>), disguised links ([innocent](https://evil)) and formatting.
// Every markdown character is backslash-escaped, which Discord accepts before any ASCII
// punctuation. discord.js's escapeMarkdown was measured and set aside: its lookbehinds make it
// quadratic (6,000 backslashes or asterisks take over a second, a feed could stall the event
// loop) and it leaves masked links, mentions, quotes and subtext alone.
// allowed_mentions { parse: [] } on the message is the second lock.
import { safeHttpUrl } from '../../text/safe-url.ts';
import { stripUnsafeCharacters } from '../../text/sanitize.ts';

// A zero-width space after "@" is how discord.js's own cleanContent defuses these words; no
// word boundary, since "@everyone_" pings too.
const BROADCAST_WORD = /@(?=everyone|here)/giu;
// Discord links a bare URL as one token, so markdown characters inside it are inert, and a
// backslash there would become part of the link; only brackets are encoded, to be sure. A span
// ends before any backslash, which could otherwise cancel the escape that follows it.
const URL_SPAN = /https?:\/\/[^\s<>\\]+/giu;
const MARKDOWN_CHARACTER = /[\\*_~`|[\]<>]/gu;
// Headings, subtext, lists and numbered lists only mean something at the start of a line.
const LINE_START_MARKUP = /^([ \t]*)([#\-+]|\d+\.)/gmu;

function escapeOutsideUrls(text: string): string {
  return text.replace(MARKDOWN_CHARACTER, '\\$&').replace(LINE_START_MARKUP, (_, indent: string, mark: string) =>
    mark.endsWith('.') ? `${indent}${mark.slice(0, -1)}\\.` : `${indent}\\${mark}`,
  );
}

/** Feed text made inert for Discord markdown: shows as written, links and pings nothing. */
export function escapeDiscordMarkdown(text: string): string {
  const clean = stripUnsafeCharacters(text);
  let out = '';
  let last = 0;
  for (const match of clean.matchAll(URL_SPAN)) {
    out += escapeOutsideUrls(clean.slice(last, match.index));
    out += match[0].replace(/\[/gu, '%5B').replace(/\]/gu, '%5D');
    last = match.index + match[0].length;
  }
  return (out + escapeOutsideUrls(clean.slice(last))).replace(BROADCAST_WORD, '@\u200B');
}

/**
 * Text for fields Discord shows without markdown (embed footers): escapes would show as
 * backslashes there, so only the mention shapes are broken up.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(BROADCAST_WORD, '@\u200B').replace(/<(?=[@#/:!a-z])/giu, '<\u200B');
}

/** An http(s) URL safe for the embed url and for "[label](url)" in a template: parentheses encoded. */
export function discordUrl(raw: string | null | undefined): string | null {
  const url = safeHttpUrl(raw);
  return url === null ? null : url.replace(/\(/gu, '%28').replace(/\)/gu, '%29');
}
