// For any feed text, every rendered payload stays inside its platform's limits and carries no
// live mention, broadcast, link or terminal control that came from the feed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.ts';
import { renderConsoleAlert } from '../../src/platforms/console/render.ts';
import { DISCORD_LIMITS, renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { renderSlackAlert, SLACK_LIMITS } from '../../src/platforms/slack/render.ts';
import { makeAlert, NOW } from './alert.ts';

const hostilePieces = [
  '<!channel>', '<!here>', '<!everyone>', '<@U123ABC>', '<#C123ABC>', '<!subteam^S1>', '<https://evil.example|Official>',
  '@everyone', '@here', '@channel', '<@&123456>', '<@123456>', '</cmd:1>', '[x](https://evil.example)', '[x](<https://evil.example>)',
  '&', '&lt;', '&amp;', '<', '>', '|', '\\', '\\<', '*', '_', '~', '`', '```', '||', '# ', '-# ', '> ', '\n', ' ',
  '\u001b[31m', '\u001b]0;title\u0007', '\u009b2J', '\u0000', '\u202E', '\u200B', '😀', '👨‍👩‍👧', '東京', 'https://x.example/a_b',
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

const piece = fc.oneof(
  fc.constantFrom(...hostilePieces),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: loneSurrogate, maxLength: 2 }),
);
const shortText = fc.array(piece, { maxLength: 16 }).map((pieces) => pieces.join(''));
// Long enough, at times, to overflow every limit several times over.
const feedText = fc.oneof(
  shortText,
  fc.tuple(shortText, fc.integer({ min: 1, max: 600 })).map(([text, times]) => text.repeat(times)),
);
const url = fc.oneof(fc.constant(null), fc.webUrl(), feedText);
const published = fc.oneof(fc.constant(null), feedText, fc.date({ noInvalidDate: true }).map((date) => date.toISOString()));
// Templates are the admin's config, not feed text: placeholders, words and punctuation only.
const template = fc.oneof(
  fc.constant(null),
  fc
    .array(fc.constantFrom('{title}', '{summary}', '{source}', '{sources}', '{link}', '{published}', '{topic}', '{other}', ' — ', ' ', '\n', 'News:'), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
);

const alertArb: fc.Arbitrary<Alert> = fc
  .record({
    title: feedText,
    summary: feedText,
    sourceName: feedText,
    url,
    published,
    sources: fc.array(fc.record({ name: feedText, url }), { maxLength: 30 }),
    topic: fc.option(feedText),
    template,
    kind: fc.constantFrom('new' as const, 'update' as const),
  })
  .map(({ title, summary, sourceName, url: link, published: time, sources, topic, template: tpl, kind }) =>
    makeAlert({ item: { title, summary, sourceName, url: link, published: time }, sources, topic, template: tpl, kind }),
  );

const runs = { numRuns: 150 };

/** Our own links, <https://…|label>, with a URL that parses as http(s); anything else left in place. */
function withoutOwnLinks(text: string): string {
  // Slack date tokens Herald writes itself: digits, its fixed format and a UTC fallback.
  const dates = /<!date\^-?\d+\^\{date_short_pretty\} \{time\}\|[-+\d: ]+ UTC>/gu;
  return text.replace(dates, '').replace(/<(https?:\/\/[^\s<>|]+)(\|[^<>]*)?>/gu, (whole, href: string) => {
    const parsed = new URL(href.replace(/&amp;/gu, '&'));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? '' : whole;
  });
}

/** Every "<", ">", "[" or "]" must be escaped by an odd run of backslashes. */
function hasUnescapedMarkup(text: string): boolean {
  return /(?<!\\)(?:\\\\)*[<>[\]]/u.test(text.replace(/<t:-?\d+:R>/gu, ''));
}

const BROADCAST = /@(?:everyone|here|channel)\b/iu;
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('rendering any feed text', () => {
  it('Slack: within Block Kit limits, no mention, broadcast or foreign link', () => {
    fc.assert(
      fc.property(alertArb, (alert) => {
        const { text, blocks } = renderSlackAlert(alert);
        expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
        expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
        const texts = [text];
        for (const block of blocks) {
          if (block.type === 'section') {
            const sectionText = block.text?.text ?? '';
            expect(sectionText.length).toBeGreaterThan(0);
            expect(sectionText.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
            texts.push(sectionText);
          } else {
            expect(block.elements.length).toBeGreaterThan(0);
            expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
            for (const element of block.elements) {
              const elementText = 'text' in element ? element.text : '';
              expect(elementText.length).toBeGreaterThan(0);
              expect(elementText.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
              texts.push(elementText);
            }
          }
        }
        for (const rendered of texts) {
          expect(withoutOwnLinks(rendered)).not.toMatch(/[<>]/u);
          expect(rendered).not.toMatch(BROADCAST);
          expect(rendered).not.toMatch(TERMINAL_CONTROL);
          expect(rendered).not.toMatch(LONE_SURROGATE);
        }
      }),
      runs,
    );
  });

  it('Discord: within embed limits, mentions off, no unescaped mention or link markup', () => {
    fc.assert(
      fc.property(alertArb, (alert) => {
        const message = renderDiscordAlert(alert);
        expect(message.allowed_mentions).toEqual({ parse: [] });
        expect(message.embeds).toHaveLength(1);
        const embed = message.embeds[0]!;
        const title = embed.title ?? '';
        const description = embed.description ?? '';
        const footer = embed.footer?.text ?? '';
        expect(title.length).toBeGreaterThan(0);
        expect(title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(footer.length).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
        expect(title.length + description.length + footer.length).toBeLessThanOrEqual(DISCORD_LIMITS.total);
        if (embed.url !== undefined) expect(new URL(embed.url).protocol).toMatch(/^https?:$/u);
        for (const rendered of [title, description]) expect(hasUnescapedMarkup(rendered)).toBe(false);
        // The footer shows text as written, so its mention shapes are broken up rather than escaped.
        expect(footer).not.toMatch(/<[@#/:!]/u);
        for (const rendered of [title, description, footer]) {
          expect(rendered).not.toMatch(/@(?:everyone|here)/iu);
          expect(rendered).not.toMatch(TERMINAL_CONTROL);
          expect(rendered).not.toMatch(LONE_SURROGATE);
        }
      }),
      runs,
    );
  });

  it('console: no terminal control characters or escape sequences', () => {
    fc.assert(
      fc.property(alertArb, (alert) => {
        const out = renderConsoleAlert(alert, { now: NOW });
        expect(out).not.toMatch(TERMINAL_CONTROL);
        expect(out).not.toMatch(LONE_SURROGATE);
        expect(out).not.toContain('\u001b');
      }),
      runs,
    );
  });
});
