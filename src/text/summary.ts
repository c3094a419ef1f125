// The lead of an item: its first whole sentences up to a length, for a reader who gives an
// alert two seconds. Lengths are UTF-16 units, the unit Slack and Discord count in.
import { foldForCompare } from './fold.ts';
import { sliceWhole } from './sanitize.ts';

export interface SummaryOptions {
  maxLength: number;
  /** The item's title: a lead that only repeats it is left out. */
  title?: string;
}

const ELLIPSIS = '…';
const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
// A line ending like this finished its sentence, so the lead may go on into the next line.
const ENDS_SENTENCE = /[.!?。！？]["'”’)\]」』]*$/u;
// Left dangling before an ellipsis these read as noise: "the war in Ukraine, …".
const DANGLING = /[\s,;:\-–—([{"'“‘«「『]+$/u;

function urlSpans(text: string): [number, number][] {
  return [...text.matchAll(URL_PATTERN)].map((match) => [match.index, match.index + match[0].length]);
}

function insideUrl(position: number, spans: [number, number][]): boolean {
  return spans.some(([start, end]) => position > start && position < end);
}

/**
 * The end of the longest prefix within `budget` that ends between words: preferably at a
 * space, else at a word-segmenter boundary (text without spaces), else, for one giant token,
 * between graphemes. Never inside a URL.
 */
function cutPoint(text: string, budget: number): number {
  const spans = urlSpans(text);
  let atSpace = 0;
  let atWord = 0;
  for (const { segment, index } of wordSegmenter.segment(text)) {
    if (index > budget) break;
    if (index > 0 && !insideUrl(index, spans)) {
      atWord = index;
      if (/^\s/u.test(segment) || /\s/u.test(text.charAt(index - 1))) atSpace = index;
    }
  }
  if (atSpace > 0 && (atSpace >= budget / 2 || atWord === atSpace)) return atSpace;
  if (atWord > 0) return atWord;
  let atGrapheme = 0;
  for (const { segment, index } of graphemeSegmenter.segment(text)) {
    if (index + segment.length > budget) break;
    if (!insideUrl(index + segment.length, spans)) atGrapheme = index + segment.length;
  }
  return atGrapheme;
}

function cutAtWord(text: string, limit: number): string {
  const window = sliceWhole(text, limit + 1024);
  const kept = window.slice(0, cutPoint(window, limit - ELLIPSIS.length)).replace(DANGLING, '');
  return kept === '' ? '' : kept + ELLIPSIS;
}

/** Whole sentences from the start, across lines only while each line ends its sentence. */
function leadSentences(lines: string[], limit: number): string {
  let lead = '';
  for (const line of lines) {
    let candidate = lead === '' ? '' : `${lead} `;
    for (const { segment } of sentenceSegmenter.segment(line)) {
      candidate += segment;
      if (candidate.trimEnd().length > limit) return lead;
      lead = candidate.trimEnd();
    }
    // A standfirst without a full stop is a lead of its own; gluing the next line on would
    // make one run-on sentence.
    if (!ENDS_SENTENCE.test(line)) break;
  }
  return lead;
}

/**
 * The lead of cleaned text, at most `maxLength` characters: whole sentences when at least one
 * fits, else cut between words with an ellipsis. '' when empty or when it only repeats the title.
 */
export function summarize(text: string, options: SummaryOptions): string {
  const limit = Math.floor(options.maxLength);
  if (!(limit > ELLIPSIS.length)) return '';
  const titleKey = options.title === undefined ? '' : foldForCompare(options.title);
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/gu, ' ').trim())
    .filter((line) => line !== '');
  // Pages often open with their own headline; the lead is what follows it.
  while (lines.length > 0 && titleKey !== '' && foldForCompare(lines[0]!) === titleKey) lines.shift();
  if (lines.length === 0) return '';

  const lead = leadSentences(lines, limit) || cutAtWord(lines[0]!, limit);
  const leadKey = foldForCompare(lead);
  if (leadKey === '' || leadKey === titleKey) return '';
  return lead;
}
