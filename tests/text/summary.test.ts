import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/text/clean.ts';
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
});
