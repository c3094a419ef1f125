// The lead of an item: its first whole sentences up to a length, for a reader who gives an
// alert two seconds. Lengths are UTF-16 units, the unit Slack and Discord count in.
import { foldForCompare } from './fold.ts';
import { singleSpaced } from './sanitize.ts';
import { splitSentences } from './sentences.ts';
import { ELLIPSIS, truncate } from './truncate.ts';

export interface SummaryOptions {
  maxLength: number;
  /** The item's title: a lead that only repeats it, or opens by repeating it, is left without it. */
  title?: string;
}

// Enough text after the limit to see whether the next sentence starts with a number ("No. 10").
const LOOKAHEAD = 64;

// A line ending like this finished its sentence, so the lead may go on into the next line.
const ENDS_SENTENCE = /[.!?。！？]["'”’)\]」』]*$/u;

// "Headline | Outlet", "Headline - Outlet": the lead may repeat the headline without the outlet.
const OUTLET_SUFFIX = /\s+[-|–—·•]\s+[^-|–—·•]{1,60}$/u;
// What may separate a repeated headline from the lead that follows it.
const AFTER_HEADLINE = /^[\s.:;,!?|–—-]+/u;

/** Whole sentences from the start, across lines only while each line ends its sentence. */
function leadSentences(lines: Iterable<string>, limit: number): string {
  let lead = '';
  for (const line of lines) {
    let candidate = lead === '' ? '' : `${lead} `;
    // Past the limit no sentence can be kept, so a long paragraph is not split further.
    for (const sentence of splitSentences(line.slice(0, limit + LOOKAHEAD))) {
      candidate += sentence;
      if (candidate.trimEnd().length > limit) return lead;
      lead = candidate.trimEnd();
    }
    // A standfirst without a full stop is a lead of its own; gluing the next line on would
    // make one run-on sentence.
    if (!ENDS_SENTENCE.test(line)) break;
  }
  return lead;
}

/** The folded forms of the title a lead may open with: whole, and without an outlet suffix. */
function titleKeys(title: string | undefined): string[] {
  if (title === undefined) return [];
  const keys = [foldForCompare(title), foldForCompare(title.replace(OUTLET_SUFFIX, ''))];
  return [...new Set(keys)].filter((key) => key !== '');
}

/**
 * The line without a headline it opens with ("Headline. Lead ..." as many feeds write their
 * descriptions): the shortest prefix, ending between words, whose folded form is a title key.
 */
function withoutLeadingTitle(line: string, keys: string[]): string {
  const folded = foldForCompare(line);
  const key = keys.find((candidate) => folded === candidate || folded.startsWith(`${candidate} `));
  if (key === undefined) return line;
  for (let end = 1; end <= line.length; end++) {
    if (end < line.length && !/[\s\p{P}]/u.test(line.charAt(end))) continue;
    const prefix = foldForCompare(line.slice(0, end));
    if (prefix.length > key.length) break;
    if (prefix !== key) continue;
    const rest = line.slice(end);
    // "Headline. Lead", "Headline: Lead", "Headline The lead": the headline stands apart. A
    // lower-case continuation ("Tide gauges fail" + " after the storm") is the lead's own sentence.
    if (AFTER_HEADLINE.exec(rest)?.[0].trim() || !/^\s*\p{Ll}/u.test(rest)) return rest.replace(AFTER_HEADLINE, '');
    return line;
  }
  return line;
}

/**
 * The lead of cleaned text, at most `maxLength` characters: whole sentences when at least one
 * fits, else the first sentence cut between words with an ellipsis. A headline the text opens
 * with is left out; '' only when the text is empty or says nothing but the title.
 */
export function summarize(text: string, options: SummaryOptions): string {
  const limit = Math.floor(options.maxLength);
  if (!(limit > ELLIPSIS.length)) return '';
  const keys = titleKeys(options.title);
  // Lines are tidied as they are read: a lead needs the first few of an article's many.
  const lines = tidyLines(text);
  let first = lines.next();
  // Pages and descriptions often open with their own headline; the lead is what follows it.
  while (!first.done) {
    const rest = withoutLeadingTitle(first.value, keys);
    if (rest === first.value) break;
    first = rest === '' ? lines.next() : { done: false, value: rest };
  }
  if (first.done) return '';
  return leadSentences(prepend(first.value, lines), limit) || truncate(first.value, limit);
}

/** The non-blank lines of `text`, each with its whitespace runs made single spaces. */
function* tidyLines(text: string): Generator<string, undefined> {
  for (const line of text.split('\n')) {
    const tidy = singleSpaced(line);
    if (tidy !== '') yield tidy;
  }
  return undefined;
}

function* prepend(first: string, rest: Iterator<string>): Generator<string> {
  yield first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
