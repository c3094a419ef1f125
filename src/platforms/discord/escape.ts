// Discord markdown turns feed text into pings (<@id>, <@&role>, @everyone), channel and
// command links (<#id>, </cmd:id>), disguised links ([innocent](https://evil)) and formatting.
// discord.js escapes the formatting; brackets, angle brackets, subtext and the broadcast words
// are handled here. allowed_mentions { parse: [] } on the message is the second lock.
import { escapeMarkdown } from 'discord.js';
import { safeHttpUrl } from '../../text/safe-url.ts';
import { stripUnsafeCharacters } from '../../text/sanitize.ts';

// A zero-width space after "@" is how discord.js's own cleanContent defuses these words.
const BROADCAST_WORD = /@(?=(?:everyone|here)\b)/giu;

/** Feed text made inert for Discord markdown: shows as written, links and pings nothing. */
export function escapeDiscordMarkdown(text: string): string {
  return escapeMarkdown(stripUnsafeCharacters(text), { heading: true, bulletedList: true, numberedList: true })
    .replace(/[[\]<>]/gu, '\\$&')
    .replace(/^(\s*)-#/gmu, '$1\\-#')
    .replace(BROADCAST_WORD, '@\u200B');
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
