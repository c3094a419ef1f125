import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/types.ts';
import { foldForCompare } from '../../src/text/fold.ts';
import { alertOutlets, listNames } from '../../src/text/outlets.ts';
import { relativeTime } from '../../src/text/relative-time.ts';
import { safeHttpUrl } from '../../src/text/safe-url.ts';
import { singleSpaced, stripUnsafeCharacters } from '../../src/text/sanitize.ts';
import { fillTemplate } from '../../src/text/template.ts';
import { fitEscaped, truncate } from '../../src/text/truncate.ts';

describe('fillTemplate', () => {
  it.each([
    ['fills known placeholders', '{title} ({source})', { title: 'T', source: 'S' }, 'T (S)'],
    ['leaves unknown placeholders visible', '{title} {colour}', { title: 'T' }, 'T {colour}'],
    ['does not expand placeholders inside values', '{title}', { title: '{summary}', summary: 'no' }, '{summary}'],
    ['fills a placeholder used twice', '{link} {link}', { link: 'L' }, 'L L'],
    ['ignores inherited names', '{toString}', {}, '{toString}'],
  ])('%s', (_name, template, fields, expected) => {
    expect(fillTemplate(template, fields)).toBe(expected);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2025-05-09T12:00:00Z');
  it.each([
    ['2025-05-09T11:59:30Z', 'just now'],
    ['2025-05-09T11:58:00Z', '2 minutes ago'],
    ['2025-05-09T09:00:00Z', '3 hours ago'],
    ['2025-05-07T12:00:00Z', '2 days ago'],
    ['2025-04-20T12:00:00Z', '2 weeks ago'],
    ['2024-01-01T00:00:00Z', '1 year ago'],
    ['2025-05-10T12:00:00Z', 'just now'],
    ['not a date', ''],
    [null, ''],
  ])('%s -> %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://news.example/a?b=1', 'https://news.example/a?b=1'],
    ['  http://News.Example/a b  ', 'http://news.example/a%20b'],
    ['javascript:alert(1)', null],
    ['data:text/html,hi', null],
    ['https://bank.example@evil.example/', null],
    ['/relative/path', null],
    [`https://news.example/${'a'.repeat(3000)}`, null],
    [null, null],
  ])('%s', (raw, expected) => {
    expect(safeHttpUrl(raw)).toBe(expected);
  });
});

describe('truncate and fitEscaped', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('short', 5)).toBe('short');
  });

  it('cuts a single giant token between graphemes when no word boundary fits', () => {
    expect(truncate('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('cuts plain words and spaces where the word segmenter does', () => {
    // A link in the text sends truncate to the segmenter; one past the cut changes nothing else.
    const words = fc.array(fc.stringMatching(/^[A-Za-z0-9.,;'!?-]{1,14}$/u), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(words, fc.constantFrom(' ', '  ', ' - '), fc.integer({ min: 2, max: 300 }), (list, gap, maxLength) => {
        const text = list.join(gap);
        fc.pre(text.length > maxLength);
        expect(truncate(text, maxLength)).toBe(truncate(`${text} www.orchard.test/more`, maxLength));
      }),
      { numRuns: 500 },
    );
  });

  it('fits escaped text without splitting an escape', () => {
    const escape = (raw: string): string => raw.replace(/&/gu, '&amp;');
    const out = fitEscaped('a & b & c & d & e & f', 16, escape);
    expect(out.length).toBeLessThanOrEqual(16);
    expect(out).not.toMatch(/&(?!amp;)/u);
    expect(out).toBe('a &amp; b…');
  });
});

describe('outlets', () => {
  it('lists names within a length, counting the rest', () => {
    expect(listNames(['Alpha', 'Beta', 'Gamma'], 100)).toBe('Alpha, Beta, Gamma');
    expect(listNames(['Alpha', 'Beta', 'Gamma'], 17)).toBe('Alpha and 2 more');
    expect(listNames(['Alpha'], 3)).toBe('');
  });

  it("falls back to the item's own source when a story lists none", () => {
    const alert = { sources: [], item: { sourceName: 'Coast Courier', url: 'https://c.example/1' } } as unknown as Alert;
    expect(alertOutlets(alert)).toEqual([{ name: 'Coast Courier', url: 'https://c.example/1' }]);
  });
});

describe('foldForCompare', () => {
  const unicodeRules = (text: string) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, ' ')
      .trim();

  it('folds case, punctuation, width and spacing', () => {
    expect(foldForCompare('  Kim’s  “Visit”—ＮＯＷ! ')).toBe(foldForCompare("kim's visit now"));
  });

  it('folds ASCII text (its fast path) exactly as the Unicode rules do', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 80 });
    fc.assert(fc.property(ascii, (text) => foldForCompare(text) === unicodeRules(text)), { numRuns: 2000 });
    expect(foldForCompare('A\x1fB \x0b C_D~[e]')).toBe('a\x1fb c d e');
  });

  it('folds mixed text exactly as the Unicode rules do', () => {
    // ASCII with the punctuation, symbols and spaces of other blocks, letters and digits of other
    // scripts, marks, astral symbols and lone surrogates.
    const other = fc.constantFrom(...'“”‘’«»—–…·•€£©™\u00a0\u2009\u3000\u2028、。！？éÉßİﬁ①٣\u0301😀\ud800\udc00');
    const mixed = fc.array(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 4 }), other, fc.string({ unit: 'binary', maxLength: 2 })), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(fc.property(mixed, (text) => foldForCompare(text) === unicodeRules(text)), { numRuns: 3000 });
    expect(foldForCompare('Kim’s “Visit” — ①, ＮＯＷ…')).toBe('kim s visit 1 now');
  });
});

describe('singleSpaced', () => {
  it('makes every whitespace run one space and trims, as one replace of all runs does', () => {
    const pieces = fc.constantFrom(...' \t\n\v\f\r\u00a0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u200bax.');
    const text = fc.array(pieces, { maxLength: 40 }).map((list) => list.join(''));
    fc.assert(fc.property(text, (sample) => singleSpaced(sample) === sample.replace(/\s+/gu, ' ').trim()), { numRuns: 3000 });
  });
});

describe('stripUnsafeCharacters', () => {
  it('drops lone surrogate halves and keeps pairs, with or without other characters beyond the BMP', () => {
    const pieces = fc.constantFrom('\ud83d', '\ude00', '😀', '𝐀', 'a', ' ', 'é');
    const text = fc.array(pieces, { maxLength: 20 }).map((list) => list.join(''));
    fc.assert(fc.property(text, (sample) => stripUnsafeCharacters(sample) === sample.replace(/[\uD800-\uDFFF]/gu, '')), { numRuns: 2000 });
    expect(stripUnsafeCharacters('a\ud83d b')).toBe('a b');
  });
});
