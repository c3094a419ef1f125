// Sentence splitting that knows abbreviations and initials. Intl.Segmenter (ICU) ends a sentence
// at every "letter, full stop, space, capital", so "President George W. Bush" and "St. Louis"
// break in two and a summary cut there reads "... President George W.". ICU's own abbreviation
// suppressions are not exposed by V8, so the segments are joined again here where the full stop
// belongs to an abbreviation rather than to the sentence.
import { sentenceSegments } from './sentence-breaks.ts';

/**
 * Abbreviations that are never the last word of a sentence: titles and ranks before a name,
 * "St." and "Mt." before a place. Compared case-insensitively without the full stop.
 */
const BEFORE_NAME: ReadonlySet<string> = new Set(
  (
    'mr mrs ms mx dr prof sr jr st mt ft gen col lt maj sgt cpl capt cmdr adm gov sen rep rev hon pres supt insp det ' +
    'fr msgr atty amb sec treas'
  ).split(' '),
);

/** Abbreviations that are not the end of a sentence when a number follows ("No. 10", "Sept. 11", "Fig. 3"). */
const BEFORE_NUMBER: ReadonlySet<string> = new Set(
  'no nos vol art fig p pp jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);

// "W." and "U.S." and "p.m.": a single letter before the stop, right after a space, an opening
// bracket or another such letter-and-stop; closing quotes and brackets may follow the stop.
const INITIAL = /(?:^|[\s("'“‘[]|\p{L}\.)\p{L}\.$/u;
const LAST_WORD = /(\p{L}+)\.$/u;
const CLOSERS: ReadonlySet<number> = new Set([...`"'”’)]`].map((char) => char.charCodeAt(0)));
// The patterns above are anchored at the end, but V8 tries them from every position, and on
// long sentences that cost more than finding the sentences (issue 20). So they read only the
// last TAIL units before the closers: more than an initial with what precedes it (6 units) and
// than a listed word with its stop, so a word cut by the tail is too long to be listed.
const TAIL = 16;

function joinsNext(segment: string, next: string): boolean {
  const end = segment.trimEnd();
  let stop = end.length;
  while (stop > 0 && CLOSERS.has(end.charCodeAt(stop - 1))) stop -= 1;
  const tail = end.slice(Math.max(0, stop - TAIL), stop);
  if (INITIAL.test(tail)) return true;
  // An abbreviation is a word right before the final stop, with no closer after it.
  if (stop < end.length) return false;
  const word = LAST_WORD.exec(tail)?.[1]?.toLowerCase();
  if (word === undefined) return false;
  if (BEFORE_NAME.has(word)) return true;
  return BEFORE_NUMBER.has(word) && /^\s*\d/u.test(next);
}

/**
 * The sentences of `text` in order, each with the whitespace that followed it, so that joining
 * them gives `text` back. A sentence never ends at an initial or a listed abbreviation.
 */
export function splitSentences(text: string): string[] {
  const segments = sentenceSegments(text);
  const sentences: string[] = [];
  let current = '';
  segments.forEach((segment, i) => {
    current += segment;
    const next = segments[i + 1];
    if (next !== undefined && joinsNext(segment, next)) return;
    sentences.push(current);
    current = '';
  });
  if (current !== '') sentences.push(current);
  return sentences;
}
