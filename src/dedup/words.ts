// Word folding for near-duplicate detection. Outlets that carry one wire story differ in case,
// accents ("Zelenskyy"/"Zelenskýy"), quote styles, hyphenation ("Kim Jong-un"/"Kim Jong Un"),
// the outlet's name glued to the headline and "3 hours ago" stamps; none of that is the story.

import { foldAccents } from '../text/fold.ts';

// Function words carry no identity in a headline and make unrelated short titles look alike.
const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by for from has have had he her his in into is it its of on or ' +
    'over s says said she so than that the their them they this to up was were what when where which ' +
    'who will with after before about new'
  ).split(' '),
);

/** Lower-case words without accents, apostrophes or punctuation, in reading order. */
export function foldWords(text: string): string[] {
  return foldAccents(text)
    .replace(/['’ʼ`]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

export function withoutStopwords(words: readonly string[]): string[] {
  return words.filter((word) => !STOPWORDS.has(word));
}

// "Headline - The Advertiser", "Headline | Reuters", "Headline — BBC News": a short trailing
// segment in Title Case after a spaced dash or bar is the outlet, not part of the headline. A
// lower-case word ("Putin - Kim summit talks") keeps the segment, as does a short remainder.
const OUTLET_SUFFIX = /\s+[-|–—·•]\s+((?:[\p{Lu}\p{N}][\p{L}\p{N}.&'’]*|of|the|and|on|de|&)(?:\s+(?:[\p{Lu}\p{N}][\p{L}\p{N}.&'’]*|of|the|and|on|de|&)){0,3})\s*$/u;
const MIN_WORDS_LEFT = 3;

// Labels some outlets put before the headline; the same story without them is the same story.
const LABEL_PREFIX = /^\s*(?:breaking(?: news)?|updated?|watch|video|live|exclusive|just in|developing)\s*[:|–—-]\s*/iu;

/** The headline as the story's own text: outlet suffixes and breaking-news labels removed. */
function headlineText(title: string): string {
  let headline = title.replace(LABEL_PREFIX, '');
  for (;;) {
    const match = OUTLET_SUFFIX.exec(headline);
    if (!match) break;
    const rest = headline.slice(0, match.index);
    if (foldWords(rest).length < MIN_WORDS_LEFT) break;
    headline = rest;
  }
  return headline;
}

/** The headline as the story's own words: outlet suffixes and breaking-news labels removed. */
export function headlineWords(title: string): string[] {
  return foldWords(headlineText(title));
}

// A word with a digit, with what joins such words into one figure: "v201603", "3-1", "1,200",
// "12:30", "2024/25", "4.5%". "Covid-19" yields "19", as in every copy of the headline.
const NUMBER = /[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*(?:[-–:.,/][\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*)*/gu;

/** The numbers, versions, scores and dates of the headline, folded ("V201603" = "v201603"). */
export function headlineNumbers(title: string): string[] {
  return [...headlineText(title).normalize('NFKC').toLowerCase().replace(/–/gu, '-').matchAll(NUMBER)].map((match) => match[0]);
}

// Aggregators stamp each copy with its age; a copy fetched an hour later must still match.
const RELATIVE_TIME = /\b(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?)\s+ago\b/giu;

/** The first words of the item's lead: the summary, or the start of the text when there is none. */
export function leadWords(summary: string, text: string, limit: number): string[] {
  const lead = summary.trim() !== '' ? summary : text;
  return foldWords(lead.replace(RELATIVE_TIME, ' ')).slice(0, limit);
}

/** Contiguous word n-grams (the words themselves when there are fewer than n). */
export function shingles(words: readonly string[], n: number): string[] {
  if (words.length <= n) return words.length === 0 ? [] : [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}
