// The lead of an item: its first whole sentences up to a length, for a reader who gives an
// alert two seconds. Lengths are UTF-16 units, the unit Slack and Discord count in.
import { foldForCompare } from './fold.ts';
import { ELLIPSIS, truncate } from './truncate.ts';

export interface SummaryOptions {
  maxLength: number;
  /** The item's title: a lead that only repeats it is left out. */
  title?: string;
}

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

// A line ending like this finished its sentence, so the lead may go on into the next line.
const ENDS_SENTENCE = /[.!?。！？]["'”’)\]」』]*$/u;

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

  const lead = leadSentences(lines, limit) || truncate(lines[0]!, limit);
  const leadKey = foldForCompare(lead);
  if (leadKey === '' || leadKey === titleKey) return '';
  return lead;
}
