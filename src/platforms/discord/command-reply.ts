// A command's reply as a Discord embed: the headline as the description, each section a field.
// Replies quote feed titles, queries and URLs people typed, so everything is escaped, and the
// embed's limits are held after escaping (which can make text longer).
import type { CommandReply } from '../../commands/index.ts';
import { fitEscaped } from '../../text/truncate.ts';
import { escapeDiscordMarkdown } from './escape.ts';
import { DISCORD_LIMITS, type DiscordEmbed } from './render.ts';

const FIELD_NAME_MAX = 256;
const FIELD_VALUE_MAX = 1024;
/** A field whose value would get less room than this is left out rather than cut to nothing. */
const FIELD_VALUE_MIN = 40;
const BLANK = '\u200B';

const COLOURS = { ok: 0x2b7a4b, error: 0xc0392b } as const;

function fit(text: string, max: number): string {
  return fitEscaped(text, max, escapeDiscordMarkdown);
}

export function renderCommandReply(reply: CommandReply): DiscordEmbed {
  const description = fit(reply.headline, DISCORD_LIMITS.description);
  const fields: NonNullable<DiscordEmbed['fields']> = [];
  let room = DISCORD_LIMITS.total - description.length;
  for (const section of reply.sections) {
    const name = section.title === undefined ? BLANK : fit(section.title, FIELD_NAME_MAX) || BLANK;
    const valueRoom = Math.min(FIELD_VALUE_MAX, room - name.length);
    if (valueRoom < FIELD_VALUE_MIN) break;
    const value = fit(section.lines.join('\n'), valueRoom) || BLANK;
    fields.push({ name, value });
    room -= name.length + value.length;
  }
  return { description: description || BLANK, color: COLOURS[reply.status], ...(fields.length > 0 ? { fields } : {}) };
}
