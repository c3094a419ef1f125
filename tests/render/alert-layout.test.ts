// The three alert renderers share one layout (src/render/alert-layout.ts): for one alert that has
// every part, each platform shows the parts it can show in the layout's order. Each rendering is
// read in the order a person reads it: Slack's blocks top to bottom (the image accessory beside
// its section, so after that section's text); Discord's content, then the embed's title,
// description, thumbnail (beside them), footer and timestamp; the console's lines.
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.ts';
import { renderConsoleAlert } from '../../src/platforms/console/render.ts';
import { renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { renderSlackAlert } from '../../src/platforms/slack/render.ts';
import { ALERT_PARTS, type AlertPart } from '../../src/render/alert-layout.ts';
import { makeAlert, NOW } from './alert.ts';

const IMAGE = 'https://img.example/ferry.jpg';
const alert: Alert = makeAlert({
  kind: 'update',
  item: { image: IMAGE },
  sources: [
    { name: 'Harbour Gazette', url: 'https://news.example/ferry' },
    { name: 'Coast Courier', url: null },
  ],
  mention: { here: true, roles: [], users: [] },
});

// What marks each part in any rendering; a rendering shows a part when one of its markers appears.
const MARKERS: Record<AlertPart, RegExp> = {
  mention: /<!here>|@here/u,
  update: /Update/u,
  headline: /Northern ferry route to reopen/u,
  summary: /The crossing reopens next month\./u,
  image: /img\.example/u,
  byline: /Harbour Gazette/u,
  link: /^https:\/\/news\.example\/ferry$/mu,
};

function slackReading(): string[] {
  return renderSlackAlert(alert).blocks.flatMap((block) =>
    block.type === 'section'
      ? [block.text?.text ?? '', block.accessory !== undefined && 'image_url' in block.accessory ? block.accessory.image_url : '']
      : block.elements.map((element) => ('text' in element ? element.text : '')),
  );
}

function discordReading(): string[] {
  const message = renderDiscordAlert(alert);
  const embed = message.embeds[0]!;
  return [message.content ?? '', embed.title ?? '', embed.description ?? '', embed.thumbnail?.url ?? '', embed.footer?.text ?? '', embed.timestamp ?? ''];
}

/** The parts in the order the pieces show them, each part where it first appears. */
function partsIn(pieces: string[]): AlertPart[] {
  const order = pieces.flatMap((piece) =>
    ALERT_PARTS.map((part) => ({ part, at: piece.search(MARKERS[part]) }))
      .filter(({ at }) => at >= 0)
      .sort((a, b) => a.at - b.at)
      .map(({ part }) => part),
  );
  return [...new Set(order)];
}

describe('alert layout', () => {
  it.each([
    ['Slack', slackReading, ['update', 'link']],
    ['Discord', discordReading, ['update', 'link']],
    ['console', () => renderConsoleAlert(alert, { now: NOW }).split('\n'), ['mention', 'image']],
  ] as const)('%s shows the shared parts in the shared order', (_, reading, absent) => {
    expect(partsIn(reading())).toEqual(ALERT_PARTS.filter((part) => !(absent as readonly AlertPart[]).includes(part)));
  });
});
