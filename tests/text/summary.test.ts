import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/text/clean.ts';
import { normalizeFeed } from '../../src/feeds/normalize.ts';
import { summarize } from '../../src/text/summary.ts';
import { aggregatorHeadline, aggregatorPage } from './fixtures/aggregator.ts';
import { brokerItem, ferryItem } from './fixtures/topic-feed.ts';

const three = 'The harbour reopened on Monday. Ferries sailed at dawn. Crowds waved from the pier as the first boat left.';
const longSentence =
  'The maritime authority confirmed on Tuesday that every lighthouse along the western coast would be automated by next winter, despite a campaign by keepers and residents';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('summarize', () => {
  it.each([
    ['all sentences when they fit', three, 280, undefined, three],
    ['cuts at the last sentence boundary inside the limit', three, 60, undefined, 'The harbour reopened on Monday. Ferries sailed at dawn.'],
    ['one sentence when only one fits', three, 40, undefined, 'The harbour reopened on Monday.'],
    ['cuts at a word with an ellipsis when no sentence fits', longSentence, 60, undefined, 'The maritime authority confirmed on Tuesday that every…'],
    ['drops dangling punctuation before the ellipsis', 'Ferries, trawlers, yachts and dinghies all left the harbour before the storm arrived', 20, undefined, 'Ferries, trawlers…'],
    ['goes on into the next line after a full stop', 'First line ends here.\nSecond line too.', 280, undefined, 'First line ends here. Second line too.'],
    ['stops after a standfirst without a full stop', 'A standfirst without a stop\n\nThe body starts here.', 280, undefined, 'A standfirst without a stop'],
    ['skips a first line that repeats the title', 'Harbour reopens\n\nThe harbour reopened on Monday.', 280, 'Harbour Reopens!', 'The harbour reopened on Monday.'],
    ['empty text', '', 280, undefined, ''],
    ['whitespace only', ' \n\n \t', 280, undefined, ''],
    ['title only', 'Harbour reopens', 280, 'Harbour reopens', ''],
    ['lead equal to the title after folding case and punctuation', 'HARBOUR — reopens!', 280, 'Harbour reopens', ''],
    ['maxLength too small for anything', three, 1, undefined, ''],
    ['CJK: cuts at a sentence end (。)', '東京都は本日、新しい防災計画を発表した。計画には避難所の増設と備蓄の拡充が含まれる。', 30, undefined, '東京都は本日、新しい防災計画を発表した。'],
    ['URL: cut before it, never inside', 'Read the notice at https://harbour.example/notices/2024/very-long-path-to-the-notice today', 40, undefined, 'Read the notice at…'],
  ])('%s', (_name, text, maxLength, title, expected) => {
    expect(summarize(text, { maxLength, title })).toBe(expected);
  });

  it('CJK without spaces or stops: cuts between words, within the limit', () => {
    const text = '東京都は本日新しい防災計画を発表し避難所の増設と備蓄の拡充を含む大規模な改革を進める方針を示した';
    const out = summarize(text, { maxLength: 20 });
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(text.startsWith(out.slice(0, -1))).toBe(true);
    expect(out.length).toBeGreaterThan(5);
  });

  it.each([10, 11, 12, 13, 14, 15, 16, 17, 18])('emoji: never splits a surrogate pair or grapheme (limit %i)', (maxLength) => {
    const text = 'Fireworks🎆🎆🎆👨‍👩‍👧🎆🎆 lit the sky over the harbour as crowds cheered';
    const out = summarize(text, { maxLength });
    expect(out.length).toBeLessThanOrEqual(maxLength);
    expect(out).not.toMatch(LONE_SURROGATE);
    expect(out).not.toMatch(/\u200D…$/u);
    expect(text.startsWith(out.slice(0, -1))).toBe(true);
  });

  it('never cuts inside a word', () => {
    for (let maxLength = 5; maxLength < longSentence.length; maxLength += 1) {
      const out = summarize(longSentence, { maxLength });
      const kept = out.slice(0, -1);
      expect(out.length).toBeLessThanOrEqual(maxLength);
      expect(longSentence.startsWith(kept)).toBe(true);
      expect(longSentence.charAt(kept.length)).toMatch(/[\s,]/u);
    }
  });

  it('topic feed item: the standfirst', () => {
    expect(summarize(cleanText(ferryItem.html), { maxLength: 280, title: ferryItem.title })).toBe(
      'The coastal republic’s decision to reopen the Marren crossing marks a thaw between the two harbours',
    );
    expect(summarize(cleanText(brokerItem.html), { maxLength: 280, title: brokerItem.title })).toBe(
      'Exclusive: Tomas Reyl was detained in Halvik last spring over an alleged fuel smuggling scheme',
    );
  });

  it('aggregator page: the first sentences of the article, headline skipped', () => {
    expect(summarize(cleanText(aggregatorPage), { maxLength: 280, title: aggregatorHeadline })).toBe(
      'Keepers at eleven lighthouses along the western coast have voted to strike after the maritime authority confirmed plans to automate every station by next winter. ' +
        'The union said the vote passed with a large majority and that the first walkout could begin within a fortnight.',
    );
  });

  describe('issue 16 cases', () => {
    const title = 'Tide gauge network to be replaced after storm damage';
    const lead = 'The harbour board will replace all forty tide gauges along the estuary by spring, after last month’s storm destroyed a third of them.';

    it('drops a leading repeat of the headline ("Headline. Lead ...")', () => {
      expect(summarize(`${title}. ${lead}`, { maxLength: 280, title })).toBe(lead);
      expect(summarize(`${title}: ${lead}`, { maxLength: 280, title })).toBe(lead);
      expect(summarize(`${title} ${lead}`, { maxLength: 280, title })).toBe(lead);
    });

    it('drops the headline without its outlet suffix too', () => {
      expect(summarize(`${title}. ${lead}`, { maxLength: 280, title: `${title} | Estuary Post` })).toBe(lead);
    });

    it('keeps a lead that only starts with the same words as the headline', () => {
      const text = 'Tide gauge network readings were wrong for a week, engineers said.';
      expect(summarize(text, { maxLength: 280, title: 'Tide gauge network' })).toBe(text);
    });

    it('is never empty when the feed had text: a first sentence too long after the headline is cut at a word', () => {
      const out = summarize(`${title}. ${lead}`, { maxLength: 60, title });
      expect(out).toBe('The harbour board will replace all forty tide gauges along…');
    });

    it.each([
      ['an initial', 'The port was opened by President Harold W. Penning in a brief ceremony on the quay. Ships then sailed.', 'The port was opened by President Harold W. Penning in a brief ceremony on the quay.'],
      ['a saint', 'Storm surge shut down the St. Brennan ferry terminal for a day. Repairs begin now.', 'Storm surge shut down the St. Brennan ferry terminal for a day.'],
      ['a title', 'Crews were led by Capt. Orla Vance through the night and all returned safely. More to come.', 'Crews were led by Capt. Orla Vance through the night and all returned safely.'],
    ])('is never cut after an abbreviation (%s)', (_name, text, expected) => {
      expect(summarize(text, { maxLength: expected.length + 5 })).toBe(expected);
      const short = summarize(text, { maxLength: 40 });
      expect(short).toMatch(/…$/u);
      expect(short).not.toMatch(/\b(?:W|St|Capt)\.$/u);
    });

    it.each([
      ['"..."', '...'],
      ['"[...]"', ' [...]'],
      ['"…"', '…'],
      ['"[…]"', ' […]'],
    ])('removes a repeated lead that ends in %s', (_name, mark) => {
      const cut = 'The harbour board will replace all forty tide gauges along the';
      const html = `<p>${cut}${mark}</p><p>${lead}</p>`;
      expect(summarize(cleanText(html), { maxLength: 280, title })).toBe(lead);
      const after = `<p>${lead}</p><p>${cut}${mark}</p>`;
      expect(cleanText(after)).toBe(lead);
    });

    it('keeps a cut lead that repeats nothing, and one of two identical cut leads', () => {
      expect(cleanText('<p>The harbour board will replace all forty tide gauges along the...</p>')).toBe(
        'The harbour board will replace all forty tide gauges along the...',
      );
      expect(cleanText('<p>The harbour board will replace all forty gauges…</p><p>The harbour board will replace all forty gauges…</p>')).toBe(
        'The harbour board will replace all forty gauges…',
      );
    });

    it('decodes a double-encoded description once', () => {
      const text = cleanText('&lt;p&gt;The harbour board met &amp;amp; agreed.&lt;/p&gt;&lt;p&gt;Work starts in May.&lt;/p&gt;');
      expect(text).toBe('The harbour board met & agreed.\n\nWork starts in May.');
      expect(summarize(text, { maxLength: 280 })).toBe('The harbour board met & agreed. Work starts in May.');
    });

    it('leaves plain text that mentions an escaped tag alone', () => {
      expect(cleanText('Use &amp;lt;b&amp;gt; for bold')).toBe('Use &lt;b&gt; for bold');
    });
  });
});

describe('summaries of normalized items', () => {
  it('a description that only repeats the headline takes the summary from the content', () => {
    const title = 'Tide gauge network to be replaced after storm damage';
    const [item] = normalizeFeed(
      {
        format: 'rss',
        title: null,
        link: null,
        entries: [
          {
            guid: 'g1',
            link: 'https://estuary.example/gauges',
            title,
            summaryHtml: `<p>${title}</p>`,
            contentHtml: `<p>${title}</p><p>The harbour board will replace all forty tide gauges by spring.</p>`,
            published: null,
            categories: [],
            author: null,
            image: null,
          },
        ],
      },
      { id: 'estuary', url: 'https://estuary.example/rss', name: null },
      { summaryLength: 280, maxItems: 10 },
    );
    expect(item?.summary).toBe('The harbour board will replace all forty tide gauges by spring.');
  });
});
