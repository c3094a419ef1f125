import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentenceSegments } from '../../src/text/sentence-breaks.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const icu = new Intl.Segmenter('en', { granularity: 'sentence' });
const icuSegments = (text: string): string[] => Array.from(icu.segment(text), ({ segment }) => segment);

// Pieces that meet every sentence-break rule: terminators, closers, spaces, paragraph breaks,
// continuations, letters of both cases, digits, and the abbreviations feeds are full of.
const PIECES = [
  ...'.!?,;:-"\'()[]{}',
  ' ', ' ', '\t', '\n', '\r', '\r\n', '\v', '\f',
  ...'0123456789', ...'aAbBeEzZ',
  'U.S.', 'Dr.', 'e.g.', 'No. 10', '...', 'p.m.', 'the', 'Then', '#', '%', '\u0000',
];
const stressText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));
const anyAscii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 60 });

describe('splitSentences', () => {
  it.each([
    ['an initial inside a name', 'President Harold W. Penning signed the order. Crews left at dawn.', ['President Harold W. Penning signed the order. ', 'Crews left at dawn.']],
    ['a title before a name', 'Dr. Ilsa Morrow spoke first. Mr. Teague answered.', ['Dr. Ilsa Morrow spoke first. ', 'Mr. Teague answered.']],
    ['a saint before a place', 'Volunteers shut down the St. Brennan ferry line. It reopens Monday.', ['Volunteers shut down the St. Brennan ferry line. ', 'It reopens Monday.']],
    ['dotted initials', 'The U.K. Coastguard and the U.N. Maritime office agreed. Talks end today.', ['The U.K. Coastguard and the U.N. Maritime office agreed. ', 'Talks end today.']],
    ['a chain of initials', 'A. B. Carrow wrote the report. It is long.', ['A. B. Carrow wrote the report. ', 'It is long.']],
    ['a month before a day', 'The vote is on Sept. 14 this year. Polls open early.', ['The vote is on Sept. 14 this year. ', 'Polls open early.']],
    ['an ordinary sentence end before a capital', 'The harbour reopened. Ferries sailed.', ['The harbour reopened. ', 'Ferries sailed.']],
    ['a word from the number list at a real end', 'Voters said no. Then they left.', ['Voters said no. ', 'Then they left.']],
  ])('%s', (_name, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
    expect(splitSentences(text).join('')).toBe(text);
  });

  it('empty text has no sentences', () => {
    expect(splitSentences('')).toEqual([]);
  });

  it('joins segments at initials and abbreviations as the whole-segment patterns did', () => {
    // The joining rules as first written, run on whole segments: the tail they now read must
    // decide the same (issue 20).
    const beforeName = new Set(['mr', 'dr', 'st', 'treas', 'msgr']);
    const beforeNumber = new Set(['no', 'p', 'sept']);
    const joinsNext = (segment: string, next: string): boolean => {
      const end = segment.trimEnd();
      if (/(?:^|[\s("'“‘[]|\p{L}\.)\p{L}\.["'”’)\]]*$/u.test(end)) return true;
      const word = /(\p{L}+)\.$/u.exec(end)?.[1]?.toLowerCase();
      if (word === undefined) return false;
      return beforeName.has(word) || (beforeNumber.has(word) && /^\s*\d/u.test(next));
    };
    // Each segment joins the sentence before it when the segment before it says so.
    const reference = (text: string): string[] =>
      icuSegments(text).reduce<string[]>((sentences, segment, i, segments) => {
        if (i > 0 && joinsNext(segments[i - 1]!, segment)) sentences[sentences.length - 1] += segment;
        else sentences.push(segment);
        return sentences;
      }, []);
    const pieces = [
      ...['Dr.', 'DR.', 'St.', 'Treas.', 'Msgr.', 'No.', 'p.', 'Sept.', 'U.S.', 'W.', 'é.', '𝐀.', 'a𝐀.'],
      ...['xtreas.', 'Overtreas.', 'longwordbeforemsgr.', 'abcdefghijklmno.', 'abcdefghijklmnodr.', '𝐀bcdefghijklmnodr.'],
      ...[' ', '  ', '\n', ' 10', ' 3', ' The', ' the', 'Ferries sailed', '.', '!', '?', '...', '…'],
      ...['"', "'", '”', '’', ')', ']', '(', '“', '‘', '[', ')))))))))))))))))'],
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((list) => list.join(''));
    fc.assert(
      fc.property(text, (sample) => {
        expect(splitSentences(sample)).toEqual(reference(sample));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives text back when the sentences are joined', () => {
    fc.assert(fc.property(fc.oneof(stressText, fc.string()), (text) => splitSentences(text).join('') === text), { numRuns: 500 });
  });
});

describe('sentenceSegments', () => {
  it('splits ASCII text (its fast path) exactly where the ICU segmenter does', () => {
    fc.assert(
      fc.property(fc.oneof(stressText, anyAscii), (text) => {
        expect(sentenceSegments(text)).toEqual(icuSegments(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['SB6, a number after a full stop', 'Up 3.5 points.'],
    ['SB7, a capital after a letter and a full stop', 'The U.S.A. Team won.'],
    ['SB8, a lower-case word after the full stop', 'He left, etc. (and) then came back. Then not.'],
    ['SB8a, a comma or semicolon after the stop', 'Wait!, she said. Stop?; he asked.'],
    ['SB9 and SB10, closers and spaces stay with the sentence', 'It rose. ("Again!") \t  Next.'],
    ['SB4, line breaks', 'One\r\nTwo\rThree\n\nFour.'],
  ])('splits %s as the segmenter does', (_name, text) => {
    expect(sentenceSegments(text)).toEqual(icuSegments(text));
  });

  it('hands non-ASCII text to the segmenter', () => {
    const text = 'Zelenskyy a parlé. «Non!» Après…\u2029Fin.';
    expect(sentenceSegments(text)).toEqual(icuSegments(text));
    expect(sentenceSegments(text).length).toBeGreaterThan(2);
  });
});
