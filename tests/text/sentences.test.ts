import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/text/sentences.ts';

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
});
