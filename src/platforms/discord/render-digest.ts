// A digest as one Discord message: one embed whose title says why the alerts waited and whose
// description lists the stories by topic as linked lines, within the description and total
// embed limits; stories that do not fit are counted in a closing "and N more".
import type { Alert, Digest } from '../../domain/types.ts';
import { alertLayout, UNTITLED } from '../../render/alert-layout.ts';
import { byTopic, digestHeading, moreLine, storyLine, storyOutlet } from '../../render/digest-layout.ts';
import { fitEscaped } from '../../text/truncate.ts';
import { discordUrl, escapeDiscordMarkdown } from './escape.ts';
import { DISCORD_LIMITS, type DiscordMessage } from './render.ts';

const TITLE_MAX = 200;
const NAME_MAX = 80;
// Room kept for the closing "and N more".
const MORE_ROOM = 40;

function discordStoryLine(alert: Alert, now: number): string {
  const layout = alertLayout(alert);
  const title = fitEscaped(layout.headline, TITLE_MAX, escapeDiscordMarkdown) || UNTITLED;
  const url = discordUrl(layout.link);
  const outlet = fitEscaped(storyOutlet(alert), NAME_MAX, escapeDiscordMarkdown);
  const published = layout.published === null ? Number.NaN : Date.parse(layout.published);
  // Discord's own timestamp markup: shown in each reader's time zone and kept current.
  const age = Number.isNaN(published) || published > now ? '' : `<t:${Math.floor(published / 1000)}:R>`;
  return storyLine(url ? `[${title}](${url})` : title, [outlet, age]);
}

export function renderDiscordDigest(digest: Digest, options: { now: number }): DiscordMessage {
  const count = digest.alerts.length;
  const title = digestHeading(digest);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - title.length) - MORE_ROOM;
  const topics = byTopic(digest.alerts);
  const lines: string[] = [];
  let length = 0;
  let shown = 0;
  const add = (line: string): boolean => {
    if (length + line.length + 1 > room) return false;
    lines.push(line);
    length += line.length + 1;
    return true;
  };
  fill: for (const [topic, alerts] of topics) {
    if (topic !== '' && !add(`**${fitEscaped(topic, NAME_MAX, escapeDiscordMarkdown)}**`)) break;
    for (const alert of alerts) {
      if (!add(discordStoryLine(alert, options.now))) break fill;
      shown += 1;
    }
  }
  if (shown < count) lines.push(moreLine(count - shown));
  return { embeds: [{ title, description: lines.join('\n') }], allowed_mentions: { parse: [] } };
}
