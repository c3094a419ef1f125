import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, type DiscordEmbed, renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { makeAlert } from './alert.ts';

function only(embeds: DiscordEmbed[]): DiscordEmbed {
  expect(embeds).toHaveLength(1);
  return embeds[0]!;
}

function embedLength(embed: DiscordEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
}

describe('renderDiscordAlert', () => {
  it('renders one embed with title, link, lead, outlet and time, and mentions off', () => {
    const message = renderDiscordAlert(makeAlert());
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(only(message.embeds)).toEqual({
      title: 'Northern ferry route to reopen',
      url: 'https://news.example/ferry',
      description: 'The crossing reopens next month.',
      footer: { text: 'Harbour Gazette' },
      timestamp: '2025-05-09T09:00:00.000Z',
    });
  });

  it('names every outlet in the footer', () => {
    const alert = makeAlert({
      sources: [
        { name: 'Harbour Gazette', url: null },
        { name: 'Coast Courier', url: null },
        { name: 'Western Star', url: null },
      ],
    });
    expect(only(renderDiscordAlert(alert).embeds).footer).toEqual({ text: 'Harbour Gazette · also from Coast Courier, Western Star' });
  });

  it('leaves out what the item lacks: link, lead, time', () => {
    const embed = only(renderDiscordAlert(makeAlert({ item: { url: 'javascript:alert(1)', summary: '', published: 'soon' } })).embeds);
    expect(embed).toEqual({ title: 'Northern ferry route to reopen', footer: { text: 'Harbour Gazette' } });
  });

  it.each([
    ['@everyone', 'Hi @everyone', 'Hi @\u200Beveryone'],
    ['@here', 'Hi @HERE now', 'Hi @\u200BHERE now'],
    ['a role mention', 'Ping <@&123456>', 'Ping \\<@&123456\\>'],
    ['a user mention', 'Ping <@123456>', 'Ping \\<@123456\\>'],
    ['a channel link', 'See <#123456>', 'See \\<#123456\\>'],
    ['a masked link', '[Official notice](https://evil.example)', '\\[Official notice\\](https://evil.example)'],
    ['an escaped masked link', '\\[x](https://evil.example)', '\\\\\\[x\\](https://evil.example)'],
    ['bold and spoilers', '**big** ||secret||', '\\*\\*big\\*\\* \\|\\|secret\\|\\|'],
    ['a heading', '# Loud', '\\# Loud'],
    ['subtext', '-# small', '\\-# small'],
    ['a quote', '> quoted', '\\> quoted'],
    ['terminal escapes', '\u001b[2Jclear', 'clear'],
    ['@everyone glued to a word', '@everyone_now', '@\u200Beveryone\\_now'],
    ['nothing inside a bare URL but its brackets', 'See https://x.example/a_b*c[1]', 'See https://x.example/a_b*c%5B1%5D'],
    ['a backslash after a URL', 'https://x.example/a\\<@1>', 'https://x.example/a\\\\\\<@1\\>'],
  ])('escapes %s in the title and lead', (_name, hostile, escaped) => {
    // No link: a title naming another host than its link gets that host beside it (honest-links.test.ts).
    const embed = only(renderDiscordAlert(makeAlert({ item: { title: hostile, summary: hostile, url: null } })).embeds);
    expect(embed.title).toBe(escaped);
    expect(embed.description).toBe(escaped);
  });

  it('breaks up mention shapes in the footer, which Discord shows without markdown', () => {
    const embed = only(renderDiscordAlert(makeAlert({ sources: [{ name: '@everyone <@123>', url: null }] })).embeds);
    expect(embed.footer?.text).toBe('@\u200Beveryone <\u200B@123>');
  });

  it('encodes parentheses in the link so a template cannot be broken out of', () => {
    const embed = only(renderDiscordAlert(makeAlert({ item: { url: 'https://news.example/a_(b)' } })).embeds);
    expect(embed.url).toBe('https://news.example/a_%28b%29');
  });

  it('holds title, description, footer and total limits', () => {
    const alert = makeAlert({
      item: { title: '*Tide* '.repeat(200), summary: 'A long [lead] sentence goes on. '.repeat(400) },
      sources: Array.from({ length: 300 }, (_, i) => ({ name: `Outlet number ${i} and partners`, url: null })),
    });
    const embed = only(renderDiscordAlert(alert).embeds);
    expect(embed.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(embed.footer!.text).toMatch(/ and \d+ more$/u);
    expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embedLength(embed)).toBeGreaterThan(DISCORD_LIMITS.total - 300);
  });

  describe('channel template', () => {
    it('becomes the description, with escaped fields and a Discord timestamp', () => {
      const alert = makeAlert({ template: '[{title}]({link}) — {summary} ({source}, {published}) {colour}', item: { title: 'A *b*' } });
      expect(only(renderDiscordAlert(alert).embeds).description).toBe(
        '[A \\*b\\*](https://news.example/ferry) — The crossing reopens next month. (Harbour Gazette, <t:1746781200:R>) {colour}',
      );
    });

    it('shrinks the lead so the filled template fits', () => {
      const alert = makeAlert({ template: `${'x'.repeat(1500)} {summary}`, item: { summary: 'Long lead words. '.repeat(600) } });
      const embed = only(renderDiscordAlert(alert).embeds);
      expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    });
  });
});
