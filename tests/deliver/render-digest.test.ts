// Digests of any size fit each platform's limits, list stories by topic, and count the rest.
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../src/domain/types.ts';
import { renderConsoleDigest } from '../../src/platforms/console/render-digest.ts';
import { renderDiscordDigest } from '../../src/platforms/discord/render-digest.ts';
import { renderSlackDigest } from '../../src/platforms/slack/render-digest.ts';
import { alert, item } from '../store/records.ts';

const NOW = Date.parse('2024-11-02T12:00:00Z');

function digest(count: number, titleLength = 60): Digest {
  return {
    platform: 'slack',
    workspace: null,
    channel: 'C-NEWS',
    reason: 'cap',
    windowStart: NOW - 3_600_000,
    windowEnd: NOW,
    alerts: Array.from({ length: count }, (_, n) =>
      alert({
        storyId: `s${n}`,
        topic: n % 3 === 0 ? 'ports' : 'weather',
        item: item({ key: `k${n}`, title: `Story ${n} <@here> *bold* ${'x'.repeat(titleLength)}`, url: `https://news.example.test/${n}?a=1&b=<2>` }),
      }),
    ),
  };
}

describe.each([3, 200])('a digest of %i stories', (count) => {
  it('fits Slack: at most 50 blocks, each section within 3000 characters, the rest counted', () => {
    const message = renderSlackDigest(digest(count, 400));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const texts = message.blocks.map((block) => (block.type === 'section' ? block.text!.text : ''));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    expect(texts.join('\n')).not.toMatch(/<@here>|<2>/);
    const listed = texts.join('\n').match(/^• /gm)?.length ?? 0;
    const more = Number(/and (\d+) more$/.exec(texts.at(-1)!)?.[1] ?? 0);
    expect(listed + more).toBe(count);
    expect(message.text).toBe(`Held back: this channel reached its hourly limit: ${count} stories`);
  });

  it('fits Discord: one embed within the description and total limits, mentions off, the rest counted', () => {
    const message = renderDiscordDigest(digest(count, 400), { now: NOW });
    const [embed] = message.embeds;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(embed!.description!.length).toBeLessThanOrEqual(4096);
    expect(embed!.title!.length + embed!.description!.length).toBeLessThanOrEqual(6000);
    const listed = embed!.description!.match(/^• /gm)?.length ?? 0;
    const more = Number(/and (\d+) more$/.exec(embed!.description!)?.[1] ?? 0);
    expect(listed + more).toBe(count);
    expect(embed!.description).toContain('**ports**');
  });
});

it('the console digest groups stories under their topic and counts what it leaves out', () => {
  const text = renderConsoleDigest(digest(150), { now: NOW });
  expect(text.split('\n')[0]).toBe('Held back: this channel reached its hourly limit: 150 stories');
  expect(text).toContain('[ports]');
  expect(text).toContain('[weather]');
  expect(text.match(/^• /gm)).toHaveLength(100);
  expect(text.endsWith('and 50 more')).toBe(true);
});

it('counts a digest of one story in the singular', () => {
  expect(renderConsoleDigest(digest(1), { now: NOW }).split('\n')[0]).toBe('Held back: this channel reached its hourly limit: 1 story');
});
