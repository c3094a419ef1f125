// Folding: the one place that turns text into searchable words, used for items and queries
// alike so both sides always agree. Case, accents, punctuation and hyphens fold away
// ("Kim Jong-un" -> kim jong un), a trailing apostrophe-s drops ("Korea's" -> korea), and a
// light plural stripper joins missile/missiles. Words keep their character span in the source
// text so explanations can point at what matched.

import { foldAccents } from '../text/fold.ts';

export interface Token {
  /** Folded, before plural stripping: what `prefix*` terms compare against. */
  raw: string;
  /** Folded and plural-stripped: what words and phrases compare against. */
  stem: string;
  /** Span in the original string (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
}

// A word is a run of letters, digits and combining marks, optionally joined by apostrophes
// ("Korea's", "O'Brien"); everything else, hyphens included, separates words.
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/u;
const APOSTROPHE_S = /['’]s$/;
const APOSTROPHES = /['’]/g;
const LOWER_ASCII_WORD = /^[a-z]+$/;

// No stemmer is installed and a full Porter/Snowball stemmer overreaches for alert queries
// ("news" -> "new", "police" -> "polic" while "policy" -> "polici" diverge). People expect
// singular and plural to be the same word and little else, so only plural endings are folded.
// Words too short to be a plural ("gas", "its", "bus") and a few invariant nouns stay as they are.
const INVARIANT = new Set(['news', 'series', 'species', 'always', 'perhaps', 'whereas']);

export function stem(word: string): string {
  if (word.length < 4 || !LOWER_ASCII_WORD.test(word) || INVARIANT.has(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Folds one word as found by WORD; may yield several pieces when NFKD exposes separators ("½" -> 1, 2). */
function foldWord(word: string): string[] {
  const folded = foldAccents(word).replace(APOSTROPHE_S, '').replace(APOSTROPHES, '');
  if (folded === '') return [];
  return NOT_ALNUM.test(folded) ? folded.split(NOT_ALNUM).filter((piece) => piece !== '') : [folded];
}

/** Splits text into folded words with their spans. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // exec on the shared regex: matchAll clones it per call, which recompiles the Unicode classes.
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    for (const raw of foldWord(match[0])) tokens.push({ raw, stem: stem(raw), start, end });
  }
  return tokens;
}
